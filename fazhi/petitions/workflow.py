"""Every state change of a petition, one function per step.

Each function locks the petition row, refuses a stale `version` (a second
cadre editing the same matter is told who changed it and when), checks the
allowed-transition table (`models.TRANSITIONS`), validates the rule of the
step, writes the new state with a `StageChange` row and an audit row, starts
or stops the statutory clocks through `fazhi.core.clocks`, and posts
reminders after commit. A refusal raises `RuleViolation` naming the field,
inside one transaction, so nothing is half-saved.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import secrets
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from fazhi.core import audit, clocks, numbering, reminders, rulesettings
from fazhi.core import workflow as core_workflow
from fazhi.core.errors import ConcurrentEdit, RuleViolation
from fazhi.core.models import Clock, GroupMembership, OrgUnit, Person, User
from fazhi.core.roles import READ_ONLY_ROLES, Role
from fazhi.core.scope import units_visible_to
from fazhi.core.validators import (
    mask_address,
    mask_id_number,
    mask_phone,
    normalize_id_number,
    validate_id_number,
)
from fazhi.core.workdays import Due, due_date

from . import rules
from .models import (
    TRANSITIONS,
    Appeal,
    AppealLevel,
    AppealResult,
    Category,
    Channel,
    Outcome,
    Petition,
    Petitioner,
    Procedure,
    Reception,
    ReceptionDuty,
    ResponsibleLevel,
    Satisfaction,
    Source,
    Stage,
    StageChange,
)

QUERY_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read over the phone
QUERY_CODE_LENGTH = 12  # 32^12 ≈ 10^18: not guessable


# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------


def today() -> dt.date:
    return timezone.localdate()


def _actor(by: Any) -> User | None:
    return by if getattr(by, "is_authenticated", False) else None


def _check_writer(by: Any) -> None:
    if not getattr(by, "can_write", False):
        raise RuleViolation("您的角色为只读，不能办理信访事项。")


def _lock(petition: Petition, version: int | None) -> Petition:
    """The row under lock; a stale version is refused, never overwritten."""
    current = Petition.objects.select_for_update().get(pk=petition.pk)
    if version is not None and current.version != version:
        who = User.objects.filter(pk=current.updated_by_id).first()
        when = timezone.localtime(current.updated_at).strftime("%Y-%m-%d %H:%M")
        raise ConcurrentEdit(who.display_name if who else "他人", when)
    return current


def _check_date(
    on: dt.date | None,
    field: str,
    label: str,
    *,
    not_before: dt.date | None = None,
    before_label: str = "",
) -> dt.date:
    if on is None:
        raise RuleViolation(f"请填写{label}。", field=field)
    if on > today():
        raise RuleViolation(f"{label} {on.isoformat()} 不能晚于今天。", field=field)
    if not_before is not None and on < not_before:
        raise RuleViolation(
            f"{label} {on.isoformat()} 不能早于{before_label} {not_before.isoformat()}。",
            field=field,
        )
    return on


def _require(value: str, field: str, label: str, rule: str = "") -> str:
    text = (value or "").strip()
    if not text:
        raise RuleViolation(f"请填写{label}。", field=field, rule=rule)
    return text


# The date each transition is recorded on, by the stage it leads to: (input, label).
_TRANSITION_DATES = {
    Stage.ACCEPTED: ("on", "受理日期"),
    Stage.DECLINED: ("on", "决定日期"),
    Stage.REFERRED: ("on", "决定日期"),
    Stage.OBJECTED: ("on", "异议日期"),
    Stage.REPLIED: ("on", "答复日期"),
    Stage.CLOSED: ("on", "办结日期"),
    Stage.REVIEW: ("requested_on", "复查请求日期"),
    Stage.REVIEWED: ("on", "复查意见日期"),
    Stage.RE_REVIEW: ("requested_on", "复核请求日期"),
    Stage.FINAL: ("on", "复核意见日期"),
}


def _transition(petition: Petition, to: str, *, by: Any, on: dt.date, note: str = "") -> None:
    """The one place the allowed-transition table is checked; every
    transition is recorded with its date, so a missing date is refused here
    (before the stage history is written)."""
    if to not in TRANSITIONS[petition.stage]:
        raise RuleViolation(
            f"信访事项处于“{petition.get_stage_display()}”阶段，不能转为“{Stage(to).label}”。",
            field="stage",
        )
    if on is None:
        field, label = _TRANSITION_DATES.get(Stage(to), ("on", "日期"))
        raise RuleViolation(f"请填写{label}。", field=field)
    StageChange.write(petition.stage, to, by=by, note=note, petition=petition, on=on)
    petition.stage = to


def _save(
    petition: Petition,
    *,
    by: Any,
    before: dict[str, Any],
    note: str = "",
    action: str = "transition",
) -> Petition:
    petition.version += 1
    petition.updated_by = _actor(by)
    petition.save()
    audit.record(
        petition,
        by=by,
        action=action,
        changes=audit.diff(before, audit.snapshot(petition)),
        note=note,
    )
    return petition


def _clock(petition: Petition, kind: str) -> Clock | None:
    return clocks.clock(petition, kind)


def _stop(petition: Petition, kind: str, on: dt.date, by: Any) -> None:
    running = _clock(petition, kind)
    if running is not None and running.status != Clock.Status.STOPPED:
        clocks.stop(running, on=max(on, running.start_date), by=by)


def township_of(unit: OrgUnit) -> OrgUnit:
    return unit.township() or unit


def _url(petition: Petition) -> str:
    return petition.get_absolute_url()


def _leader_users(petition: Petition) -> list[User]:
    users: list[User] = []
    if petition.handler_id and petition.handler is not None:
        users.append(petition.handler)
    if petition.owner_leader_id:
        leader_user = User.objects.filter(person_id=petition.owner_leader_id).first()
        if leader_user is not None and leader_user not in users:
            users.append(leader_user)
    return users


def _office_users(petition: Petition, by: Any) -> list[User]:
    """Who answers the receipt clocks: the petition-office staff of the holding unit."""
    users = list(
        User.objects.filter(home_unit=petition.unit, role=Role.PETITION_OFFICE, is_active=True)
    )
    actor = _actor(by)
    if actor is not None and actor not in users:
        users.append(actor)
    return users


def _start(
    petition: Petition,
    *,
    kind: str,
    label: str,
    start: dt.date,
    length: int,
    unit: str,
    basis: str,
    by: Any,
    recipients: Iterable[User],
) -> Clock:
    return clocks.start(
        petition,
        kind=kind,
        label=f"{petition.number} {label}",
        start_date=start,
        length=length,
        unit=unit,
        unit_org=petition.unit,
        by=by,
        legal_basis=basis,
        recipients=recipients,
        url=_url(petition),
    )


def window(start: dt.date, length: int) -> Due:
    """A petitioner's appeal window (calendar days, start day not counted,
    a last day on a holiday moves to the next working day)."""
    return due_date(start, length, "calendar", clocks.load_calendar())


def leaders_of(township: OrgUnit) -> Any:
    """The township's leadership-group members who hold a leadership post
    (党委书记、乡长、人大主席): the leaders who receive visitors and own key cases."""
    return (
        GroupMembership.objects.filter(group__unit=township)
        .exclude(leadership_role="")
        .select_related("person")
        .order_by("order", "pk")
    )


def _check_leader(person: Person | None, township: OrgUnit, field: str) -> Person:
    if person is None:
        raise RuleViolation("请选择包案领导。", field=field)
    if not leaders_of(township).filter(person=person).exists():
        raise RuleViolation(
            f"“{person.name}”不是{township.name}领导小组的领导成员，不能包案。", field=field
        )
    return person


# ---------------------------------------------------------------------------
# Registration and repeat detection
# ---------------------------------------------------------------------------


@dataclass
class PetitionerData:
    name: str
    id_number: str = ""
    phone: str = ""
    address: str = ""
    is_representative: bool = False


@dataclass
class RepeatMatch:
    petition: Petition
    reason: str
    same_person: bool
    similarity: float


_SPACE = re.compile(r"[\s，。、；：,.;:!！?？“”\"'‘’（）()《》【】\[\]—\-…·]+")


def normalise(text: str) -> str:
    """The matter text as compared: full-width letters and digits folded
    (NFKC), spaces and punctuation dropped, so retyping a matter with other
    punctuation or a stray space does not make it a different matter."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", text or "")).lower()


