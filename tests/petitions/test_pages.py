"""Pages and API: forms for each step, documents, leaders, reception days,
outreach, public pages; bad input answered in Chinese naming the field."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from docx import Document as Docx

from fazhi.core import clocks, steps
from fazhi.core.models import Attachment
from fazhi.core.roles import Role
from fazhi.petitions import rules
from fazhi.petitions import workflow as wf
from fazhi.petitions.models import OutreachVisit, Petition, Reception, ReceptionDuty, Stage
from tests.factories import UserFactory, valid_id_number

from .conftest import Leaders, register_post

pytestmark = pytest.mark.django_db
D = dt.date


def test_register_page_creates_and_warns_of_a_repeat(leaders: Leaders, world: Any) -> None:
    client = world.client(leaders.clerk)
    assert client.get("/petitions/new/").status_code == 200
    response = client.post("/petitions/new/", register_post(unit=leaders.office.pk))
    p = Petition.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/petitions/{p.pk}/"
    response = client.post(
        "/petitions/new/", register_post(unit=leaders.office.pk, title="又来了"), follow=True
    )
    assert "重复信访" in response.content.decode()


def test_register_page_offers_today_as_the_date_received(leaders: Leaders, world: Any) -> None:
    """A matter is mostly registered the day it arrives: the form offers
    today (the server's local date), as the mediation forms do; on
    29 December it is 29 December, not blank."""
    from django.utils import timezone

    page = world.client(leaders.clerk).get("/petitions/new/").content.decode()
    today = timezone.localdate().isoformat()
    assert f'name="received_on" value="{today}"' in page


def test_the_same_person_registered_twice_the_same_day_is_marked_a_repeat(
    leaders: Leaders, world: Any
) -> None:
    """Issue 15: same name, ID number and subject through the intake form, the same day."""
    client = world.client(leaders.clerk)
    same = {
        "unit": leaders.office.pk,
        "received_on": "2026-12-03",
        "name": "盘新华",
        "id_number": valid_id_number(320),
        "title": "宅基地被占用",
        "content": "邻居建房占用我家宅基地约20平方米，请求乡政府调处。",
    }
    assert client.post("/petitions/new/", register_post(**same)).status_code == 302
    response = client.post("/petitions/new/", register_post(**same), follow=True)
    first, second = Petition.objects.order_by("pk")
    assert second.is_repeat and second.repeat_of == first
    assert "重复信访提示" in response.content.decode()
    # The same name and subject without the ID number, the matter in other words.
    response = client.post(
        "/petitions/new/",
        register_post(**{**same, "id_number": "", "content": "隔壁盖房占了他家宅基地，要求调处。"}),
        follow=True,
    )
    third = Petition.objects.order_by("pk").last()
    assert third is not None and third.is_repeat and "同名信访人" in third.repeat_reason
    ledger = client.get("/petitions/?is_repeat=true").content.decode()
    assert second.number in ledger and third.number in ledger and first.number not in ledger


def test_register_page_names_the_field_on_bad_input(leaders: Leaders, world: Any) -> None:
    client = world.client(leaders.clerk)
    response = client.post(
        "/petitions/new/", register_post(unit=leaders.office.pk, id_number="12345")
    )
    html = response.content.decode()
    assert (
        response.status_code == 200
        and "身份证号码应为18位" in html
        and "身份证号码：身份证号码" not in html
    )
    others = "\n".join(f"代表{i} 代表" for i in range(6))
    response = client.post(
        "/petitions/new/", register_post(unit=leaders.office.pk, others=others, group_size=40)
    )
    assert "不得超过5人" in response.content.decode()
    response = client.post(
        "/petitions/new/", register_post(unit=leaders.office.pk, source="transferred")
    )
    assert "转送交办机关" in response.content.decode()
    assert Petition.objects.count() == 0


def test_detail_shows_clocks_with_explanation_and_step_forms(
    register: Any, leaders: Leaders, world: Any
) -> None:
    p = register()
    html = world.client(leaders.clerk).get(f"/petitions/{p.pk}/").content.decode()
    assert "书面告知" in html and "计算说明" in html and "民法典第二百零三条" in html
    assert 'data-testid="step-accept"' in html and 'data-testid="step-reply"' not in html


def test_detail_page_reads_the_matter_once(register: Any, leaders: Leaders, world: Any) -> None:
    """The reason check (core.reasons) and the page share one read of the
    matter and its related rows: at 10^6 petitions each read of the matter
    spent ~11 ms planning its join of ten tables, and it was read twice."""
    p = register()
    for user, status in ((leaders.clerk, 200), (world.colleague, 200), (world.outsider, 404)):
        with CaptureQueriesContext(connection) as ctx:
            assert world.client(user).get(f"/petitions/{p.pk}/").status_code == status
        sql = [q["sql"] for q in ctx.captured_queries]
        matter = [
            q
            for q in sql
            if q.startswith('SELECT "petitions_petition"."id", "petitions_petition"."unit_id"')
        ]
        assert len(matter) == 1, (user.username, matter)
        petitioners = [q for q in sql if 'FROM "petitions_petitioner"' in q]
        assert len(petitioners) == (1 if status == 200 else 0), user.username


def test_step_forms_walk_a_petition_to_closing(register: Any, leaders: Leaders, world: Any) -> None:
    p = register()
    c = world.client(leaders.clerk)

    def post(step: str, version: int, **data: Any) -> Any:
        return c.post(
            f"/petitions/{p.pk}/step/{step}/",
            {"version": version, **{f"{step}-{k}": v for k, v in data.items()}},
        )

    assert post("accept", 1, on="2024-09-25").status_code == 302
    r = post(
        "assign",
        2,
        responsible_unit=world.village.pk,
        handler=world.village_cadre.pk,
        is_key_case="on",
        owner_leader=leaders.head.pk,
    )
    assert r.status_code == 302
    r = post(
        "extend",
        3,
        days=45,
        reason="复杂",
        approver=leaders.head.pk,
        on="2024-11-01",
        notice_on="2024-11-02",
    )
    assert r.status_code == 400 and "延长期限应为1至30日" in r.content.decode()
    r = post("reply", 3, on="2024-10-20", request="请求", facts="事实", outcome="support", basis="")
    assert r.status_code == 400 and "法律政策依据" in r.content.decode()
    r = post(
        "reply",
        3,
        on="2024-10-20",
        request="请求",
        facts="事实",
        outcome="support",
        basis="依据",
        served_on="2024-10-21",
    )
    assert r.status_code == 302
    assert post("close", 4, on="2024-11-25", resolved="on").status_code == 302
    assert post("rate", 5, rating="satisfied", on="2024-11-26").status_code == 302
    p.refresh_from_db()
    assert p.stage == Stage.CLOSED and p.satisfaction == "satisfied" and p.resolved
    assert list(p.stage_changes.values_list("to_stage", flat=True)) == [
        "registered",
        "accepted",
        "replied",
        "closed",
    ]


def test_handler_choices_are_the_township_s_case_workers(
    register: Any, leaders: Leaders, world: Any
) -> None:
    p = wf.accept(register(), by=leaders.clerk, on=D(2024, 9, 25))
    for role in (Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN, Role.COUNTY_SUPERVISOR):
        UserFactory(username=f"x-{role}", role=role, home_unit=world.township)
    html = world.client(leaders.clerk).get(f"/petitions/{p.pk}/").content.decode()
    handler_select = html.split('name="assign-handler"', 1)[1].split("</select>", 1)[0]
    assert world.village_cadre.display_name in handler_select
    assert leaders.clerk.display_name in handler_select
    for role in ("system_admin", "security_admin", "audit_admin", "county_supervisor"):
        assert f"x-{role}" not in handler_select
    admin = UserFactory(username="sysadmin2", role=Role.SYSTEM_ADMIN, home_unit=world.township)
    r = world.client(leaders.clerk).post(
        f"/petitions/{p.pk}/step/assign/",
        {
            "version": p.version,
            "assign-responsible_unit": world.village.pk,
            "assign-handler": admin.pk,
        },
    )
    assert r.status_code == 400 and "承办人" in r.content.decode()
    p.refresh_from_db()
    assert p.handler is None


def test_stale_step_form_is_refused_with_who_and_when(
    register: Any, leaders: Leaders, world: Any
) -> None:
    p = register()
    first = world.client(leaders.clerk)
    second = world.client(world.colleague)
    assert (
        first.post(
            f"/petitions/{p.pk}/edit/",
            {"title": "甲改", "content": "内容", "group_size": 1, "version": 1},
        ).status_code
        == 302
    )
    r = second.post(
        f"/petitions/{p.pk}/edit/",
        {"title": "乙改", "content": "内容", "group_size": 1, "version": 1},
    )
    assert r.status_code == 200 and "修改，请刷新后重新编辑" in r.content.decode()
    r = second.post(f"/petitions/{p.pk}/step/accept/", {"version": 1, "accept-on": "2024-09-25"})
    assert r.status_code == 400 and "请刷新" in r.content.decode()
    p.refresh_from_db()
    assert p.title == "甲改" and p.stage == Stage.REGISTERED


def test_notices_and_reply_are_docx(register: Any, leaders: Leaders, world: Any) -> None:
    p = wf.accept(register(), by=leaders.clerk, on=D(2024, 9, 25))
    p = wf.reply(
        p,
        by=leaders.clerk,
        on=D(2024, 10, 18),
        request="请求事项",
        facts="经查属实",
        outcome="support",
        basis="《农村土地承包法》",
    )
    c = world.client(leaders.clerk)
    for kind, words in (("accept", "依法受理"), ("reply", "法律政策依据")):
        r = c.get(f"/petitions/{p.pk}/document/{kind}/")
        assert r.status_code == 200
        text = "\n".join(par.text for par in Docx(io.BytesIO(r.content)).paragraphs)
        assert words in text and p.number in text
    assert c.get(f"/petitions/{p.pk}/document/decline/").status_code == 404
    assert (
        world.client(world.outsider).get(f"/petitions/{p.pk}/document/accept/").status_code == 404
    )


def _docx_text(content: bytes) -> list[str]:
    return [par.text for par in Docx(io.BytesIO(content)).paragraphs]


def test_letters_greet_the_petitioners_with_one_colon(
    register: Any, leaders: Leaders, world: Any
) -> None:
    """The template writes the colon after the addressee: the content must not add another."""
    people = [wf.PetitionerData("盘新华", valid_id_number(71))]
    p = wf.accept(register(petitioners=people), by=leaders.clerk, on=D(2024, 9, 25))
    p = wf.reply(
        p,
        by=leaders.clerk,
        on=D(2024, 10, 18),
        request="请",
        facts="查",
        outcome="support",
        basis="法",
    )
    c = world.client(leaders.clerk)
    for kind in ("accept", "reply"):
        text = _docx_text(c.get(f"/petitions/{p.pk}/document/{kind}/").content)
        assert "盘新华：" in text, text
        assert not any("：：" in line for line in text)
    objected = register(
        source="transferred", sending_body="蓝山县信访局", sending_ref="蓝信转〔2024〕5号"
    )
    objected = wf.object_transfer(objected, by=leaders.clerk, on=D(2024, 9, 23), reason="不属本乡")
    text = _docx_text(c.get(f"/petitions/{objected.pk}/document/objection/").content)
    assert "蓝山县信访局：" in text and not any("：：" in line for line in text)


def test_attachment_upload_and_scope(register: Any, leaders: Leaders, world: Any) -> None:
    p = register()
    c = world.client(leaders.clerk)
    c.post(
        f"/petitions/{p.pk}/upload/",
        {"file": SimpleUploadedFile("来信.pdf", b"%PDF-1.4 x", "application/pdf")},
    )
    att = Attachment.objects.get()
    assert c.get(f"/attachments/{att.pk}/").status_code == 200
    assert world.client(world.outsider).get(f"/attachments/{att.pk}/").status_code == 404


def test_leader_page_lists_key_cases_and_reception_days(
    register: Any, leaders: Leaders, world: Any
) -> None:
    p = wf.accept(register(), by=leaders.clerk, on=D(2024, 9, 25))
    wf.assign(
        p,
        by=leaders.clerk,
        responsible_unit=world.village,
        is_key_case=True,
        owner_leader=leaders.chair,
    )
    ReceptionDuty.objects.create(
        unit=world.township, leader=leaders.chair, date=D(2024, 10, 9), place="接待室"
    )
    c = world.client(world.colleague)
    assert "李桂兰" in c.get("/petitions/leaders/").content.decode()
    html = c.get(f"/petitions/leaders/{leaders.chair.pk}/").content.decode()
    assert p.number in html and "2024-10-09" in html
    assert (
        world.client(world.outsider).get(f"/petitions/leaders/{leaders.chair.pk}/").status_code
        == 404
    )


def test_reception_rota_published_on_the_public_page(leaders: Leaders, world: Any) -> None:
    c = world.client(world.colleague)
    r = c.post(
        "/petitions/duties/new/",
        {
            "unit": world.township.pk,
            "leader": leaders.secretary.pk,
            "date": "2026-12-02",
            "slot": "morning",
            "place": "乡政府接待室",
            "topic": "土地纠纷",
            "published": "on",
        },
    )
    assert r.status_code == 302
    ReceptionDuty.objects.create(
        unit=world.township, leader=leaders.head, date=D(2026, 12, 9), place="内部", published=False
    )
    from django.test import Client

    html = Client().get("/petitions/public/rota/").content.decode()
    assert "盘建国" in html and "乡政府接待室" in html and "内部" not in html
    assert c.get("/petitions/duties/").status_code == 200


def _pin_today(monkeypatch: Any, day: dt.date) -> None:
    # The workflow's date checks and the pages both ask core.steps for today.
    monkeypatch.setattr(steps, "today", lambda: day)


def _reception_post(leaders: Leaders, world: Any, **over: Any) -> dict[str, Any]:
    data = {
        "unit": world.township.pk,
        "leader": leaders.secretary.pk,
        "held_on": "2026-12-04",
        "visitor_count": 3,
        "summary": "接待来访群众",
    }
    data.update(over)
    return data


def test_a_reception_links_only_the_duty_of_its_own_day(
    leaders: Leaders, world: Any, monkeypatch: Any
) -> None:
    _pin_today(monkeypatch, D(2026, 12, 4))
    today = ReceptionDuty.objects.create(
        unit=world.township, leader=leaders.secretary, date=D(2026, 12, 4), place="接待室"
    )
    later = ReceptionDuty.objects.create(
        unit=world.township, leader=leaders.head, date=D(2026, 12, 9), place="接待室"
    )
    c = world.client(world.colleague)
    form = c.get("/petitions/receptions/new/").content.decode()
    duty_select = form.split('name="duty"', 1)[1].split("</select>", 1)[0]
    assert f'value="{today.pk}"' in duty_select and f'value="{later.pk}"' not in duty_select
    r = c.post("/petitions/receptions/new/", _reception_post(leaders, world, duty=later.pk))
    assert r.status_code == 200 and "接访日安排：" in r.content.decode()
    yesterday = ReceptionDuty.objects.create(
        unit=world.township, leader=leaders.head, date=D(2026, 12, 3), place="接待室"
    )
    r = c.post("/petitions/receptions/new/", _reception_post(leaders, world, duty=yesterday.pk))
    html = r.content.decode()
    assert r.status_code == 200 and "接访日安排：" in html and "不是同一天" in html
    r = c.post(
        "/petitions/receptions/new/",
        _reception_post(leaders, world, held_on="2026-12-09", duty=later.pk),
    )
    assert r.status_code == 200 and "不能晚于今天" in r.content.decode()
    assert not Reception.objects.exists()
    r = c.post("/petitions/receptions/new/", _reception_post(leaders, world, duty=today.pk))
    assert r.status_code == 302
    reception = Reception.objects.get()
    assert reception.duty == today
    html = c.get(f"/petitions/receptions/{reception.pk}/").content.decode()
    assert f'href="/petitions/duties/{today.pk}/"' in html
    # A petition registered from the reception starts from what it says.
    assert f"/petitions/new/?reception={reception.pk}" in html
    form = c.get(f"/petitions/new/?reception={reception.pk}").content.decode()
    assert 'value="2026-12-04"' in form and f'<option value="{reception.pk}" selected>' in form
    assert '<option value="visit" selected>' in form
    rota = c.get("/petitions/duties/").content.decode()
    assert rota.index("2026-12-09") < rota.index("2026-12-04")  # the coming days first
    # An edit cannot move it onto another day's duty either.
    r = c.post(
        f"/petitions/receptions/{reception.pk}/edit/",
        {**_reception_post(leaders, world, duty=yesterday.pk), "version": reception.version},
    )
    assert r.status_code == 200 and "不是同一天" in r.content.decode()
    reception.refresh_from_db()
    assert reception.duty == today


def test_api_refuses_a_reception_on_another_day_s_duty(
    leaders: Leaders, world: Any, monkeypatch: Any
) -> None:
    _pin_today(monkeypatch, D(2026, 12, 4))
    later = ReceptionDuty.objects.create(
        unit=world.township, leader=leaders.head, date=D(2026, 12, 9), place="接待室"
    )
    outside = ReceptionDuty.objects.create(
        unit=world.other_township, leader=leaders.head, date=D(2026, 12, 4), place="别处"
    )
    c = world.client(world.colleague)
    for duty, word in ((later, "不是同一天"), (outside, "不在您的管辖范围内")):
        r = c.post(
            "/api/v1/petition-receptions/",
            _reception_post(leaders, world, duty=duty.pk),
            content_type="application/json",
        )
        assert r.status_code == 400 and "duty" in r.json() and word in str(r.json()), r.json()
    assert not Reception.objects.exists()


def test_a_saved_duty_opens_on_its_own_page(leaders: Leaders, world: Any) -> None:
    c = world.client(world.colleague)
    r = c.post(
        "/petitions/duties/new/",
        {
            "unit": world.township.pk,
            "leader": leaders.secretary.pk,
            "date": "2026-12-09",
            "slot": "morning",
            "place": "乡政府接待室",
            "topic": "土地纠纷",
            "published": "on",
        },
    )
    duty = ReceptionDuty.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/petitions/duties/{duty.pk}/"
    html = c.get(r["Location"]).content.decode()
    for words in ("盘建国", "乡政府接待室", "上午", "公开发布", "是"):
        assert words in html
    assert f"/petitions/duties/{duty.pk}/edit/" in html
    assert f'href="/petitions/duties/{duty.pk}/"' in c.get("/petitions/duties/").content.decode()
    # owner's colleague in scope sees it, an outsider gets 404
    assert world.client(world.owner).get(f"/petitions/duties/{duty.pk}/").status_code == 200
    assert world.client(world.outsider).get(f"/petitions/duties/{duty.pk}/").status_code == 404
    assert c.get("/petitions/duties/999999/").status_code == 404


def test_reception_record_links_its_petitions(register: Any, leaders: Leaders, world: Any) -> None:
    c = world.client(world.colleague)
    r = c.post(
        "/petitions/receptions/new/",
        {
            "unit": world.township.pk,
            "leader": leaders.secretary.pk,
            "held_on": "2024-09-20",
            "visitor_count": 4,
            "summary": "接访",
        },
    )
    assert r.status_code == 302
    reception = Reception.objects.get()
    p = register(reception=reception)
    html = c.get(f"/petitions/receptions/{reception.pk}/").content.decode()
    assert p.number in html
    assert "1" in c.get("/petitions/receptions/").content.decode()
    assert (
        world.client(world.outsider).get(f"/petitions/receptions/{reception.pk}/").status_code
        == 404
    )


def test_outreach_visit_records_who_went_to_whom(
    register: Any, leaders: Leaders, world: Any
) -> None:
    p = register()
    cadre = world.colleague.person or leaders.head
    c = world.client(world.colleague)
    r = c.post(
        "/petitions/outreach/new/",
        {
            "unit": world.township.pk,
            "visited_on": "2024-10-10",
            "leader": leaders.head.pk,
            "participants": [cadre.pk],
            "visited_party": "盘某",
            "place": "荆竹村",
            "findings": "了解诉求",
            "petitions": [p.pk],
        },
    )
    assert r.status_code == 302, r.content.decode()[:2000]
    visit = OutreachVisit.objects.get()
    assert list(visit.petitions.all()) == [p]
    assert "盘某" in c.get(f"/petitions/outreach/{visit.pk}/").content.decode()
    assert c.get("/petitions/outreach/").status_code == 200
    assert world.client(world.outsider).get(f"/petitions/outreach/{visit.pk}/").status_code == 404


def test_list_pages_query_counts(
    leaders: Leaders, world: Any, django_assert_max_num_queries: Any
) -> None:
    for i in range(8):
        duty = ReceptionDuty.objects.create(
            unit=world.township, leader=leaders.secretary, date=D(2024, 1, 1 + i), place="接待室"
        )
        Reception.objects.create(
            unit=world.township, leader=leaders.secretary, held_on=duty.date, duty=duty
        )
        OutreachVisit.objects.create(
            unit=world.township, visited_on=duty.date, visited_party=f"对象{i}", leader=leaders.head
        )
    c = world.client(world.colleague)
    for url in (
        "/petitions/duties/",
        "/petitions/receptions/",
        "/petitions/outreach/",
        "/petitions/leaders/",
    ):
        with django_assert_max_num_queries(12):
            assert c.get(url).status_code == 200


# --- public submission and tracking ----------------------------------------


def test_public_submission_gives_a_query_code_and_tracking_shows_nothing_personal(
    leaders: Leaders, submit_public: Callable[..., Any]
) -> None:
    from django.test import Client

    c = Client()
    r = submit_public(c, name="唐秘密", id_number=valid_id_number(55), address="紫良村2组")
    assert r.status_code == 302
    p = Petition.objects.get()
    assert (
        p.via_public and p.channel == "online" and p.unit == leaders.office and p.created_by is None
    )
    html = c.get("/petitions/public/submitted/").content.decode()
    assert p.query_code in html
    html = c.get(f"/petitions/public/track/?code={p.query_code.lower()}").content.decode()
    assert p.number in html and "已登记" in html
    for secret in (
        "唐秘密",
        valid_id_number(55),
        "13712345678",
        "紫良村2组",
        "拖欠务工工资",
        "某工地",
    ):
        assert secret not in html
    assert "未找到" in c.get("/petitions/public/track/?code=NOPE").content.decode()


def test_public_submission_refuses_bad_id_naming_the_field(
    submit_public: Callable[..., Any],
) -> None:
    from django.test import Client

    r = submit_public(Client(), id_number="123")
    html = r.content.decode()  # the message names its field, once
    assert (
        r.status_code == 200
        and "身份证号码应为18位" in html
        and "身份证号码：身份证号码" not in html
    )
    assert not Petition.objects.exists()


# --- API -------------------------------------------------------------------


def _api_body(leaders: Leaders, **over: Any) -> dict[str, Any]:
    body = {
        "unit": leaders.office.pk,
        "channel": "letter",
        "category": "suggestion",
        "title": "建议增设路灯",
        "content": "村口无路灯。",
        "received_on": "2024-09-20",
        "petitioners": [{"name": "冯某", "id_number": valid_id_number(61)}],
    }
    body.update(over)
    return body


def test_api_register_and_step(leaders: Leaders, world: Any) -> None:
    c = world.client(leaders.clerk)
    r = c.post("/api/v1/petitions/", _api_body(leaders), content_type="application/json")
    assert r.status_code == 201, r.json()
    pk = r.json()["id"]
    assert r.json()["number"] == "湘源信〔2024〕1号"
    r = c.post(
        f"/api/v1/petitions/{pk}/accept/",
        {"on": "2024-09-19", "version": 1},
        content_type="application/json",
    )
    assert r.status_code == 400 and "on" in r.json() and "收到日期" in r.json()["on"][0]
    r = c.post(
        f"/api/v1/petitions/{pk}/accept/",
        {"on": "2024-09-24", "version": 1},
        content_type="application/json",
    )
    assert r.status_code == 200 and r.json()["stage"] == "accepted" and r.json()["handling_due"]
    r = c.post(
        f"/api/v1/petitions/{pk}/reply/",
        {"on": "2024-09-30", "facts": "", "version": 1},
        content_type="application/json",
    )
    assert r.status_code == 409 and "请刷新" in r.json()["detail"]
    r = c.post(
        f"/api/v1/petitions/{pk}/extend/",
        {
            "days": 40,
            "reason": "x",
            "approver": leaders.head.pk,
            "on": "2024-10-01",
            "notice_on": "2024-10-02",
        },
        content_type="application/json",
    )
    assert r.status_code == 400 and "days" in r.json()
    assert c.get("/api/v1/petitions/?stage=accepted&channel=letter").json()["count"] == 1


def test_api_bad_input_names_the_field(leaders: Leaders, world: Any) -> None:
    c = world.client(leaders.clerk)
    r = c.post(
        "/api/v1/petitions/",
        _api_body(leaders, petitioners=[{"name": "某", "id_number": "999"}]),
        content_type="application/json",
    )
    assert r.status_code == 400 and "身份证号码" in str(r.json()["petitioners"])
    r = c.post(
        "/api/v1/petitions/",
        _api_body(leaders, unit=world.other_township.pk),
        content_type="application/json",
    )
    assert r.status_code == 400 and "unit" in r.json()
    reps = [{"name": f"代表{i}", "is_representative": True} for i in range(6)]
    r = c.post(
        "/api/v1/petitions/",
        _api_body(leaders, petitioners=reps, group_size=50),
        content_type="application/json",
    )
    assert r.status_code == 400 and "petitioners" in r.json()
    assert not Petition.objects.exists()


def test_api_reception_duties_outreach_scoped(leaders: Leaders, world: Any) -> None:
    c = world.client(world.colleague)
    r = c.post(
        "/api/v1/petition-reception-duties/",
        {
            "unit": world.township.pk,
            "leader": leaders.head.pk,
            "date": "2024-11-05",
            "place": "接待室",
        },
        content_type="application/json",
    )
    assert r.status_code == 201, r.json()
    assert (
        world.client(world.outsider).get("/api/v1/petition-reception-duties/").json()["count"] == 0
    )
    r = c.post(
        "/api/v1/petition-outreach-visits/",
        {
            "unit": world.township.pk,
            "visited_on": "2024-11-06",
            "visited_party": "某户",
            "participants": [leaders.head.pk],
        },
        content_type="application/json",
    )
    assert r.status_code == 201, r.json()
    assert c.get("/api/v1/petition-receptions/").status_code == 200


def test_deadline_in_a_year_without_notice_is_provisional_not_refused(
    register: Any, leaders: Leaders, world: Any
) -> None:
    # 60 days from 2026-11-20 falls in 2027, whose notice is not entered yet:
    # the clock runs on the provisional calendar and says so.
    p = register(received_on=D(2026, 11, 18))
    r = world.client(leaders.clerk).post(
        f"/petitions/{p.pk}/step/accept/", {"version": 1, "accept-on": "2026-11-20"}
    )
    assert r.status_code in (200, 302), r.content.decode()[:500]
    p.refresh_from_db()
    assert p.stage == Stage.ACCEPTED
    [clock] = [c for c in clocks.clocks_for(p) if c.kind == rules.CLOCK_HANDLING]
    # Day 60 is Tue 2027-01-19, a working day on the provisional calendar.
    assert clock.due_date == D(2027, 1, 19)
    assert clock.provisional_year == 2027


def test_document_of_an_accusation_is_a_read_with_a_reason(leaders: Leaders, world: Any) -> None:
    """A notice of an accusation (检举控告类) is a read of the matter like its
    page (core.reasons): asked first, the reason audited as a read; the reason
    given on the page serves within its time; outsider 404 with or without."""
    from fazhi.core.models import AuditEvent

    from .conftest import make_petition

    p = make_petition(
        leaders.clerk,
        leaders.office,
        category="accusation",
        title="举报某站所乱收费",
        accused_unit=world.village2,
    )
    p = wf.accept(p, by=leaders.clerk, on=D(2024, 9, 25))
    url = f"/petitions/{p.pk}/document/accept/"
    reads = AuditEvent.objects.filter(action="view", object_id=str(p.pk))
    for user in (leaders.clerk, world.colleague):
        c = world.client(user)
        asked = c.get(url)
        assert asked.status_code == 200 and asked["Content-Type"].startswith("text/html")
        assert 'name="reason_choice"' in asked.content.decode()
        assert "乱收费" not in asked.content.decode()
        assert c.get(url, {"reason": "查"}).status_code == 400
        assert c.post(url, {"reason_choice": "other", "reason_detail": ""}).status_code == 400
        assert not reads.filter(actor=user).exists()
        given = c.post(url, {"reason_choice": "handling", "reason_detail": "送达"})
        assert given.status_code == 200 and given.content[:2] == b"PK"
        assert "乱收费" in "\n".join(par.text for par in Docx(io.BytesIO(given.content)).paragraphs)
        assert reads.get(actor=user).changes["理由"] == "办理需要：送达"
    # The reason given on the page serves the document within its time.
    c = world.client(leaders.clerk)
    c.post(p.get_absolute_url(), {"reason_choice": "supervision"})
    again = c.get(url)
    assert again.status_code == 200 and again.content[:2] == b"PK"
    assert reads.filter(actor=leaders.clerk, changes__理由="上级督办").exists()
    outsider = world.client(world.outsider)
    assert outsider.get(url).status_code == 404
    assert outsider.get(url, {"reason": "办理需要"}).status_code == 404
    assert not reads.filter(actor=world.outsider).exists()


def test_accused_unit_picker_offers_the_clerks_county(leaders: Leaders, world: Any) -> None:
    """The accused unit may be outside the clerk's scope (another township of
    the county), but the picker is the county's units, not the province's: at
    200 townships it listed 2,211 units and the form took 0.7 s to draw."""
    from lxml import html

    from fazhi.core.models import OrgUnit
    from tests.factories import OrgUnitFactory

    elsewhere = OrgUnitFactory(name="宁远县", kind=OrgUnit.Kind.COUNTY)
    far = OrgUnitFactory(name="天堂镇", kind=OrgUnit.Kind.TOWNSHIP, parent=elsewhere)
    page = world.client(leaders.clerk).get("/petitions/new/")
    offered = {
        int(value)
        for value in html.fromstring(page.content).xpath(
            '//select[@name="accused_unit"]/option/@value'
        )
        if value
    }
    county = set(world.county.subtree().values_list("pk", flat=True))
    assert offered == county
    assert world.other_township.pk in offered and far.pk not in offered


@pytest.mark.parametrize(
    ("day", "holiday"),
    [
        ("2026-10-01", "国庆节"),  # the notice entered for 2026
        ("2027-01-01", "元旦"),  # no 2027 notice yet: the statutory days
        ("2026-10-10", ""),  # a make-up workday (国庆节调休) is a working day
        ("2026-12-05", ""),  # a Saturday is no holiday: market-day receptions are usual
    ],
)
def test_a_reception_day_on_an_official_holiday_is_kept_with_a_warning(
    leaders: Leaders, world: Any, day: str, holiday: str
) -> None:
    c = world.client(world.colleague)
    r = c.post(
        "/petitions/duties/new/",
        {
            "unit": world.township.pk,
            "leader": leaders.secretary.pk,
            "date": day,
            "slot": "morning",
            "place": "乡政府接待室",
        },
        follow=True,
    )
    assert r.status_code == 200
    duty = ReceptionDuty.objects.get(date=dt.date.fromisoformat(day))
    warned = [str(m) for m in r.context["messages"] if m.level_tag == "warning"]
    detail = c.get(duty.get_absolute_url()).content.decode()
    if holiday:
        assert warned == [f"{day} 是{holiday}（法定节假日），请确认是否在当天安排领导接访。"]
        assert f"{day} 是{holiday}（法定节假日）。" in detail
    else:
        assert warned == [] and 'data-testid="duty-holiday"' not in detail
    assert world.client(world.outsider).get(duty.get_absolute_url()).status_code == 404
