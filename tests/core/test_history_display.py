"""History tabs speak Chinese (issue 15 §8): field labels, choice labels, the
names behind ids, 是/否, and dates as 2026-12-04 14:05 (as every page shows
a date), resolved in bulk."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from fazhi.core import audit
from fazhi.core.models import OrgUnit, Person, User
from tests.factories import OrgUnitFactory, PersonFactory, UserFactory, World

pytestmark = pytest.mark.django_db


def _lines(rows: list[audit.HistoryRow]) -> list[str]:
    return [f"{c.label}：{c.old} → {c.new}" for r in rows for c in r.changes]


def test_labels_names_booleans_and_choices(world: World) -> None:
    person = PersonFactory(unit=world.village, gender="M", is_cadre=False)
    audit.record(
        person,
        by=world.owner,
        action="update",
        changes={
            "gender": ["M", "F"],
            "unit": [world.village.pk, world.village2.pk],
            "is_cadre": [False, True],
            "id_number": ["***", "***（已修改）"],
            "updated_by": [world.owner.pk, world.colleague.pk],
            "note": [None, ""],
            "附件": [None, "现场照片.jpg sha256:0131d305b103"],
            "gone_field": [None, "2026-12-04"],
        },
    )
    [row] = audit.history_rows(audit.history(person))
    lines = _lines([row])
    assert "性别：男 → 女" in lines
    assert "所属单位：荆竹村 → 紫良村" in lines
    assert "干部：否 → 是" in lines
    assert "身份证号码：*** → ***（已修改）" in lines
    assert "附件：— → 现场照片.jpg" in lines  # the file's name, not its fingerprint
    # A field the model no longer has keeps its name, its date still in words.
    assert "gone_field：— → 2026-12-04" in lines
    # Bookkeeping (the row's own 操作人 says who) and None → "" are no change.
    assert not any(line.startswith(("修改人", "updated_by", "备注")) for line in lines)
    assert row.action == "修改"
    assert row.actor == world.owner.display_name


def test_person_behind_a_user_and_moments_in_local_time(world: World) -> None:
    person = PersonFactory(name="赵文清", unit=world.township)
    user = UserFactory(username="zhaowq", home_unit=world.township, role="judicial_office")
    moment = dt.datetime(2026, 12, 4, 6, 5, tzinfo=dt.UTC)  # 14:05 in Asia/Shanghai
    # Written at that moment (audit rows are never updated afterwards).
    with time_machine.travel(moment, tick=False):
        audit.record(
            user,
            by=world.owner,
            action="update",
            changes={
                "person": [None, person.pk],
                "home_unit": [None, world.township.pk],
                "role": ["judicial_office", "legal_reviewer"],
                "last_login": [None, moment.isoformat()],
            },
        )
    [row] = audit.history_rows(audit.history(user))
    lines = _lines([row])
    assert "人员：— → 赵文清" in lines
    assert "所属单位：— → 湘江源瑶族乡" in lines
    assert "角色：司法所 → 法制审核人员" in lines
    assert "上次登录：— → 2026-12-04 14:05" in lines
    assert row.at == "2026-12-04 14:05"


def test_a_deleted_target_and_a_user_by_their_persons_name(world: World) -> None:
    person = PersonFactory(name="邓志刚", unit=world.township)
    user = UserFactory(username="zhifa2", person=person, home_unit=world.township)
    assert audit.display_name(user) == "邓志刚"
    target = PersonFactory(unit=world.township)
    audit.record(target, by=user, action="update", changes={"unit": [99999, world.township.pk]})
    [row] = audit.history_rows(audit.history(target))
    assert _lines([row]) == ["所属单位：（已删除：99999） → 湘江源瑶族乡"]
    assert row.actor == "邓志刚"


def test_names_are_resolved_in_bulk(world: World) -> None:
    """The query count does not grow with the events or the ids they name."""

    def count(n: int) -> int:
        target = PersonFactory(unit=world.township)
        for _ in range(n):
            unit = OrgUnitFactory(parent=world.township, kind=OrgUnit.Kind.VILLAGE)
            other = PersonFactory(unit=unit)
            audit.record(
                target,
                by=world.owner,
                action="update",
                changes={"unit": [world.township.pk, unit.pk], "note": ["", other.name]},
            )
        with CaptureQueriesContext(connection) as queries:
            rows = audit.history_rows(audit.history(target))
        assert len(rows) == n
        assert all("湘江源瑶族乡 →" in _lines([r])[0] for r in rows)
        return len(queries.captured_queries)

    assert count(2) == count(12)


def test_history_tab_of_a_page_shows_words(world: World) -> None:
    person = Person.objects.create(unit=world.village, name="盘阿妹", gender="F")
    audit.record(
        person,
        by=world.owner,
        action="update",
        changes={"gender": ["F", "M"], "is_cadre": [False, True]},
    )
    page = world.client(world.owner).get(person.get_absolute_url()).content.decode()
    assert "性别</span>：女 → 男" in page
    assert "干部</span>：否 → 是" in page
    assert "gender" not in page and "False" not in page
    assert timezone.localtime().strftime("%Y-%m-%d") in page


def test_the_audit_log_names_fields_by_their_labels(world: World) -> None:
    admin = User.objects.create_user("audit1", role="audit_admin", home_unit=world.township)
    person = PersonFactory(unit=world.township)
    audit.record(person, by=world.owner, action="update", changes={"ethnicity": ["汉族", "瑶族"]})
    page = world.client(admin).get("/audit/").content.decode()
    assert "民族" in page and "ethnicity" not in page


def test_a_state_written_under_a_label_key_shows_its_label(world: World) -> None:
    """Older events wrote a few changes under a Chinese key (“司法确认结果”)
    with the code as value: the code still reads as its label."""
    user = UserFactory(home_unit=world.township)
    audit.record(
        user,
        by=world.owner,
        action="update",
        changes={"新角色": ["judicial_office", "legal_reviewer"], "备注": ["x", "y"]},
    )
    [row] = audit.history_rows(audit.history(user))
    assert _lines([row]) == ["备注：x → y", "新角色：司法所 → 法制审核人员"]


def test_an_empty_personal_field_is_no_change_and_a_first_entry_is_not_modified() -> None:
    """Registering a record without a phone listed “联系电话：*** → ***（已修改）”."""
    assert audit.diff({"phone": None}, {"phone": ""}) == {}
    assert audit.diff({"phone": None}, {"phone": "13812345678"}) == {"phone": [None, "***"]}
    assert audit.diff({"phone": "1"}, {"phone": "2"}) == {"phone": ["***", "***（已修改）"]}
    assert audit.diff({"note": None}, {"note": ""}) == {}


def test_an_attachment_shows_its_file_name(world: World, tmp_path: Any, settings: Any) -> None:
    """core.attachments.attach keeps the file's SHA-256 in the trail; the history
    tab names the file (issue 15, real use: enforcement showed “sha256:0131d305b103”)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from fazhi.core.attachments import attach

    settings.MEDIA_ROOT = tmp_path
    person = PersonFactory(unit=world.village)
    upload = SimpleUploadedFile("现场检查笔录.txt", "检查情况。".encode(), "text/plain")
    attach(person, upload, unit=world.village, by=world.owner)
    assert _lines(audit.history_rows(audit.history(person))) == ["附件：— → 现场检查笔录.txt"]