def similarity(a: str, b: str) -> float:
    """difflib's ratio (2·matches / total length) of the normalised texts: 1.0
    for the same text, high when one is the other with a few characters
    changed, added or dropped. Chinese has no word boundaries, so characters
    are compared, in order (unlike an n-gram set, the order of the words counts)."""
    return difflib.SequenceMatcher(None, normalise(a), normalise(b), autojunk=False).ratio()


def _matter(p: Petition) -> str:
    return p.title + p.content


def _same_subject(new: Petition, other: Petition) -> float:
    """How alike two matters of the same named petitioner are: the subject
    line (信访事由) or the whole matter, whichever is closer (a clerk retypes
    the content in other words but names the subject the same way)."""
    return max(similarity(new.title, other.title), similarity(_matter(new), _matter(other)))


def find_repeats(
    petition: Petition,
    id_numbers: Sequence[str],
    names: Sequence[tuple[str, str]] = (),
) -> list[RepeatMatch]:
    """Earlier petitions (open or closed, the same day included) of the same
    township that are the same matter again, newest first:

    - by the same petitioner: the same ID number, whatever the matter;
    - by a petitioner of the same name (no ID number, or the same one) on a
      near-identical subject: `_same_subject` at least the setting
      `petitions.repeat_similarity_same_name`;
    - on a near-identical matter of the same category where the two cannot
      be told apart as different people (one side has a petitioner without
      an ID number: an unsigned letter, a call): the whole matter's
      `similarity` at least `petitions.repeat_similarity` (a stricter
      threshold, the person being unknown). Two identified people with
      different ID numbers on the same kind of matter (neighbours each asking
      for a bus line) are two petitions, not a repeat (重复信访 is the same
      person coming back).

    `names` are the new petitioners' (name, ID number). The lookback for the
    last two is `rules.REPEAT_LOOKBACK_DAYS`. The thresholds are township
    settings: no law fixes them (LAW.md gives none)."""
    township = township_of(petition.unit)
    base = (
        Petition.objects.in_unit(township)
        .exclude(pk=petition.pk)
        .filter(received_on__lte=petition.received_on)
    )
    fields = ("id", "number", "title", "content", "stage", "received_on")
    matches: dict[int, RepeatMatch] = {}
    ids = [i for i in id_numbers if i]
    if ids:
        for other in (
            base.filter(petitioners__id_number__in=ids)
            .distinct()
            .only(*fields)
            .order_by("-received_on", "-pk")[:50]
        ):
            score = similarity(_matter(petition), _matter(other))
            matches[other.pk] = RepeatMatch(
                other, f"同一信访人（身份证号码相同）：{other.number}", True, score
            )
    since = petition.received_on - dt.timedelta(days=rules.REPEAT_LOOKBACK_DAYS)
    recent = base.filter(received_on__gte=since)
    ids_by_name: dict[str, set[str]] = {}
    for name, id_number in names:
        key = normalise(name)
        if key:
            ids_by_name.setdefault(key, set()).add(id_number)
    if ids_by_name:
        same_name = float(rulesettings.get(township, "petitions.repeat_similarity_same_name"))
        namesakes = (
            Petitioner.objects.filter(
                petition__in=recent.values("pk"), name__in=[n for n, _ in names]
            )
            .select_related("petition")
            .only("name", "id_number", *(f"petition__{f}" for f in fields))
            .order_by("-petition__received_on", "-petition__pk")[:100]
        )
        for person in namesakes:
            other = person.petition
            theirs = ids_by_name.get(normalise(person.name), set())
            # Two different ID numbers are two different people of one name.
            if other.pk in matches or (
                person.id_number and theirs and person.id_number not in theirs and "" not in theirs
            ):
                continue
            score = _same_subject(petition, other)
            if score >= same_name:
                matches[other.pk] = RepeatMatch(
                    other,
                    f"同名信访人（{person.name}）反映相同事项（相似度{score:.0%}）：{other.number}",
                    True,
                    score,
                )
    threshold = float(rulesettings.get(township, "petitions.repeat_similarity"))
    text = normalise(_matter(petition))
    candidates = recent.filter(category=petition.category).order_by("-received_on", "-pk")
    identified = bool(names) and all(id_number for _, id_number in names)
    if identified:
        # Only matters with a petitioner of unknown identity can be the same person.
        candidates = candidates.filter(petitioners__id_number="").distinct()
    for other in candidates.only(*fields)[:300]:
        if other.pk in matches:
            continue
        matcher = difflib.SequenceMatcher(None, text, normalise(_matter(other)), autojunk=False)
        if matcher.real_quick_ratio() < threshold or matcher.quick_ratio() < threshold:
            continue
        score = matcher.ratio()
        if score >= threshold:
            matches[other.pk] = RepeatMatch(
                other, f"事项相近（相似度{score:.0%}）：{other.number}", False, score
            )
    return sorted(
        matches.values(), key=lambda m: (m.petition.received_on, m.petition.pk), reverse=True
    )


def _new_query_code() -> str:
    while True:
        code = "".join(secrets.choice(QUERY_ALPHABET) for _ in range(QUERY_CODE_LENGTH))
        if not Petition.objects.filter(query_code=code).exists():
            return code


