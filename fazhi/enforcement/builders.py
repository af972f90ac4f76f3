"""Enforcement records built for the demo, the tests and the province
generator: one module, two ways of writing, on purpose.

The demo (`enforcement/demo.py`) and the tests build a few records through the
workflow steps with `play`: a case is its party's data and a list of steps
(`step("file_case", on=...)`), so its number, audit events, clocks and
disclosure are the ones a clerk's work would leave. The province generator
(`build`, core.builders, issue 19) writes a township's years of cases at once,
set-based (COPY): a row lock, an audit event and a clock a step would take
hours over two thousand townships, and its figures need the rows, not their
history. So the generator writes each case straight at a stage drawn from its
mix (`OLD_STAGES`, `NEW_STAGES`), with no steps to share; what the demo and the
tests share is the steps, `ORDINARY` (the ordinary procedure's stages in
order) and `Fine`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from fazhi.core import steps as core_steps
from fazhi.core.builders import Township, insert, register
from fazhi.core.models import Person

from . import workflow
from .models import Certificate, EnforcementCase, EnforcementField, Officer

Step = tuple[str, str, dict[str, Any]]  # workflow function, who acts (a user key), its arguments
CREW = "crew"  # an officers argument: the case's own two officers
OFFICER_ARGS = ("officers", "collected_by")
# The stages of the ordinary procedure (《行政处罚法》第五章第三节), in order.
ORDINARY = ("filed", "investigating", "reviewed", "notified", "stated", "decided", "served")


def step(name: str, by: str = "zhifa", **args: Any) -> Step:
    """One workflow step of a script: `step("review", by="leader", outcome=..., on=...)`."""
    return name, by, args


@dataclass(frozen=True)
class Staff:
    """A person of a township office named in a step (a hearing's chair)."""

    name: str
    office: str


@dataclass(frozen=True)
class Cast:
    """Who a script's names stand for: the acting users by key ("zhifa" the
    clerk, "leader" the head who decides, "shenhe" the legal reviewer), the
    officers by name, and a township office's staff."""

    users: Mapping[str, Any]
    officers: Mapping[str, Officer] = field(default_factory=dict)
    staff: Callable[[str, str], Person] | None = None


@dataclass(frozen=True)
class CaseScript:
    """A case: its title, field, party and steps; `crew` the two officers who
    investigate and serve; `not_before` a day before which the demo leaves it
    unbuilt (a case under investigation "now")."""

    title: str
    field_code: str
    steps: Sequence[Step]
    crew: tuple[str, ...] = ()
    party: Mapping[str, Any] = field(default_factory=dict)
    not_before: dt.date | None = None


# A step acts on the case unless it acts on something the case has.
_TARGETS: dict[str, Callable[[EnforcementCase, Any], Any]] = {
    "publish": lambda case, last: case.disclosure,
    "record_legal_review": lambda case, last: case.legal_reviews.get(),
    "lift_measure": lambda case, last: last,
}


def play(
    case: EnforcementCase, steps: Iterable[Step], cast: Cast, crew: Sequence[Any] = ()
) -> EnforcementCase:
    """Run `case` through `steps` with the workflow's own functions (each
    checks its rule, writes its audit event and moves its clocks)."""
    last: Any = case
    for name, by, args in steps:
        kw = {key: _resolve(key, value, cast, crew) for key, value in args.items()}
        target = _TARGETS[name](case, last) if name in _TARGETS else case
        last = getattr(workflow, name)(target, by=cast.users[by], **kw)
        if isinstance(last, EnforcementCase):
            case = last
    return case


def _resolve(key: str, value: Any, cast: Cast, crew: Sequence[Any]) -> Any:
    if key in OFFICER_ARGS:
        names = crew if value == CREW else value
        return [cast.officers[n] if isinstance(n, str) else n for n in names]
    if isinstance(value, Staff):
        assert cast.staff is not None, "a script naming staff needs Cast.staff"
        return cast.staff(value.name, value.office)
    if key == "files":  # (name, text): a fresh upload a run, since one is read once
        return [SimpleUploadedFile(name, text.encode(), "text/plain") for name, text in value]
    return value


def run_case(
    unit: Any, fields: Mapping[str, EnforcementField], script: CaseScript, cast: Cast
) -> EnforcementCase | None:
    """The case of `script` in `unit`, built unless one of its title is there
    already (so a second demo run changes nothing); None before `not_before`."""
    existing = EnforcementCase.objects.filter(unit=unit, title=script.title).first()
    if existing is not None:
        return existing
    if script.not_before is not None and core_steps.today() < script.not_before:
        return None
    case = EnforcementCase(
        unit=unit, title=script.title, field=fields[script.field_code], **script.party
    )
    return play(case, script.steps, cast, script.crew)


def inquiry(on: dt.date, place: str, summary: str, kind: str = "inspection") -> Step:
    """An inspection (or interview) by the case's two officers."""
    return step(
        "record_investigation", kind=kind, on=on, place=place, summary=summary, officers=CREW
    )


def evidence(kind: str, description: str, on: dt.date, place: str, **more: Any) -> Step:
    """Evidence the case's two officers collected."""
    return step(
        "add_evidence",
        kind=kind,
        description=description,
        collected_on=on,
        place=place,
        collected_by=CREW,
        **more,
    )


@dataclass(frozen=True)
class Fine:
    """A fine through the ordinary procedure (《行政处罚法》第五章第三节), its
    days and words: filed, investigated (`inquiries`), reviewed by the head,
    the party notified, heard (`heard`: a statement, a hearing, a legal
    review), decided, served, then published, paid and closed where given.
    `steps(until)` stops at a stage of `ORDINARY`."""

    filed: dt.date
    amount: str
    reviewed: dt.date
    notified: dt.date
    decided: dt.date
    served: dt.date
    inquiries: Sequence[Step] = ()
    heard: Sequence[Step] = ()
    facts: str = "事实"
    basis: str = "依据"
    performance: str = "十五日内缴纳"
    method: str = "post"
    published: dt.date | None = None
    paid: tuple[dt.date, str, str] | None = None  # on, amount with any surcharge, receipt
    closed: tuple[dt.date, str] | None = None  # on, note

    def steps(self, until: str = "closed") -> list[Step]:
        fine = Decimal(self.amount)
        served = {"officers": CREW} if self.method == "direct" else {}
        by_stage: list[Sequence[Step]] = [
            [step("file_case", on=self.filed)],
            self.inquiries,
            [step("review", by="leader", outcome="penalise", on=self.reviewed)],
            [
                step(
                    "notify",
                    on=self.notified,
                    penalty_kind="fine",
                    fine_amount=fine,
                    facts=self.facts,
                    legal_basis=self.basis,
                )
            ],
            self.heard,
            [
                step(
                    "decide",
                    by="leader",
                    on=self.decided,
                    penalty_kind="fine",
                    fine_amount=fine,
                    performance=self.performance,
                )
            ],
            [step("serve", on=self.served, method=self.method, **served)],
        ]
        if until in ORDINARY:
            by_stage = by_stage[: ORDINARY.index(until) + 1]
            return [s for stage in by_stage for s in stage]
        after = []
        if self.published:
            after.append(step("publish", on=self.published))
        if self.paid:
            on, amount, receipt = self.paid
            after.append(
                step("record_payment", paid_on=on, amount=Decimal(amount), receipt_no=receipt)
            )
        if self.closed:
            after.append(step("close", on=self.closed[0], note=self.closed[1]))
        return [s for stage in by_stage for s in stage] + after


def ordinary(filed: dt.date, fine: str, until: str) -> list[Step]:
    """A fine at the stage `until` of the ordinary procedure, a step every few
    days with placeholder words: a case at any stage for a test."""
    day = lambda n: filed + dt.timedelta(days=n)  # noqa: E731
    return Fine(
        filed=filed,
        amount=fine,
        inquiries=[inquiry(day(1), "现场", "检查")],
        reviewed=day(10),
        notified=day(12),
        heard=[step("record_statement", kind="waiver", on=day(13), text="")],
        decided=day(14),
        served=day(15),
    ).steps(until)


PER_TOWNSHIP_YEAR = 100
OFFICERS = 6
FIELDS = (("natural_resources", "自然资源"), ("ecology", "生态环境"), ("market", "市场监管"))
TYPES = [
    (EnforcementCase.CaseType.PENALTY, 70),
    (EnforcementCase.CaseType.INSPECTION, 20),
    (EnforcementCase.CaseType.COERCION, 10),
]
OLD_STAGES = [(EnforcementCase.Stage.CLOSED, 70), (EnforcementCase.Stage.EXECUTED, 12)] + [
    (s, 2) for s in EnforcementCase.Stage.values if s not in ("closed", "executed")
]
NEW_STAGES = [(s, 10) for s in EnforcementCase.Stage.values]


def build(t: Township) -> int:
    fields = t.once(
        "enforcement.fields",
        lambda: [
            EnforcementField.objects.get_or_create(code=code, defaults={"name": name})[0].pk
            for code, name in FIELDS
        ],
    )
    people = [
        {"unit_id": t.unit.pk, "name": f"执法员{t.index}-{i}", "is_cadre": True}
        for i in range(OFFICERS)
    ]
    n = insert(Person, people)
    officers = [{"unit_id": t.unit.pk, "person_id": p["id"], "area_id": t.unit.pk} for p in people]
    n += insert(Officer, officers)
    certs = []
    for i, o in enumerate(officers):
        issued = t.today - dt.timedelta(days=t.rng.randrange(60, 5 * 365))
        certs.append(
            {
                "unit_id": t.unit.pk,
                "officer_id": o["id"],
                "number": f"S{t.index:06d}{i:02d}",
                "issuing_authority": "省人民政府",
                "issued_on": issued,
                "expires_on": issued + dt.timedelta(days=5 * 365 - 1),  # no 29 February trap
            }
        )
    n += insert(Certificate, certs)
    cases = []
    for year in t.years:
        for i in range(t.per_year(PER_TOWNSHIP_YEAR)):
            filed = t.seasons.date(t.rng, year)
            stage = t.pick(OLD_STAGES if (t.today - filed).days > 90 else NEW_STAGES)
            cases.append(
                {
                    "unit_id": t.unit.pk,
                    "number": f"合综执立〔{year}〕{t.index}-{i + 1}号",
                    "case_type": t.pick(TYPES),
                    "stage": stage,
                    "title": f"案件{i}",
                    "field_id": t.rng.choice(fields),
                    "party_name": t.rng.choice(t.people)["name"],
                    "act_date": filed,
                    "discovered_on": filed,
                    "filed_on": None if stage == EnforcementCase.Stage.CLUE else filed,
                    "facts": "合成数据",
                    "legal_basis": "合成依据",
                    "fine_amount": Decimal(t.rng.randrange(0, 20) * 500),
                    "address": t.village().name,
                }
            )
    n += insert(EnforcementCase, cases)
    return n


register("enforcement", build, order=30)