def test_a_linked_list_is_named_in_the_order_its_page_lists_it(world: World) -> None:
    """The history named a linked list's items in id order (77429de stores
    the ids sorted) while the record's page lists them in their model's order
    (participants.all(): by name): 张三2、张三1 on the tab, 张三1、张三2 above
    it. The 变更 column keeps a readable width on a phone (fz-text-cell, as
    d2a63d2's import preview)."""
    from lxml import html

    from fazhi.core import workflow as core_workflow
    from fazhi.petitions.models import OutreachVisit

    second = PersonFactory(name="张三2", unit=world.township, is_cadre=True)  # the lower id
    first = PersonFactory(name="张三1", unit=world.township, is_cadre=True)
    visit = OutreachVisit.objects.create(
        unit=world.township, visited_on=dt.date(2024, 10, 19), visited_party="赵有福"
    )
    before = audit.snapshot(visit)
    core_workflow.update_record(
        visit, by=world.owner, version=None, before=before, lists={"participants": [first, second]}
    )
    visit.participants.set([first, second])
    [change] = audit.history_rows(audit.history(visit).filter(action="update"))[0].changes
    assert change.new == "张三1、张三2", change.new
    clerk = UserFactory(username="xinfang1", role="petition_office", home_unit=world.township)
    root = html.fromstring(world.client(clerk).get(visit.get_absolute_url()).content.decode())
    [listed] = root.xpath("//dt[contains(., '下访人员')]/following-sibling::dd[1]")
    assert listed.text_content().strip() == change.new
    history = root.xpath("//table[@data-testid='history']")[0]
    heads = [th.text_content() for th in history.xpath(".//th[contains(@class, 'fz-text-cell')]")]
    assert heads == ["变更"]
    cells = history.xpath(".//tbody/tr/td[contains(@class, 'fz-text-cell')]")
    assert cells and "下访人员" in cells[0].text_content()