def _clean_petitioners(
    petitioners: Sequence[PetitionerData], group_size: int
) -> list[PetitionerData]:
    if not petitioners:
        raise RuleViolation("请至少登记一位信访人。", field="petitioners")
    cleaned: list[PetitionerData] = []
    for i, p in enumerate(petitioners, start=1):
        name = (p.name or "").strip()
        if not name:
            raise RuleViolation(f"第{i}位信访人：请填写姓名。", field="petitioners")
        number = normalize_id_number(p.id_number)
        if number:
            try:
                validate_id_number(number)
            except ValidationError as exc:
                raise RuleViolation(
                    f"第{i}位信访人（{name}）的身份证号码：{exc.messages[0]}", field="id_number"
                ) from None
        cleaned.append(
            PetitionerData(
                name,
                number,
                (p.phone or "").strip(),
                (p.address or "").strip(),
                bool(p.is_representative),
            )
        )
    representatives = sum(1 for p in cleaned if p.is_representative)
    # 《信访工作条例》第二十条: a group visit elects representatives, at most five.
    if representatives > rules.MAX_REPRESENTATIVES:
        raise RuleViolation(
            f"集体访推选的代表不得超过{rules.MAX_REPRESENTATIVES}人（现登记{representatives}人）。",
            field="petitioners",
            rule=rules.ART_20,
        )
    if group_size > rules.MAX_REPRESENTATIVES and representatives == 0:
        raise RuleViolation(
            f"{group_size}人集体访应推选代表（不超过{rules.MAX_REPRESENTATIVES}人）并在信访人中标明。",
            field="petitioners",
            rule=rules.ART_20,
        )
    return cleaned


@transaction.atomic
def register(
    *,
    unit: OrgUnit,
    channel: str,
    category: str,
    title: str,
    content: str,
    received_on: dt.date,
    petitioners: Sequence[PetitionerData],
    by: Any,
    source: str = Source.DIRECT,
    sending_body: str = "",
    sending_ref: str = "",
    group_size: int = 1,
    involved_unit: OrgUnit | None = None,
    accused_unit: OrgUnit | None = None,
    reception: Reception | None = None,
    via_public: bool = False,
) -> Petition:
    """登记: every item received is registered (《信访工作条例》第二十一、二十三条).

    Starts the 15-day receipt-notice clock (第二十三条第二款、第三款) and, for an
    item transferred in by a petition bureau, the 5-working-day objection
    clock (第二十三条第三款). Earlier petitions by the same petitioner or on a
    near-identical matter are linked (repeat-petition detection); one after
    a re-review on the same facts is flagged (第三十六条第三款).
    """
    if not via_public:
        _check_writer(by)
        if not units_visible_to(by).filter(pk=unit.pk).exists():
            raise RuleViolation("所属单位不存在或不在您的管辖范围内。", field="unit")
    if channel not in Channel.values:
        raise RuleViolation("请选择信访形式（来访、来信、来电或网上信访）。", field="channel")
    if category not in Category.values:
        raise RuleViolation("请选择信访类别。", field="category")
    title = _require(title, "title", "信访事由")
    content = _require(content, "content", "信访内容")
    _check_date(received_on, "received_on", "收到日期")
    if group_size < 1:
        raise RuleViolation("来访人数至少为1。", field="group_size")
    people = _clean_petitioners(petitioners, group_size)
    if source == Source.TRANSFERRED:
        _require(sending_body, "sending_body", "转送交办机关", rules.ART_23)
        _require(sending_ref, "sending_ref", "转送交办文号", rules.ART_23)
    elif source != Source.DIRECT:
        raise RuleViolation("来源应为直接收到或上级转送交办。", field="source")
    if accused_unit is not None and category != Category.ACCUSATION:
        raise RuleViolation("只有检举控告类事项可以填写被检举控告单位。", field="accused_unit")
    if accused_unit is not None and accused_unit.path and unit.path.startswith(accused_unit.path):
        # 《信访工作条例》第三十条: the accused never holds the accusation material.
        raise RuleViolation(
            "被检举控告单位不能登记或持有本事项，请由其上级单位登记。",
            field="accused_unit",
            rule=rules.ART_30,
        )
    township = township_of(unit)
    petition = Petition(
        unit=unit,
        number=numbering.next_number(
            township, rules.NUMBER_KIND, received_on.year, rules.NUMBER_WORD
        ),
        query_code=_new_query_code(),
        channel=channel,
        source=source,
        sending_body=sending_body.strip(),
        sending_ref=sending_ref.strip(),
        category=category,
        title=title,
        content=content,
        received_on=received_on,
        group_size=group_size,
        involved_unit=involved_unit,
        accused_unit=accused_unit,
        reception=reception,
        via_public=via_public,
        created_by=_actor(by),
        updated_by=_actor(by),
    )
    petition.save()
    Petitioner.objects.bulk_create(
        [
            Petitioner(
                petition=petition,
                name=p.name,
                id_number=p.id_number,
                phone=p.phone,
                address=p.address,
                is_representative=p.is_representative,
            )
            for p in people
        ]
    )
    note = "网上提交" if via_public else ""
    StageChange.write("", Stage.REGISTERED, by=by, note=note, petition=petition, on=received_on)
    repeats = find_repeats(
        petition, [p.id_number for p in people], [(p.name, p.id_number) for p in people]
    )
    if repeats:
        first = repeats[0]
        petition.is_repeat = True
        petition.repeat_of = first.petition
        petition.repeat_reason = "；".join(m.reason for m in repeats[:3])[:200]
        petition.after_final = any(
            m.petition.stage == Stage.FINAL and (not m.same_person or m.similarity >= 0.5)
            for m in repeats
        )
        petition.save(update_fields=["is_repeat", "repeat_of", "repeat_reason", "after_final"])
    audit.record(
        petition,
        by=by,
        action="create",
        changes=audit.diff({}, audit.snapshot(petition)),
        note="群众网上提交" if via_public else "",
    )
    office = _office_users(petition, by)
    _start(
        petition,
        kind=rules.CLOCK_RECEIPT_NOTICE,
        label="书面告知（收到之日起15日）",
        start=received_on,
        length=rules.RECEIPT_NOTICE_DAYS,
        unit="calendar",
        basis=rules.ART_23,
        by=by,
        recipients=office,
    )
    if source == Source.TRANSFERRED:
        _start(
            petition,
            kind=rules.CLOCK_OBJECTION,
            label="转送异议（5个工作日）",
            start=received_on,
            length=rules.OBJECTION_WORKING_DAYS,
            unit="working",
            basis=f"{rules.ART_23}第三款",
            by=by,
            recipients=office,
        )
    for user in office:
        reminders.post(
            user,
            key=f"petition:{petition.pk}:registered",
            title=f"新登记信访事项 {petition.number}",
            url=_url(petition),
        )
    return petition


# ---------------------------------------------------------------------------
# Decision: accept, decline, refer, object to a wrong transfer
# ---------------------------------------------------------------------------


def _decide(petition: Petition, on: dt.date, by: Any) -> None:
    _check_date(on, "on", "决定日期", not_before=petition.received_on, before_label="收到日期")
    petition.decided_on = on
    _stop(petition, rules.CLOCK_RECEIPT_NOTICE, on, by)
    _stop(petition, rules.CLOCK_OBJECTION, on, by)


@transaction.atomic
def accept(
    petition: Petition, *, by: Any, on: dt.date, note: str = "", version: int | None = None
) -> Petition:
    """受理: the matter is within the township's remit. The written notice is
    the receipt notice (《信访工作条例》第二十三条); the 60-day handling clock
    starts on the acceptance date (第三十四条)."""
    _check_writer(by)
    p = _lock(petition, version)
    before = audit.snapshot(p)
    _transition(p, Stage.ACCEPTED, by=by, on=on, note=note)
    _decide(p, on, by)
    p.decision_note = note.strip()
    _save(p, by=by, before=before, note="受理")
    _start(
        p,
        kind=rules.CLOCK_HANDLING,
        label="办理答复（受理之日起60日）",
        start=on,
        length=rules.HANDLING_DAYS,
        unit="calendar",
        basis=rules.ART_34,
        by=by,
        recipients=_office_users(p, by),
    )
    return p


