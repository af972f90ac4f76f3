"""Pages, exports and the API: scope (owner / colleague / outsider → 404),
query counts, bad input answered in Chinese naming the field."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from fazhi.core import steps
from fazhi.publicity import workflow
from fazhi.publicity.models import LawExam, PlanItem, PublicityActivity
from tests.factories import World

from .helpers import activity, cadre, item, plan, sector, study, topic

TODAY = dt.date(2024, 11, 25)


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(steps, "today", lambda: TODAY)


def _xlsx_text(response: Any) -> str:
    wb = load_workbook(io.BytesIO(response.content))
    return " ".join(
        str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value
    )


# --- scope ------------------------------------------------------------------------


def test_activity_scope_page_api_export(world: World) -> None:
    a = activity(world, title="乡里的赶集宣传")
    url = reverse("publicity:activity_detail", args=[a.pk])
    api = f"/api/v1/publicity/activities/{a.pk}/"
    export = reverse("publicity:activity_list") + "?export=xlsx"
    for user in (world.owner, world.colleague, world.county_user):
        c = world.client(user)
        assert c.get(url).status_code == 200
        assert c.get(api).status_code == 200
        assert "乡里的赶集宣传" in _xlsx_text(c.get(export))
    c = world.client(world.outsider)
    assert c.get(url).status_code == 404
    assert c.get(api).status_code == 404
    assert (
        c.post(reverse("publicity:activity_hold", args=[a.pk]), {"participants": 1}).status_code
        == 404
    )
    assert "乡里的赶集宣传" not in _xlsx_text(c.get(export))


def test_village_sees_own_activities_only(world: World) -> None:
    mine = activity(
        world,
        by=world.village_cadre,
        unit=world.village,
        title="荆竹村演出",
        reached=[world.village],
    )
    theirs = activity(
        world,
        by=world.village2_cadre,
        unit=world.village2,
        title="紫良村讲座",
        reached=[world.village2],
    )
    c = world.client(world.village_cadre)
    assert c.get(reverse("publicity:activity_detail", args=[mine.pk])).status_code == 200
    assert c.get(reverse("publicity:activity_detail", args=[theirs.pk])).status_code == 404
    body = c.get(reverse("publicity:activity_list")).content.decode()
    assert "荆竹村演出" in body and "紫良村讲座" not in body
    # The township sees both.
    body = world.client(world.owner).get(reverse("publicity:activity_list")).content.decode()
    assert "荆竹村演出" in body and "紫良村讲座" in body


@pytest.mark.parametrize(
    ("name", "make"),
    [
        ("plan_detail", lambda w: plan(w)),
        ("item_detail", lambda w: item(w, plan(w))),
        ("study_detail", lambda w: study(w, [cadre(w)])),
        (
            "exam_detail",
            lambda w: workflow.save_exam(
                LawExam(year=2024, person=cadre(w), sat=True, score=Decimal("80")), by=w.owner
            ),
        ),
    ],
)
def test_other_records_scope(world: World, name: str, make: Any) -> None:
    obj = make(world)
    url = reverse(f"publicity:{name}", args=[obj.pk])
    assert world.client(world.owner).get(url).status_code == 200
    assert world.client(world.colleague).get(url).status_code == 200
    assert world.client(world.outsider).get(url).status_code == 404


def test_exam_export_scoped(world: World) -> None:
    p = cadre(world, name="王考生")
    workflow.save_exam(LawExam(year=2024, person=p, sat=True, score=Decimal("80")), by=world.owner)
    export = reverse("publicity:exam_list") + "?export=xlsx"
    assert "王考生" in _xlsx_text(world.client(world.colleague).get(export))
    assert "王考生" not in _xlsx_text(world.client(world.outsider).get(export))
    assert world.client(world.outsider).get("/api/v1/publicity/exams/").json()["count"] == 0


# --- lists: query counts -----------------------------------------------------------


@pytest.mark.parametrize(
    "url_name",
    [
        "activity_list",
        "plan_list",
        "item_list",
        "study_list",
        "exam_list",
        "site_list",
        "villager_list",
        "modelvillage_list",
    ],
)
def test_list_pages_fixed_queries(
    world: World, url_name: str, django_assert_max_num_queries: Any
) -> None:
    p = plan(world)
    for month in range(1, 7):
        it = item(world, p, month=month)
        activity(world, plan_item=it, date=dt.date(2024, month, 10))
    people = [cadre(world) for _ in range(5)]
    for d in range(5):
        study(world, people, date=dt.date(2024, 3, d + 1))
    for person in people:
        workflow.save_exam(
            LawExam(year=2024, person=person, sat=True, score=Decimal("80")), by=world.owner
        )
    c = world.client(world.owner)
    c.get(reverse(f"publicity:{url_name}"))  # warm sessions and content types
    with django_assert_max_num_queries(16):
        r = c.get(reverse(f"publicity:{url_name}"))
    assert r.status_code == 200


def test_activity_filters(world: World) -> None:
    activity(world, title="土地宣讲", topics=[topic("土地管理")], kind="lecture")
    activity(world, title="治安摆摊", topics=[topic("社会治安")])
    c = world.client(world.owner)
    body = c.get(
        reverse("publicity:activity_list"), {"kind": "lecture", "year": 2024}
    ).content.decode()
    assert "土地宣讲" in body and "治安摆摊" not in body
    body = c.get(
        reverse("publicity:activity_list"), {"topic": topic("社会治安").pk}
    ).content.decode()
    assert "治安摆摊" in body and "土地宣讲" not in body
    body = c.get(reverse("publicity:activity_list"), {"year": 2023}).content.decode()
    assert "治安摆摊" not in body


def test_plan_item_list_flags_overdue(world: World) -> None:
    item(world, plan(world), month=9, title="进学校宣传")
    body = (
        world.client(world.owner)
        .get(reverse("publicity:item_list"), {"overdue": "true"})
        .content.decode()
    )
    assert "进学校宣传" in body and "到期未完成" in body


# --- forms: bad input ---------------------------------------------------------------


def _activity_post(world: World, **over: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "unit": world.township.pk,
        "title": "宪法宣传",
        "date": "2024-03-10",
        "kind": "stall",
        "topics": [topic().pk],
        "sectors": ["village"],
        "units_reached": [world.village.pk],
        "lead_unit": world.township.pk,
        "participants": "80",
        "materials": "100",
        "cost": "0",
    }
    data.update(over)
    return data


def test_form_creates_activity(world: World) -> None:
    r = world.client(world.owner).post(reverse("publicity:activity_create"), _activity_post(world))
    assert r.status_code == 302
    a = PublicityActivity.objects.get()
    assert a.status == "held" and list(a.sectors.values_list("code", flat=True)) == ["village"]


@pytest.mark.parametrize(
    ("over", "message"),
    [
        ({"participants": "-3"}, "参与人数不能为负数"),
        ({"sectors": ["village", "factory"]}, "宣传对象领域“factory”不在列表中"),
        ({"date": "2025-02-01"}, "超出了计划年度（2024年）"),
        ({"units_reached": [999999]}, "不在您的管辖范围内"),
    ],
)
def test_form_bad_input_refused(world: World, over: dict[str, Any], message: str) -> None:
    r = world.client(world.owner).post(
        reverse("publicity:activity_create"), _activity_post(world, **over)
    )
    assert r.status_code == 200
    assert message in r.content.decode()
    assert not PublicityActivity.objects.exists()


def test_form_attendee_outside_scope(world: World) -> None:
    stranger = cadre(world, unit=world.other_township)
    r = world.client(world.owner).post(
        reverse("publicity:study_create"),
        {
            "unit": world.township.pk,
            "date": "2024-03-01",
            "kind": "training",
            "title": "培训",
            "hours": "2",
            "attendees": [cadre(world).pk, stranger.pk],
        },
    )
    assert r.status_code == 200 and "不在您的管辖范围内" in r.content.decode()


def test_edit_with_stale_version_refused(world: World) -> None:
    a = activity(world)
    c = world.client(world.owner)
    url = reverse("publicity:activity_edit", args=[a.pk])
    assert c.post(url, _activity_post(world, title="第一次", version="1")).status_code == 302
    r = c.post(url, _activity_post(world, title="第二次", version="1"))
    assert "请刷新后重新编辑" in r.content.decode()
    a.refresh_from_db()
    assert a.title == "第一次"


def test_hold_action_on_page(world: World) -> None:
    a = activity(world, date=dt.date(2024, 11, 20))
    a.status = "scheduled"
    a.save(update_fields=["status"])
    c = world.client(world.owner)
    r = c.post(reverse("publicity:activity_hold", args=[a.pk]), {"participants": "-1"}, follow=True)
    assert "参与人数" in r.content.decode() and "不能为负数" in r.content.decode()
    c.post(
        reverse("publicity:activity_hold", args=[a.pk]), {"participants": "66", "materials": "10"}
    )
    a.refresh_from_db()
    assert a.status == "held" and a.participants == 66
    assert (
        world.client(world.county_user)
        .post(reverse("publicity:activity_hold", args=[a.pk]), {})
        .status_code
        == 403
    )


# --- coverage and cadres pages --------------------------------------------------------


def test_coverage_page_heatmap_and_gaps(world: World, django_assert_max_num_queries: Any) -> None:
    p = plan(world)
    item(world, p, month=9, sectors=("school",), units=[world.township], title="进学校")
    activity(world, reached=[world.village], sectors=("village",))
    c = world.client(world.owner)
    with django_assert_max_num_queries(20):
        r = c.get(reverse("publicity:coverage"), {"year": 2024})
    body = r.content.decode()
    assert r.status_code == 200
    assert "vendor/echarts.min.js" in body and 'id="heatmap-data"' in body
    assert "本期没有任何活动进学校" in body
    assert "进学校”（2024年9月）到期未完成" in body
    assert "紫良村2024年第2季度没有开展任何普法活动" in body


def test_coverage_bad_params(world: World) -> None:
    c = world.client(world.owner)
    assert c.get(reverse("publicity:coverage"), {"year": "abc"}).status_code == 400
    r = c.get(reverse("publicity:coverage"), {"unit": world.other_township.pk})
    assert r.status_code == 400 and "不在您的管辖范围内" in r.content.decode()
    api = c.get("/api/v1/publicity/coverage/", {"year": "20x4", "quarter": "7"})
    assert api.status_code == 400 and set(api.json()) == {"year", "quarter"}
    ok = c.get("/api/v1/publicity/coverage/", {"year": 2024, "quarter": 1}).json()
    assert ok["period"]["start"] == "2024-01-01"


def test_cadres_page_shows_who_did_not_study_or_sit(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    keen, idle = cadre(world, name="用功干部"), cadre(world, name="缺学干部")
    study(world, [keen])
    workflow.save_exam(
        LawExam(year=2024, person=keen, sat=True, score=Decimal("90")), by=world.owner
    )
    from fazhi.publicity import queries

    monkeypatch.setattr(
        queries, "enforcement_training_hours", lambda unit, period: ({keen.pk: Decimal("40")}, "")
    )
    c = world.client(world.owner)
    body = c.get(reverse("publicity:cadres"), {"year": 2024}).content.decode()
    assert "缺学干部" in body and "40" in body
    text = _xlsx_text(c.get(reverse("publicity:cadres"), {"year": 2024, "export": "xlsx"}))
    assert "用功干部" in text and "缺学干部" in text
    assert "缺学干部" not in _xlsx_text(
        world.client(world.outsider).get(
            reverse("publicity:cadres"), {"year": 2024, "export": "xlsx"}
        )
    )
    assert idle.pk


def test_enforcement_hours_degrade_with_message(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without the enforcement module (no selector provided) the cadre ledger
    says why the hours are missing instead of failing."""
    from fazhi.core import selectors
    from fazhi.core.indicators import Period
    from fazhi.publicity import queries

    assert selectors.get("enforcement.training_hours_by_person") is not None
    monkeypatch.delitem(selectors._REGISTRY, "enforcement.training_hours_by_person")
    hours, note = queries.enforcement_training_hours(world.township, Period.year(2024))
    assert hours is None and "执法模块未启用" in note


