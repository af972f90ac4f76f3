"""Open government information: the on-request clocks in working days on the
real 2024 holidays, the reply types, public submission and tracking, the
proactive 20-working-day clock and the yearly tables."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from docx import Document as Docx

from fazhi.core import clocks
from fazhi.core.errors import RuleViolation
from fazhi.core.indicators import Period, compute
from fazhi.core.workdays import due_date
from fazhi.governance import queries
from fazhi.governance import workflow as wf
from fazhi.governance.documents import reply_document
from fazhi.governance.models import DisclosureRequest, ProactiveDisclosure

from .conftest import D, catalogue_item, make_request

pytestmark = pytest.mark.django_db


def test_reply_due_twenty_working_days_over_national_day(world):
    req = make_request(world, D(2024, 9, 25))
    # 09-29 (Sun) make-up workday counts; 10-01..07 do not; 10-12 (Sat) counts.
    assert req.reply_due == D(2024, 10, 28)


def test_correction_within_seven_working_days_restarts_clock(world):
    req = make_request(world, D(2024, 9, 25))
    with pytest.raises(RuleViolation) as exc:
        wf.request_correction(
            req, on=D(2024, 10, 11), content="请明确年份", deadline=D(2024, 10, 25), by=world.owner
        )
    assert "on" in exc.value.message_dict and "第三十条" in str(exc.value)
    req = wf.request_correction(
        req, on=D(2024, 10, 10), content="请明确年份", deadline=D(2024, 10, 25), by=world.owner
    )
    assert req.status == "correction" and req.reply_due is None
    with pytest.raises(RuleViolation):  # only one correction notice
        wf.request_correction(
            req, on=D(2024, 10, 10), content="再补", deadline=D(2024, 10, 25), by=world.owner
        )
    req = wf.receive_correction(req, on=D(2024, 10, 16), by=world.owner)
    assert req.reply_due == D(2024, 11, 13)  # 20 working days from the corrected application
    with pytest.raises(RuleViolation):  # dated before the corrected application
        wf.reply_request(
            req, on=D(2024, 10, 15), reply_type="provided", reply_text="x", by=world.owner
        )


def test_deemed_withdrawn_only_after_correction_period(world):
    req = make_request(world, D(2024, 9, 25))
    wf.request_correction(
        req, on=D(2024, 9, 26), content="请明确", deadline=D(2024, 10, 15), by=world.owner
    )
    with pytest.raises(RuleViolation):
        wf.withdraw_request(req, on=D(2024, 10, 15), reason="逾期未补正", by=world.owner)
    req = wf.withdraw_request(
        req, on=D(2024, 10, 16), reason="逾期未补正，视为放弃申请", by=world.owner
    )
    assert req.status == "withdrawn"
    assert compute("governance.ogi.requests.other", world.township, Period.year(2024)) == 1


def test_third_party_time_is_excluded(world):
    req = make_request(world, D(2024, 3, 1))
    assert req.reply_due == D(2024, 3, 29)
    req = wf.consult_third_party(req, on=D(2024, 3, 11), third_party="某合作社", by=world.owner)
    assert req.third_party_due == D(2024, 4, 1)
    assert req.reply_due is None
    req = wf.third_party_replied(req, on=D(2024, 3, 20), opinion="不同意公开", by=world.owner)
    # 5 working days ran before the pause; 15 more from 03-20 (Qingming 04-04..06
    # off, 04-07 a make-up workday).
    assert req.reply_due == D(2024, 4, 10)


def test_silent_third_party_caps_the_excluded_time(world):
    req = make_request(world, D(2024, 3, 1))
    wf.consult_third_party(req, on=D(2024, 3, 11), third_party="某公司", by=world.owner)
    req.refresh_from_db()
    req = wf.third_party_replied(req, on=D(2024, 4, 15), opinion="逾期未答复", by=world.owner)
    c = clocks.clock(req, wf.CLOCK_REPLY)
    # Resumed on 04-02, the working day after the 15 working days ended.
    assert c.events.filter(kind="resume").get().on == D(2024, 4, 2)


def test_one_extension_of_at_most_twenty_working_days(world):
    req = make_request(world, D(2024, 9, 25))
    with pytest.raises(RuleViolation) as exc:
        wf.extend_request(
            req, on=D(2024, 10, 21), days=21, approver="李主任", reason="数量大", by=world.owner
        )
    assert "days" in exc.value.message_dict and "第三十三条" in str(exc.value)
    with pytest.raises(RuleViolation) as exc:
        wf.extend_request(
            req, on=D(2024, 10, 21), days=10, approver="", reason="数量大", by=world.owner
        )
    assert "approver" in exc.value.message_dict
    req = wf.extend_request(
        req, on=D(2024, 10, 21), days=20, approver="李主任", reason="数量大", by=world.owner
    )
    assert req.reply_due == D(2024, 11, 25)
    with pytest.raises(RuleViolation):
        wf.extend_request(
            req, on=D(2024, 10, 22), days=1, approver="李主任", reason="再延", by=world.owner
        )


def test_extension_after_the_period_is_refused(world):
    req = make_request(world, D(2024, 9, 25))
    with pytest.raises(RuleViolation):
        wf.extend_request(
            req, on=D(2024, 10, 29), days=5, approver="李主任", reason="x", by=world.owner
        )


def test_reply_before_receipt_is_refused(world):
    req = make_request(world, D(2024, 9, 25))
    with pytest.raises(RuleViolation) as exc:
        wf.reply_request(
            req, on=D(2024, 9, 24), reply_type="provided", reply_text="x", by=world.owner
        )
    assert "on" in exc.value.message_dict and "第三十一条" in str(exc.value)
    req.refresh_from_db()
    assert req.status == "received" and req.reply_no == ""


@pytest.mark.parametrize(
    "reply_type,field",
    [
        ("withheld", "withheld_reason"),
        ("partial", "withheld_reason"),
        ("already_public", "where_public"),
    ],
)
def test_reply_types_require_their_particulars(world, reply_type, field):
    req = make_request(world, D(2024, 9, 25))
    with pytest.raises(RuleViolation) as exc:
        wf.reply_request(
            req, on=D(2024, 10, 9), reply_type=reply_type, reply_text="x", by=world.owner
        )
    assert field in exc.value.message_dict


def test_reply_numbered_on_time_with_docx_and_remedies(world):
    req = make_request(world, D(2024, 9, 25))
    req = wf.reply_request(
        req,
        on=D(2024, 10, 28),
        reply_type="withheld",
        withheld_reason="third_party",
        reply_text="涉及第三方商业秘密。",
        by=world.owner,
    )
    assert req.reply_no == "湘源依申〔2024〕1号" and req.on_time is True
    xml = zipfile.ZipFile(io.BytesIO(reply_document(req))).read("word/document.xml").decode()
    assert "第三十六条第三项" in xml and "第五十一条" in xml and "保护第三方合法权益" in xml
    text = Docx(io.BytesIO(reply_document(req))).paragraphs
    greeting = [p.text for p in text if p.text.startswith("张明华")]
    assert greeting == ["张明华："], greeting  # one colon (issue 15 item 4)
    r = world.client(world.owner).get(reverse("governance:request_docx", args=[req.pk]))
    assert r.status_code == 200
    assert (
        world.client(world.outsider)
        .get(reverse("governance:request_docx", args=[req.pk]))
        .status_code
        == 404
    )


def test_late_reply_lowers_on_time_rate(world):
    a = make_request(world, D(2024, 9, 25), name="甲")
    b = make_request(world, D(2024, 9, 25), name="乙")
    wf.reply_request(a, on=D(2024, 10, 28), reply_type="provided", reply_text="x", by=world.owner)
    wf.reply_request(b, on=D(2024, 10, 29), reply_type="not_exist", reply_text="x", by=world.owner)
    period = Period.year(2024)
    assert compute("governance.ogi.on_time_rate", world.township, period) == 50.0
    assert compute("governance.ogi.requests.public", world.township, period) == 1
    assert compute("governance.ogi.requests.unable", world.township, period) == 1


def test_public_submission_and_tracking(world):
    anon = Client()
    data = {
        "unit": world.township.pk,
        "applicant_kind": "natural_person",
        "applicant_name": "王五",
        "id_number": "431127198005170012",
        "phone": "13812345678",
        "description": "村务公开资料",
        "requested_form": "电子邮件",
    }
    bad = anon.post(reverse("governance:public_apply"), {**data, "phone": "123"})
    assert bad.status_code == 200 and "联系电话" in bad.content.decode()
    from tests.factories import valid_id_number

    data["id_number"] = valid_id_number(7)
    r = anon.post(reverse("governance:public_apply"), data)
    assert r.status_code == 302
    req = DisclosureRequest.objects.get(applicant_name="王五")
    assert req.status == "submitted" and req.received_on is None and req.channel == "online"
    page = anon.get(r["Location"]).content.decode()
    assert req.code in page and "王五" not in page and data["id_number"] not in page
    today = timezone.localdate()
    req = wf.confirm_receipt(req, on=today, by=world.owner)
    due = due_date(today, 20, "working", clocks.load_calendar()).date
    assert req.reply_due == due
    assert (
        f"{due:%Y-%m-%d}"
        in anon.get(reverse("governance:public_track") + f"?code={req.code}").content.decode()
    )
    assert "未找到" in anon.get(reverse("governance:public_track") + "?code=NOPE").content.decode()


def test_proactive_twenty_working_days(world):
    item = catalogue_item(world)
    pd = wf.register_proactive(
        ProactiveDisclosure(
            unit=world.township,
            item=item,
            title="2024年第三季度低保名单",
            content="名单",
            created_on=D(2024, 9, 25),
        ),
        by=world.owner,
    )
    assert pd.due_date == D(2024, 10, 28)
    pd = wf.publish_proactive(pd, on=D(2024, 10, 29), by=world.owner)
    assert pd.on_time is False
    assert (
        compute("governance.ogi.proactive_on_time_rate", world.township, Period.year(2024)) == 0.0
    )
    assert (
        "第三季度低保名单"
        in Client().get(reverse("governance:public_disclosures")).content.decode()
    )


def test_catalogue_load_is_idempotent(world):
    assert wf.load_standard_catalogue(world.township, by=world.owner) == 13
    assert wf.load_standard_catalogue(world.township, by=world.owner) == 0


def test_annual_tables_balance(world):
    carried = make_request(world, D(2023, 12, 20), name="结转")
    wf.reply_request(
        carried, on=D(2024, 1, 10), reply_type="provided", reply_text="x", by=world.owner
    )
    a = make_request(world, D(2024, 3, 1), name="甲", applicant_kind="business")
    wf.reply_request(
        a,
        on=D(2024, 3, 20),
        reply_type="withheld",
        withheld_reason="state_secret",
        reply_text="x",
        by=world.owner,
    )
    b = make_request(world, D(2024, 5, 6), name="乙")
    wf.request_correction(b, on=D(2024, 5, 7), content="x", deadline=D(2024, 5, 20), by=world.owner)
    wf.withdraw_request(b, on=D(2024, 5, 21), reason="逾期未补正", by=world.owner)
    make_request(world, D(2024, 12, 20), name="丙")  # carried into 2025
    make_request(world, D(2024, 6, 3), name="外乡", unit=world.other_township, by=world.outsider)
    t = queries.ogi_tables(world.township, 2024)
    rows = {r["key"]: r["values"] for r in t.requests}
    assert rows["new"][-1] == 3 and rows["carried_in"][-1] == 1 and rows["carried_out"][-1] == 1
    assert (
        rows["public"][-1] == 1
        and rows["withheld.state_secret"][-1] == 1
        and rows["withheld"][-1] == 1
    )
    assert rows["other.no_correction"][-1] == 1 and rows["total"][-1] == 3
    for i in range(len(rows["new"])):
        assert rows["new"][i] + rows["carried_in"][i] == rows["total"][i] + rows["carried_out"][i]
    page = world.client(world.owner).get(reverse("governance:ogi_report") + "?year=2024")
    assert page.status_code == 200 and "本年新收政府信息公开申请数量" in page.content.decode()
    xlsx = world.client(world.owner).get(
        reverse("governance:ogi_report") + "?year=2024&export=xlsx"
    )
    assert xlsx.status_code == 200 and xlsx["Content-Type"].startswith("application/vnd.openxml")
    other = world.client(world.outsider).get(
        reverse("governance:ogi_report") + f"?year=2024&unit={world.township.pk}"
    )
    assert "湘江源瑶族乡" not in other.content.decode().split("<h1")[1][:200]