@transaction.atomic
def decline(
    petition: Petition,
    *,
    by: Any,
    on: dt.date,
    competent_body: str,
    reason: str,
    version: int | None = None,
) -> Petition:
    """不予受理: not within the remit; the petitioner is told which organ to
    approach (《信访工作条例》第二十三条第二款)."""
    _check_writer(by)
    p = _lock(petition, version)
    before = audit.snapshot(p)
    _transition(p, Stage.DECLINED, by=by, on=on, note=reason)
    p.competent_body = _require(competent_body, "competent_body", "有权处理机关", rules.ART_23)
    p.decision_note = _require(reason, "reason", "不予受理理由")
    _decide(p, on, by)
    p.closed_on = on
    return _save(p, by=by, before=before, note="不予受理")


@transaction.atomic
def refer(
    petition: Petition,
    *,
    by: Any,
    on: dt.date,
    procedure: str,
    competent_body: str,
    reason: str = "",
    version: int | None = None,
) -> Petition:
    """导入法定程序: a claim belonging to litigation, arbitration,
    reconsideration etc. is channelled into it (《信访工作条例》第三十一条)."""
    _check_writer(by)
    p = _lock(petition, version)
    before = audit.snapshot(p)
    if procedure not in Procedure.values:
        raise RuleViolation("请选择应当导入的法定程序。", field="procedure", rule=rules.ART_31)
    _transition(p, Stage.REFERRED, by=by, on=on, note=reason)
    p.procedure = procedure
    p.competent_body = _require(competent_body, "competent_body", "有权处理机关", rules.ART_31)
    p.decision_note = reason.strip()
    _decide(p, on, by)
    p.closed_on = on
    return _save(p, by=by, before=before, note=f"导入{Procedure(procedure).label}程序")


@transaction.atomic
def object_transfer(
    petition: Petition, *, by: Any, on: dt.date, reason: str, version: int | None = None
) -> Petition:
    """转送异议: an item transferred in that is not the township's
    responsibility is objected to, with reasons, within 5 working days of
    receipt (《信访工作条例》第二十三条第三款)."""
    _check_writer(by)
    p = _lock(petition, version)
    before = audit.snapshot(p)
    if p.source != Source.TRANSFERRED:
        raise RuleViolation(
            "只有上级转送交办的事项才能提出异议。", field="source", rule=rules.ART_23
        )
    _check_date(on, "on", "异议日期", not_before=p.received_on, before_label="收到日期")
    clock = _clock(p, rules.CLOCK_OBJECTION)
    if clock is not None and clock.due_date is not None and on > clock.due_date:
        steps = "；".join(clock.explanation or [])
        raise RuleViolation(
            f"异议期限已于 {clock.due_date.isoformat()} 届满，不能再提出异议（{steps}）。",
            field="on",
            rule=f"{rules.ART_23}第三款",
        )
    _transition(p, Stage.OBJECTED, by=by, on=on, note=reason)
    p.decision_note = _require(reason, "reason", "异议理由", rules.ART_23)
    _decide(p, on, by)
    p.closed_on = on
    return _save(p, by=by, before=before, note="提出转送异议")


# ---------------------------------------------------------------------------
# Handling: tiered responsibility, key cases, investigation, extension
# ---------------------------------------------------------------------------


def level_of(unit: OrgUnit) -> str:
    village_kinds = {OrgUnit.Kind.VILLAGE, OrgUnit.Kind.COMMUNITY, OrgUnit.Kind.GROUP}
    return ResponsibleLevel.VILLAGE if unit.kind in village_kinds else ResponsibleLevel.TOWNSHIP


def can_handle(user: User) -> bool:
    """Who may be given a matter to handle: an active user with a case-work
    role. The three administrators (三员分立, core.roles.ADMIN_ROLES) do no case
    work and the county supervisor only reads (READ_ONLY_ROLES)."""
    return bool(user.is_active and user.role and user.role not in READ_ONLY_ROLES)


def handler_candidates(township: OrgUnit) -> Any:
    """The users a matter of `township` may be handed to (the assign form's choices)."""
    return (
        User.objects.filter(home_unit__path__startswith=township.path, is_active=True)
        .exclude(role="")
        .exclude(role__in=READ_ONLY_ROLES)
    )


def _check_handler_role(handler: User) -> None:
    if not can_handle(handler):
        raise RuleViolation(
            f"“{handler.display_name}”是{handler.get_role_display() or '无角色用户'}，"
            "不能承办信访事项；请选择乡镇、村（社区）的办案干部。",
            field="handler",
        )


@transaction.atomic
def assign(
    petition: Petition,
    *,
    by: Any,
    responsible_unit: OrgUnit,
    handler: User | None = None,
    is_key_case: bool = False,
    owner_leader: Person | None = None,
    version: int | None = None,
) -> Petition:
    """交办 / 分级负责: a township office or a village answers at its own level
    (《信访工作条例》第十五条); a key case has a leader who owns it (包案)."""
    _check_writer(by)
    p = _lock(petition, version)
    before = audit.snapshot(p)
    if p.stage != Stage.ACCEPTED:
        raise RuleViolation("只有已受理、正在办理的事项才能交办。", field="stage")
    township = township_of(p.unit)
    if responsible_unit is None or not responsible_unit.path.startswith(township.path):
        raise RuleViolation(
            f"承办单位应为{township.name}或其下属单位、村（社区）。", field="responsible_unit"
        )
    if p.accused_unit_id and responsible_unit.path.startswith(p.accused_unit.path):  # type: ignore[union-attr]
        raise RuleViolation(
            "检举控告事项不能交由被检举控告单位办理。", field="responsible_unit", rule=rules.ART_30
        )
    if handler is not None:
        _check_handler_role(handler)
        home = handler.home_unit
        if home is None or not home.path.startswith(township.path):
            raise RuleViolation(f"承办人应为{township.name}的干部。", field="handler")
        if p.accused_unit_id and home.path.startswith(p.accused_unit.path):  # type: ignore[union-attr]
            raise RuleViolation(
                "承办人不能是被检举控告单位的人员。", field="handler", rule=rules.ART_30
            )
    if is_key_case:
        _check_leader(owner_leader, township, "owner_leader")
    elif owner_leader is not None:
        raise RuleViolation("只有重点案件才确定包案领导，请勾选“重点案件”。", field="is_key_case")
    p.responsible_unit = responsible_unit
    p.responsible_level = level_of(responsible_unit)
    p.handler = handler
    p.is_key_case = is_key_case
    p.owner_leader = owner_leader if is_key_case else None
    _save(p, by=by, before=before, note=f"交办{responsible_unit.name}", action="update")
    users = _leader_users(p)
    handling = _clock(p, rules.CLOCK_HANDLING)
    if handling is not None:
        # The due date is the clock's; who is reminded of it is the matter's.
        clocks.add_recipients(handling, users)
    for user in users:
        reminders.post(
            user,
            key=f"petition:{p.pk}:assigned:{p.version}",
            title=f"信访事项 {p.number} 已交您办理",
            url=_url(p),
        )
    return p


