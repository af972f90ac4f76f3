"""The petition steps' pure checks name the field they refuse in the reader's
language, though the names are lazy labels translated only on a refusal (a
10^4-row ledger asks these checks twice a row: issue 18); and a ledger row
they refuse is refused naming its column, in Chinese as stored and in
English as shown."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from fazhi.core.errors import RuleViolation
from fazhi.core.i18n import shown
from fazhi.core.ledger_import import engine
from fazhi.petitions.ledger import KIND
from fazhi.petitions.models import Category, Channel, Petition
from fazhi.petitions.workflow.decision import check_decision
from fazhi.petitions.workflow.petitioners import PetitionerData
from fazhi.petitions.workflow.registration import check_registration
from fazhi.petitions.workflow.reply import Opinion, check_close, check_reply
from tests import ledgers
from tests.factories import World
from tests.petitions.test_ledger_import_batch import HEADER, bench_row

DAY = dt.date(2024, 3, 5)
OPINION = Opinion(Category.SUGGESTION, "", "已答复", "", "")


def _refusal(check: object, *args: object, language: str) -> RuleViolation:
    with translation.override(language), pytest.raises(RuleViolation) as caught:
        check(*args)  # type: ignore[operator]
    return caught.value


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("zh-hans", "答复日期（2024-03-05）不能早于受理日期（2024-03-06）。"),
        ("en", "Reply date (2024-03-05) cannot be before Accepted on (2024-03-06)."),
    ],
)
def test_a_reply_before_the_acceptance_names_both_dates(language: str, expected: str) -> None:
    error = _refusal(check_reply, DAY, DAY + dt.timedelta(days=1), OPINION, None, language=language)
    assert error.messages == [expected]
    assert error.field == "on"


@pytest.mark.parametrize(
    ("language", "served", "closed"),
    [
        ("zh-hans", "送达日期（2024-03-05）不能早于答复日期（2024-03-06）。", "办结日期"),
        ("en", "Service date (2024-03-05) cannot be before Reply date (2024-03-06).", "Closed on"),
    ],
)
def test_service_and_closing_name_their_dates(language: str, served: str, closed: str) -> None:
    late = DAY + dt.timedelta(days=1)
    error = _refusal(check_reply, late, DAY, OPINION, DAY, language=language)
    assert error.messages == [served]
    assert error.field == "served_on"
    error = _refusal(check_close, DAY, late, language=language)
    assert error.messages[0].startswith(closed)
    error = _refusal(check_decision, DAY, late, language=language)
    assert error.messages[0].startswith("决定日期" if language == "zh-hans" else "Decision date")


@pytest.mark.parametrize(
    ("language", "title", "received"),
    [
        ("zh-hans", "请填写信访事由。", "收到日期（2999-01-01）不能晚于今天。"),
        ("en", "Please fill in Subject.", "Received on (2999-01-01) cannot be later than today."),
    ],
)
def test_registration_names_its_fields(language: str, title: str, received: str) -> None:
    def check(title: str, received_on: dt.date) -> None:
        check_registration(
            unit=None,  # type: ignore[arg-type]  # read only for an accused unit
            channel=Channel.VISIT,
            category=Category.SUGGESTION,
            title=title,
            content="反映村道积水",
            received_on=received_on,
            petitioners=[PetitionerData(name="孙丽")],
        )

    assert _refusal(check, " ", DAY, language=language).messages == [title]
    assert _refusal(check, "村道", dt.date(2999, 1, 1), language=language).messages == [received]
    with translation.override(language), pytest.raises(RuleViolation) as caught:
        check_registration(
            unit=None,  # type: ignore[arg-type]
            channel="fax",
            category=Category.SUGGESTION,
            title="村道",
            content="反映村道积水",
            received_on=DAY,
            petitioners=[PetitionerData(name="孙丽")],
        )
    assert caught.value.field == "channel"


@pytest.mark.django_db
def test_a_ledger_row_the_checks_refuse_names_its_column(world: World) -> None:
    """A closed matter answered before it was accepted: the batch does not
    take it, the row's own steps refuse it, the reason stored in Chinese and
    shown in English."""
    bad = bench_row(1)
    bad[9], bad[10] = "2021-02-10", "2021-02-01"  # 受理日期 after 答复日期
    data = ("\n".join([HEADER, ",".join(bench_row(0)), ",".join(bad)]) + "\n").encode()
    for dry_run in (True, False):
        report = ledgers.run(KIND, world, data=data, dry_run=dry_run)
        rows = ledgers.by_line(report)
        assert rows[2].outcome == engine.CREATED
        assert rows[3].outcome == engine.REFUSED
        assert rows[3].reasons == ["答复日期（2021-02-01）不能早于受理日期（2021-02-10）。"]
        with translation.override("en"):
            assert [shown(r) for r in rows[3].reasons] == [
                "Reply date (2021-02-01) cannot be before Accepted on (2021-02-10)."
            ]
    assert Petition.objects.count() == 1