# --- API -----------------------------------------------------------------------------


def _api_payload(world: World, **over: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "unit": world.township.pk,
        "title": "API 登记",
        "date": "2024-04-15",
        "kind": "lecture",
        "topics": [topic().pk],
        "sectors": ["village"],
        "units_reached": [world.village.pk],
        "lead_unit": world.township.pk,
        "participants": 30,
        "materials": 20,
    }
    data.update(over)
    return data


def test_api_create_and_hold(world: World) -> None:
    c = world.client(world.owner)
    r = c.post(
        "/api/v1/publicity/activities/",
        _api_payload(world, date="2024-12-04"),
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    assert r.json()["status"] == "scheduled"
    pk = r.json()["id"]
    r = c.post(
        f"/api/v1/publicity/activities/{pk}/hold/",
        {"participants": 5},
        content_type="application/json",
    )
    assert r.status_code == 400 and "date" in r.json()
    r = c.patch(
        f"/api/v1/publicity/activities/{pk}/",
        {"title": "改名", "version": 1},
        content_type="application/json",
    )
    assert r.status_code == 200 and r.json()["version"] == 2
    r = c.patch(
        f"/api/v1/publicity/activities/{pk}/",
        {"title": "再改", "version": 1},
        content_type="application/json",
    )
    assert r.status_code == 409 and "请刷新后重新编辑" in r.json()["detail"]


@pytest.mark.parametrize(
    ("over", "field", "message"),
    [
        ({"participants": -3}, "participants", "参与人数不能为负数"),
        ({"sectors": ["factory"]}, "sectors", "“factory”不在列表中"),
        ({"date": "2025-06-01"}, "date", "超出了计划年度"),
        ({"units_reached": [999999]}, "units_reached", "不在您的管辖范围内"),
    ],
)
def test_api_bad_input(world: World, over: dict[str, Any], field: str, message: str) -> None:
    r = world.client(world.owner).post(
        "/api/v1/publicity/activities/",
        _api_payload(world, **over),
        content_type="application/json",
    )
    assert r.status_code == 400
    assert message in str(r.json()[field])
    assert not PublicityActivity.objects.exists()


def test_api_study_attendee_out_of_scope(world: World) -> None:
    stranger = cadre(world, unit=world.other_township)
    r = world.client(world.owner).post(
        "/api/v1/publicity/studies/",
        {
            "unit": world.township.pk,
            "date": "2024-03-01",
            "kind": "training",
            "title": "培训",
            "hours": "2",
            "attendees": [stranger.pk],
        },
        content_type="application/json",
    )
    assert r.status_code == 400 and "attendees" in r.json()


def test_api_plan_workflow(world: World) -> None:
    c = world.client(world.owner)
    r = c.post(
        "/api/v1/publicity/plans/",
        {
            "unit": world.township.pk,
            "title": "2024年计划",
            "kind": "annual",
            "start_year": 2024,
            "end_year": 2024,
        },
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    pk = r.json()["id"]
    r = c.post(
        f"/api/v1/publicity/plans/{pk}/adopt/",
        {"adopted_on": "2024-01-10"},
        content_type="application/json",
    )
    assert r.status_code == 400 and "items" in r.json()
    r = c.post(
        "/api/v1/publicity/plan-items/",
        {
            "plan": pk,
            "title": "进学校",
            "topic": topic().pk,
            "target_sectors": ["school"],
            "target_units": [world.township.pk],
            "planned_month": "2024-09-01",
            "lead_unit": world.township.pk,
        },
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    assert PlanItem.objects.get().target_sectors.get() == sector("school")
    r = c.post(
        f"/api/v1/publicity/plans/{pk}/adopt/",
        {"adopted_on": "2024-01-10"},
        content_type="application/json",
    )
    assert r.status_code == 200 and r.json()["status"] == "adopted"
    assert (
        world.client(world.outsider).post(f"/api/v1/publicity/plans/{pk}/adopt/", {}).status_code
        == 404
    )
    assert (
        world.client(world.county_user).post(f"/api/v1/publicity/plans/{pk}/close/", {}).status_code
        == 403
    )