@transaction.atomic
def record_handling(
    petition: Petition,
    *,
    by: Any,
    investigation: str = "",
    hearing_on: dt.date | None = None,
    hearing_note: str = "",
    settlement: str = "",
    version: int | None = None,
) -> Petition:
    """办理: investigation notes, a hearing for a complex matter, a settlement
    the parties reached (《信访工作条例》第三十三条)."""
    _check_writer(by)
    p = _lock(petition, version)
    before = audit.snapshot(p)
    if p.stage != Stage.ACCEPTED:
        raise RuleViolation("只有办理中的事项才能记录办理情况。", field="stage")
    if hearing_on is not None:
        _check_date(
            hearing_on, "hearing_on", "听证日期", not_before=p.decided_on, before_label="受理日期"
        )
    p.investigation = investigation.strip()
    p.hearing_on = hearing_on
    p.hearing_note = hearing_note.strip()
    p.settlement = settlement.strip()
    return _save(p, by=by, before=before, note="记录办理情况", action="update")


def _check_approver(approver: Person | None, township: OrgUnit) -> Person:
    roles = list(rulesettings.get(township, "petitions.extension_approver_roles"))
    if approver is None:
        raise RuleViolation(
            "延期须经本机关负责人批准，请选择批准人。", field="approver", rule=rules.ART_34
        )
    ok = leaders_of(township).filter(person=approver, leadership_role__in=roles).exists()
    if not ok:
        raise RuleViolation(
            f"“{approver.name}”不是本机关负责人，延期须经本机关负责人批准。",
            field="approver",
            rule=rules.ART_34,
        )
    return approver


@transaction.atomic
def extend(
    petition: Petition,
    *,
    by: Any,
    days: int,
    reason: str,
    approver: Person | None,
    on: dt.date,
    notice_on: dt.date | None,
    version: int | None = None,
) -> Petition:
    """延期: a complex matter may be extended once by at most 30 days with the
    approval of the head of the organ, the petitioner told why
    (《信访工作条例》第三十四条)."""
    _check_writer(by)
    p = _lock(petition, version)
    before = audit.snapshot(p)
    if p.stage != Stage.ACCEPTED:
        raise RuleViolation("只有办理中的事项才能延期。", field="stage")
    if p.extension_days:
        raise RuleViolation("办理期限只能延长一次。", field="days", rule=rules.ART_34)
    if days is None or days < 1 or days > rules.MAX_EXTENSION_DAYS:
        raise RuleViolation(
            f"延长期限应为1至{rules.MAX_EXTENSION_DAYS}日。", field="days", rule=rules.ART_34
        )
    township = township_of(p.unit)
    person = _check_approver(approver, township)
    reason = _require(reason, "reason", "延期理由", rules.ART_34)
    _check_date(on, "on", "批准日期", not_before=p.decided_on, before_label="受理日期")
    _check_date(notice_on, "notice_on", "告知信访人日期", not_before=on, before_label="批准日期")
    clock = _clock(p, rules.CLOCK_HANDLING)
    if clock is None or clock.status == Clock.Status.STOPPED:
        raise RuleViolation("办理期限已结束，不能延期。", field="days")
    if clock.due_date is not None and on > clock.due_date:
        raise RuleViolation(
            f"办理期限已于 {clock.due_date.isoformat()} 届满，应在期限内批准延期。",
            field="on",
            rule=rules.ART_34,
        )
    clocks.extend(
        clock,
        days=days,
        reason=reason,
        approver=f"{person.name}",
        legal_basis=rules.ART_34,
        by=by,
        max_days=rules.MAX_EXTENSION_DAYS,
        on=on,
    )
    p.extension_days = days
    p.extension_reason = reason
    p.extension_approver = person
    p.extension_notice_on = notice_on
    return _save(
        p, by=by, before=before, note=f"延期{days}日（批准人：{person.name}）", action="update"
    )


# ---------------------------------------------------------------------------
# Reply, service, closing
# ---------------------------------------------------------------------------


OPINION_FIELDS = (
    ("reply_request", "信访请求"),
    ("reply_facts", "事实和理由"),
    ("reply_outcome", "处理意见"),
    ("reply_basis", "法律政策依据"),
)


def _check_opinion(p: Petition) -> None:
    """《信访工作条例》第三十二条: a claim's opinion states all four parts."""
    if p.category == Category.CLAIM:
        for field, label in OPINION_FIELDS:
            if not str(getattr(p, field) or "").strip():
                raise RuleViolation(
                    f"申诉求决类事项的信访处理意见书应载明{label}。", field=field, rule=rules.ART_32
                )
    else:
        if not p.reply_facts.strip():
            raise RuleViolation("请填写答复内容（事实和理由）。", field="reply_facts")


@transaction.atomic
def reply(
    petition: Petition,
    *,
    by: Any,
    on: dt.date,
    request: str = "",
    facts: str = "",
    outcome: str = "",
    basis: str = "",
    served_on: dt.date | None = None,
    version: int | None = None,
) -> Petition:
    """答复: the written handling opinion (信访处理意见书) states the request,
    facts and reasons, outcome and legal basis (《信访工作条例》第三十二条);
    it stops the 60-day handling clock (第三十四条)."""
    _check_writer(by)
    p = _lock(petition, version)
    before = audit.snapshot(p)
    _transition(p, Stage.REPLIED, by=by, on=on)
    _check_date(on, "on", "答复日期", not_before=p.decided_on, before_label="受理日期")
    if outcome and outcome not in Outcome.values:
        raise RuleViolation(
            "处理意见应为予以支持、解释说明或不予支持。", field="reply_outcome", rule=rules.ART_32
        )
    p.reply_on = on
    p.reply_request, p.reply_facts = request.strip(), facts.strip()
    p.reply_outcome, p.reply_basis = outcome, basis.strip()
    _check_opinion(p)
    if served_on is not None:
        p.reply_served_on = _check_date(
            served_on, "served_on", "送达日期", not_before=on, before_label="答复日期"
        )
    _stop(p, rules.CLOCK_HANDLING, on, by)
    return _save(p, by=by, before=before, note=f"答复：{Outcome(outcome).label if outcome else ''}")


@transaction.atomic
def serve_reply(
    petition: Petition, *, by: Any, on: dt.date, version: int | None = None
) -> Petition:
    """送达: the date the reply reached the petitioner; the 30-day review
    window runs from it (《信访工作条例》第三十五条)."""
    _check_writer(by)
    p = _lock(petition, version)
    before = audit.snapshot(p)
    if p.reply_on is None:
        raise RuleViolation("尚未出具答复意见，不能登记送达。", field="served_on")
    p.reply_served_on = _check_date(
        on, "served_on", "送达日期", not_before=p.reply_on, before_label="答复日期"
    )
    return _save(p, by=by, before=before, note="答复送达", action="update")


