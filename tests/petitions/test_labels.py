"""What a person reads on petitions' pages, exports and API: Chinese labels
for every stage, choice and state, never a code; required inputs marked, and
filled in where the record already knows them."""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

import pytest
from openpyxl import load_workbook

from fazhi.petitions import workflow as wf
from fazhi.petitions.models import ReceptionDuty

from .conftest import Leaders

pytestmark = pytest.mark.django_db
D = dt.date


def _label_marked(html: str, label: str) -> bool:
    """The form label `label` carries the red asterisk."""
    return (
        re.search(rf">{re.escape(label)} <span class=\"text-danger\">\*</span></label>", html)
        is not None
    )


def test_step_forms_mark_what_the_workflow_requires(
    register: Any, leaders: Leaders, world: Any
) -> None:
    p = register(category="claim", title="承包地被占用")
    c = world.client(leaders.clerk)
    html = c.get(f"/petitions/{p.pk}/").content.decode()
    assert _label_marked(html, "受理日期")
    assert _label_marked(html, "有权处理机关") and not _label_marked(html, "说明")
    p = wf.accept(p, by=leaders.clerk, on=D(2024, 9, 25))
    html = c.get(f"/petitions/{p.pk}/").content.decode()
    # 《信访工作条例》第三十二条: a claim's opinion states all four parts.
    for label in ("答复日期", "信访请求", "事实和理由", "处理意见", "法律政策依据"):
        assert _label_marked(html, label), label
    assert not _label_marked(html, "送达日期")
    # The request is on record: the petition's subject.
    reply = html.split('data-testid="step-reply"', 1)[1].split("</form>", 1)[0]
    assert "承包地被占用</textarea>" in reply
    suggestion = wf.accept(
        register(category="suggestion", title="建议增设路灯"), by=leaders.clerk, on=D(2024, 9, 25)
    )
    html = c.get(f"/petitions/{suggestion.pk}/").content.decode()
    assert _label_marked(html, "事实和理由") and not _label_marked(html, "法律政策依据")


def test_review_request_names_the_organ_one_level_up(
    register: Any, leaders: Leaders, world: Any
) -> None:
    p = wf.accept(register(), by=leaders.clerk, on=D(2024, 9, 25))
    p = wf.reply(
        p,
        by=leaders.clerk,
        on=D(2024, 10, 18),
        request="请",
        facts="查",
        outcome="support",
        basis="法",
        served_on=D(2024, 10, 19),
    )
    html = world.client(leaders.clerk).get(f"/petitions/{p.pk}/").content.decode()
    form = html.split('data-testid="step-review_request"', 1)[1].split("</form>", 1)[0]
    assert 'value="蓝山县人民政府"' in form


def test_leader_page_shows_the_clock_state_by_its_label(
    register: Any, leaders: Leaders, world: Any
) -> None:
    p = wf.accept(register(), by=leaders.clerk, on=D(2024, 9, 25))
    wf.assign(
        p,
        by=leaders.clerk,
        responsible_unit=world.village,
        is_key_case=True,
        owner_leader=leaders.head,
    )
    html = (
        world.client(world.colleague).get(f"/petitions/leaders/{leaders.head.pk}/").content.decode()
    )
    table = html.split('data-testid="key-cases"', 1)[1].split("</table>", 1)[0]
    assert p.number in table and "已超期" in table and "overdue" not in table


def test_api_gives_every_choice_with_its_label(register: Any, leaders: Leaders, world: Any) -> None:
    p = wf.accept(register(channel="letter", category="claim"), by=leaders.clerk, on=D(2024, 9, 25))
    wf.assign(p, by=leaders.clerk, responsible_unit=world.village)
    data = world.client(leaders.clerk).get(f"/api/v1/petitions/{p.pk}/").json()
    assert data["channel_display"] == "来信" and data["category_display"] == "申诉求决类"
    assert data["source_display"] == "直接收到" and data["stage_display"] == "已受理（办理中）"
    assert data["responsible_level_display"] == "村（社区）"
    assert data["handling_state"] == "overdue" and data["handling_state_display"] == "已超期"
    duty = ReceptionDuty.objects.create(
        unit=world.township,
        leader=leaders.head,
        date=D(2024, 11, 5),
        place="接待室",
        slot="morning",
    )
    rota = world.client(leaders.clerk).get(f"/api/v1/petition-reception-duties/{duty.pk}/").json()
    assert rota["slot_display"] == "上午"


def _export(client: Any, url: str) -> list[dict[str, Any]]:
    rows = list(
        load_workbook(
            io.BytesIO(client.get(url, {"export": "xlsx", "reason": "办理需要"}).content)
        ).active.iter_rows(values_only=True)
    )
    return [dict(zip(rows[1], r, strict=False)) for r in rows[2:]]


def test_exports_write_yes_and_no_in_chinese(register: Any, leaders: Leaders, world: Any) -> None:
    first = register()
    again = register(received_on=D(2024, 10, 2))
    ReceptionDuty.objects.create(
        unit=world.township, leader=leaders.head, date=D(2024, 11, 5), place="接待室"
    )
    ReceptionDuty.objects.create(
        unit=world.township, leader=leaders.head, date=D(2024, 11, 6), place="内部", published=False
    )
    c = world.client(leaders.clerk)
    repeat = {r["编号"]: r["重复"] for r in _export(c, "/petitions/")}
    assert repeat == {first.number: "否", again.number: "是"}
    published = {r["接访地点"]: r["公开发布"] for r in _export(c, "/petitions/duties/")}
    assert published == {"接待室": "是", "内部": "否"}