@transaction.atomic
def close(
    petition: Petition, *, by: Any, on: dt.date, resolved: bool = True, version: int | None = None
) -> Petition:
    """办结: only after the reply was served and, for a claim, with a complete
    handling opinion (《信访工作条例》第三十二条)."""
    _check_writer(by)
    p = _lock(petition, version)
    before = audit.snapshot(p)
    _transition(p, Stage.CLOSED, by=by, on=on)
    _check_opinion(p)
    if p.reply_served_on is None:
        raise RuleViolation("答复意见尚未送达信访人，不能办结。", field="reply_served_on")
    last_served = p.reply_served_on
    review = p.appeals.filter(level=AppealLevel.REVIEW).first()
    if review is not None:
        if review.served_on is None:
            raise RuleViolation("复查意见尚未送达信访人，不能办结。", field="served_on")
        last_served = review.served_on
    _check_date(on, "on", "办结日期", not_before=last_served, before_label="送达日期")
    p.closed_on = on
    p.resolved = bool(resolved)
    return _save(p, by=by, before=before, note="办结")


# ---------------------------------------------------------------------------
# Appeals: review (复查) and re-review (复核)
# ---------------------------------------------------------------------------


def _appeal(p: Petition, level: str) -> Appeal | None:
    return p.appeals.filter(level=level).first()


def _check_window(
    requested_on: dt.date, served_on: dt.date | None, length: int, what: str, prior: str, rule: str
) -> None:
    if served_on is None:
        raise RuleViolation(
            f"{prior}尚未送达，不能登记{what}请求。", field="requested_on", rule=rule
        )
    if requested_on < served_on:
        raise RuleViolation(
            f"{what}请求日期 {requested_on.isoformat()} "
            f"不能早于{prior}送达日期 {served_on.isoformat()}。",
            field="requested_on",
        )
    due = window(served_on, length)
    if requested_on > due.date:
        raise RuleViolation(
            f"{what}请求已超过{length}日期限（截止 {due.date.isoformat()}），不予受理。计算过程："
            + "；".join(due.steps),
            field="requested_on",
            rule=rule,
        )


@transaction.atomic
def request_review(
    petition: Petition, *, by: Any, requested_on: dt.date, body: str, version: int | None = None
) -> Appeal:
    """复查请求: within 30 days of receiving the written reply; the review
    opinion is due 30 days after the request (《信访工作条例》第三十五条)."""
    _check_writer(by)
    p = _lock(petition, version)
    before = audit.snapshot(p)
    if _appeal(p, AppealLevel.REVIEW) is not None:
        raise RuleViolation("该事项已经复查。", field="requested_on", rule=rules.ART_35)
    _transition(p, Stage.REVIEW, by=by, on=requested_on)
    _check_date(requested_on, "requested_on", "复查请求日期")
    _check_window(
        requested_on, p.reply_served_on, rules.REVIEW_REQUEST_DAYS, "复查", "答复意见", rules.ART_35
    )
    return _open_appeal(
        p,
        AppealLevel.REVIEW,
        requested_on=requested_on,
        body=body,
        by=by,
        before=before,
        clock_kind=rules.CLOCK_REVIEW,
        clock_label="复查意见（收到请求之日起30日）",
        days=rules.REVIEW_DAYS,
        basis=rules.ART_35,
    )


def _open_appeal(
    p: Petition,
    level: str,
    *,
    requested_on: dt.date,
    body: str,
    by: Any,
    before: dict[str, Any],
    clock_kind: str,
    clock_label: str,
    days: int,
    basis: str,
) -> Appeal:
    """Record an admissible review/re-review request: the appeal row, the
    matter reopened, and the clock for the opinion (starts on the request)."""
    appeal = Appeal.objects.create(
        petition=p,
        level=level,
        requested_on=requested_on,
        body=_require(body, "body", f"{AppealLevel(level).label}机关", basis),
    )
    p.closed_on = None
    _save(p, by=by, before=before, note=f"收到{AppealLevel(level).label}请求")
    _start(
        p,
        kind=clock_kind,
        label=clock_label,
        start=requested_on,
        length=days,
        unit="calendar",
        basis=basis,
        by=by,
        recipients=_leader_users(p) + _office_users(p, by),
    )
    return appeal


def _decide_appeal(
    p: Petition,
    appeal: Appeal,
    *,
    on: dt.date,
    result: str,
    opinion: str,
    served_on: dt.date | None,
    rule: str,
    what: str,
) -> None:
    _check_date(
        on, "on", f"{what}意见日期", not_before=appeal.requested_on, before_label="请求日期"
    )
    if result not in AppealResult.values:
        raise RuleViolation(f"请选择{what}结果。", field="result", rule=rule)
    appeal.decided_on = on
    appeal.result = result
    appeal.opinion = _require(opinion, "opinion", f"{what}意见", rule)
    if served_on is not None:
        appeal.served_on = _check_date(
            served_on, "served_on", "送达日期", not_before=on, before_label="意见日期"
        )
    appeal.save()


@transaction.atomic
def decide_review(
    petition: Petition,
    *,
    by: Any,
    on: dt.date,
    result: str,
    opinion: str,
    served_on: dt.date | None = None,
    version: int | None = None,
) -> Appeal:
    """复查意见 (《信访工作条例》第三十五条): stops the 30-day review clock."""
    _check_writer(by)
    p = _lock(petition, version)
    before = audit.snapshot(p)
    appeal = _appeal(p, AppealLevel.REVIEW)
    _transition(p, Stage.REVIEWED, by=by, on=on)
    assert appeal is not None  # the REVIEW stage is only entered with an appeal row
    _decide_appeal(
        p,
        appeal,
        on=on,
        result=result,
        opinion=opinion,
        served_on=served_on,
        rule=rules.ART_35,
        what="复查",
    )
    _stop(p, rules.CLOCK_REVIEW, on, by)
    _save(p, by=by, before=before, note=f"复查：{AppealResult(result).label}")
    return appeal


@transaction.atomic
def serve_appeal(
    petition: Petition, *, by: Any, level: str, on: dt.date, version: int | None = None
) -> Appeal:
    """The date a review or re-review opinion reached the petitioner."""
    _check_writer(by)
    p = _lock(petition, version)
    before = audit.snapshot(p)
    appeal = _appeal(p, level)
    if appeal is None or appeal.decided_on is None:
        raise RuleViolation("尚未出具意见，不能登记送达。", field="served_on")
    appeal.served_on = _check_date(
        on, "served_on", "送达日期", not_before=appeal.decided_on, before_label="意见日期"
    )
    appeal.save(update_fields=["served_on"])
    _save(p, by=by, before=before, note=f"{appeal.get_level_display()}意见送达", action="update")
    return appeal


@transaction.atomic
def request_re_review(
    petition: Petition, *, by: Any, requested_on: dt.date, body: str, version: int | None = None
) -> Appeal:
    """复核请求: within 30 days of receiving the review opinion; opinion due
    30 days after the request, hearing time excluded (《信访工作条例》第三十六条)."""
    _check_writer(by)
    p = _lock(petition, version)
    before = audit.snapshot(p)
    review = _appeal(p, AppealLevel.REVIEW)
    if review is None or review.decided_on is None:
        raise RuleViolation("复核须以复查意见为前提。", field="requested_on", rule=rules.ART_36)
    if _appeal(p, AppealLevel.RE_REVIEW) is not None:
        raise RuleViolation("该事项已经复核。", field="requested_on", rule=rules.ART_36)
    _transition(p, Stage.RE_REVIEW, by=by, on=requested_on)
    _check_date(requested_on, "requested_on", "复核请求日期")
    _check_window(
        requested_on,
        review.served_on,
        rules.RE_REVIEW_REQUEST_DAYS,
        "复核",
        "复查意见",
        rules.ART_36,
    )
    return _open_appeal(
        p,
        AppealLevel.RE_REVIEW,
        requested_on=requested_on,
        body=body,
        by=by,
        before=before,
        clock_kind=rules.CLOCK_RE_REVIEW,
        clock_label="复核意见（收到请求之日起30日，听证时间不计入）",
        days=rules.RE_REVIEW_DAYS,
        basis=rules.ART_36,
    )


@transaction.atomic
def start_hearing(
    petition: Petition,
    *,
    by: Any,
    on: dt.date,
    reason: str = "复核听证",
    version: int | None = None,
) -> Appeal:
    """Hearing time is excluded from the re-review period (《信访工作条例》第三十六条):
    the clock pauses from the hearing's first day."""
    _check_writer(by)
    p = _lock(petition, version)
    before = audit.snapshot(p)
    appeal = _appeal(p, AppealLevel.RE_REVIEW)
    if p.stage != Stage.RE_REVIEW or appeal is None:
        raise RuleViolation("只有复核中的事项才能组织听证。", field="stage", rule=rules.ART_36)
    if appeal.hearing_from is not None:
        raise RuleViolation("听证已经开始。", field="on")
    _check_date(
        on, "on", "听证开始日期", not_before=appeal.requested_on, before_label="复核请求日期"
    )
    clock = _clock(p, rules.CLOCK_RE_REVIEW)
    assert clock is not None
    clocks.pause(clock, on=on, reason=reason or "复核听证", by=by, legal_basis=rules.ART_36)
    appeal.hearing_from = on
    appeal.save(update_fields=["hearing_from"])
    _save(p, by=by, before=before, note="复核听证开始，期限中止", action="update")
    return appeal


@transaction.atomic
def end_hearing(petition: Petition, *, by: Any, on: dt.date, version: int | None = None) -> Appeal:
    """The hearing is over: the re-review clock runs again from `on`."""
    _check_writer(by)
    p = _lock(petition, version)
    before = audit.snapshot(p)
    appeal = _appeal(p, AppealLevel.RE_REVIEW)
    if appeal is None or appeal.hearing_from is None or appeal.hearing_to is not None:
        raise RuleViolation("没有进行中的听证。", field="on")
    _check_date(
        on, "on", "听证结束日期", not_before=appeal.hearing_from, before_label="听证开始日期"
    )
    clock = _clock(p, rules.CLOCK_RE_REVIEW)
    assert clock is not None
    clocks.resume(clock, on=on, by=by)
    appeal.hearing_to = on
    appeal.save(update_fields=["hearing_to"])
    _save(p, by=by, before=before, note="复核听证结束，恢复计时", action="update")
    return appeal


@transaction.atomic
def decide_re_review(
    petition: Petition,
    *,
    by: Any,
    on: dt.date,
    result: str,
    opinion: str,
    served_on: dt.date | None = None,
    version: int | None = None,
) -> Appeal:
    """复核意见: the matter is final; the same request on the same facts is not
    accepted again (《信访工作条例》第三十六条第三款)."""
    _check_writer(by)
    p = _lock(petition, version)
    before = audit.snapshot(p)
    appeal = _appeal(p, AppealLevel.RE_REVIEW)
    _transition(p, Stage.FINAL, by=by, on=on)
    assert appeal is not None
    _decide_appeal(
        p,
        appeal,
        on=on,
        result=result,
        opinion=opinion,
        served_on=served_on,
        rule=rules.ART_36,
        what="复核",
    )
    if appeal.hearing_from is not None and appeal.hearing_to is None:
        appeal.hearing_to = on
        appeal.save(update_fields=["hearing_to"])
    _stop(p, rules.CLOCK_RE_REVIEW, on, by)
    p.closed_on = on
    _save(p, by=by, before=before, note=f"复核终结：{AppealResult(result).label}")
    return appeal


# ---------------------------------------------------------------------------
# Correcting the petitioners (信访人) until the written answer names them
# ---------------------------------------------------------------------------

# Petitioners may be corrected, added or removed while the matter is
# registered or being handled. The reply (信访处理意见书, 《信访工作条例》第三十二条)
# freezes them: it is addressed to them, and the 30-day review window runs
# from its service on them (第三十五条), so who petitioned is fixed from then
# on. A decision not to handle (不予受理 / 导入法定程序 / 转送异议) is likewise a
# written notice to them and freezes them too.
PETITIONERS_EDITABLE = frozenset({Stage.REGISTERED, Stage.ACCEPTED})


def petitioners_editable(petition: Petition) -> bool:
    return petition.stage in PETITIONERS_EDITABLE


def _check_petitioners_editable(p: Petition) -> None:
    if not petitioners_editable(p):
        raise RuleViolation(
            f"信访事项处于“{p.get_stage_display()}”阶段：答复意见（或告知）已向信访人出具，"
            "信访人不能再修改。",
            field="petitioners",
            rule=rules.ART_32,
        )


def _petitioner_line(person: Petitioner | PetitionerData) -> str:
    """A petitioner as the audit trail keeps it: personal data masked."""
    parts = [person.name]
    if person.id_number:
        parts.append(mask_id_number(person.id_number))
    if person.phone:
        parts.append(mask_phone(person.phone))
    if person.address:
        parts.append(mask_address(person.address))
    if person.is_representative:
        parts.append("代表人")
    return " ".join(parts)


def _save_petitioners(
    p: Petition, rows: list[Petitioner], *, by: Any, before: dict[str, Any], note: str
) -> Petition:
    """Validate the whole resulting list as at registration (names, ID check
    digits, at most five representatives, 《信访工作条例》第二十条), write it,
    and record the change on the matter, personal data masked. A matter not
    yet linked to an earlier one is checked again for a repeat: the ID number
    given now may be that of an earlier petitioner."""
    old = [_petitioner_line(r) for r in Petitioner.objects.filter(petition=p).order_by("pk")]
    cleaned = _clean_petitioners(
        [
            PetitionerData(r.name, r.id_number, r.phone, r.address, r.is_representative)
            for r in rows
        ],
        p.group_size,
    )
    for row, data in zip(rows, cleaned, strict=True):
        row.name, row.id_number, row.phone = data.name, data.id_number, data.phone
        row.address, row.is_representative = data.address, data.is_representative
        row.save()
    new = [_petitioner_line(r) for r in rows]
    if not p.is_repeat:
        repeats = find_repeats(
            p, [r.id_number for r in rows], [(r.name, r.id_number) for r in rows]
        )
        if repeats:
            p.is_repeat, p.repeat_of = True, repeats[0].petition
            p.repeat_reason = "；".join(m.reason for m in repeats[:3])[:200]
    p.version += 1
    p.updated_by = _actor(by)
    p.save()
    changes = audit.diff(before, audit.snapshot(p))
    changes["信访人"] = ["；".join(old), "；".join(new)]
    audit.record(p, by=by, action="update", changes=changes, note=note)
    return p


def _petitioner_of(p: Petition, petitioner_id: Any) -> Petitioner:
    row = Petitioner.objects.filter(petition=p, pk=getattr(petitioner_id, "pk", petitioner_id))
    found = row.first()
    if found is None:
        raise RuleViolation("该信访人不属于本事项或已被移除。", field="petitioner")
    return found


@transaction.atomic
def add_petitioner(
    petition: Petition, *, by: Any, person: PetitionerData, version: int | None = None
) -> Petition:
    """添加信访人 (a co-petitioner found later), until the reply (see
    PETITIONERS_EDITABLE)."""
    _check_writer(by)
    p = _lock(petition, version)
    before = audit.snapshot(p)
    _check_petitioners_editable(p)
    rows = list(Petitioner.objects.filter(petition=p).order_by("pk"))
    rows.append(Petitioner(petition=p, name=person.name or ""))
    rows[-1].id_number, rows[-1].phone = person.id_number, person.phone
    rows[-1].address, rows[-1].is_representative = person.address, person.is_representative
    return _save_petitioners(p, rows, by=by, before=before, note=f"添加信访人 {person.name}")


@transaction.atomic
def update_petitioner(
    petition: Petition,
    *,
    by: Any,
    petitioner: Any,
    person: PetitionerData,
    version: int | None = None,
) -> Petition:
    """更正信访人 (a misspelt name, a missing or wrong ID number), until the
    reply (see PETITIONERS_EDITABLE). An empty ID number, phone or address
    keeps the one on record: a role that sees them masked corrects the rest."""
    _check_writer(by)
    p = _lock(petition, version)
    before = audit.snapshot(p)
    _check_petitioners_editable(p)
    target = _petitioner_of(p, petitioner)
    rows = list(Petitioner.objects.filter(petition=p).order_by("pk"))
    for row in rows:
        if row.pk == target.pk:
            row.name = person.name
            row.id_number = person.id_number or row.id_number
            row.phone = person.phone or row.phone
            row.address = person.address or row.address
            row.is_representative = person.is_representative
    return _save_petitioners(p, rows, by=by, before=before, note=f"更正信访人 {person.name}")


@transaction.atomic
def remove_petitioner(
    petition: Petition,
    *,
    by: Any,
    petitioner: Any,
    reason: str,
    version: int | None = None,
) -> Petition:
    """移除信访人 (entered twice, or not a petitioner), with a reason, until the
    reply (see PETITIONERS_EDITABLE); a matter keeps at least one petitioner."""
    _check_writer(by)
    p = _lock(petition, version)
    before = audit.snapshot(p)
    _check_petitioners_editable(p)
    target = _petitioner_of(p, petitioner)
    reason = _require(reason, "reason", "移除理由")
    rows = [r for r in Petitioner.objects.filter(petition=p).order_by("pk") if r.pk != target.pk]
    if not rows:
        raise RuleViolation("信访事项至少要有一位信访人，请先添加再移除。", field="petitioner")
    target.delete()
    return _save_petitioners(
        p, rows, by=by, before=before, note=f"移除信访人 {target.name}：{reason}"
    )


# ---------------------------------------------------------------------------
# Reception records (接访记录)
# ---------------------------------------------------------------------------


def check_reception(
    *, held_on: dt.date | None, duty: ReceptionDuty | None, unit: OrgUnit | None, by: Any
) -> None:
    """A reception record says what happened at a reception, so it is held on
    or before today; the rota entry it belongs to (领导接访日安排) is one the
    user may see, of the same township, on the same day. A reception on
    2026-12-04 cannot count as the duty of 2026-12-09."""
    if held_on is not None:
        _check_date(held_on, "held_on", "接访日期")
    if duty is None:
        return
    if not ReceptionDuty.objects.visible_to(by).filter(pk=duty.pk).exists():
        raise RuleViolation("所选接访日安排不存在或不在您的管辖范围内。", field="duty")
    if unit is not None and township_of(duty.unit).pk != township_of(unit).pk:
        raise RuleViolation(
            f"所选接访日安排属于{township_of(duty.unit).name}，与本接访记录的单位不是同一乡镇。",
            field="duty",
        )
    if held_on is not None and duty.date != held_on:
        raise RuleViolation(
            f"所选接访日安排是 {duty.date.isoformat()}（{duty.leader.name}），"
            f"与接访日期 {held_on.isoformat()} 不是同一天；请选择当天的接访日安排，或不关联。",
            field="duty",
        )


@transaction.atomic
def save_reception(
    reception: Reception,
    *,
    by: Any,
    version: int | None = None,
    before: dict[str, Any] | None = None,
) -> Reception:
    """登记或修改接访记录 (scope, version and audit through core.workflow),
    after `check_reception`."""
    check_reception(held_on=reception.held_on, duty=reception.duty, unit=reception.unit, by=by)
    if reception.pk is None:
        return core_workflow.create_record(reception, by=by)
    return core_workflow.update_record(reception, by=by, version=version, before=before or {})


# ---------------------------------------------------------------------------
# Satisfaction
# ---------------------------------------------------------------------------


@transaction.atomic
def rate(
    petition: Petition, *, by: Any, rating: str, on: dt.date, version: int | None = None
) -> Petition:
    """满意度评价: the petitioner rates the handling once a reply was given
    (《信访工作条例》第二十一条: petitioners can check progress and rate)."""
    if not getattr(by, "can_write", False) and by is not None:
        raise RuleViolation("您的角色为只读，不能登记评价。")
    p = _lock(petition, version)
    before = audit.snapshot(p)
    if rating not in Satisfaction.values:
        raise RuleViolation("请选择满意、基本满意或不满意。", field="rating")
    if p.reply_on is None:
        raise RuleViolation("答复之后才能评价办理情况。", field="rating")
    p.satisfaction = rating
    p.satisfaction_on = _check_date(
        on, "on", "评价日期", not_before=p.reply_on, before_label="答复日期"
    )
    return _save(
        p, by=by, before=before, note=f"满意度：{Satisfaction(rating).label}", action="update"
    )


# ---------------------------------------------------------------------------
# Editing the registered facts (content, units) with the version guard
# ---------------------------------------------------------------------------

EDITABLE = ("title", "content", "involved_unit", "group_size")


@transaction.atomic
def edit(petition: Petition, *, by: Any, version: int | None, **changes: Any) -> Petition:
    """Correct the registered facts. A stale version is refused ("changed by X at T")."""
    _check_writer(by)
    p = _lock(petition, version)
    before = audit.snapshot(p)
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise RuleViolation(f"不能修改：{'、'.join(sorted(unknown))}。")
    for key, value in changes.items():
        setattr(p, key, value)
    _require(p.title, "title", "信访事由")
    _require(p.content, "content", "信访内容")
    return _save(p, by=by, before=before, action="update")
