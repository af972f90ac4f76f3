"""登记: a petition received is registered with its petitioners, numbered,
given a query code, checked for a repeat and put on its receipt clocks; and
the registered facts corrected afterwards."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from fazhi.core import audit, numbering, reminders, steps
from fazhi.core.errors import RuleViolation
from fazhi.core.i18n import stored
from fazhi.core.models import OrgUnit
from fazhi.core.scope import unit_in_scope

from .. import rules
from ..models import (
    Category,
    Channel,
    Petition,
    Petitioner,
    Reception,
    Source,
    Stage,
    StageChange,
)
from ._common import (
    WRITE,
    lock,
    office_users,
    start_clock,
    told_of_registration,
    township_of,
)
from .petitioners import PetitionerData, clean_petitioners
from .repeats import find_repeats, repeat_fields

# A 10^4-row ledger asks `check_registration` twice a row (preview and
# commit): the choices' values made once (`Channel.values` builds its list per
# call), and what a refusal names translated only when one is raised.
CHANNELS = frozenset(Channel.values)
CATEGORIES = frozenset(Category.values)
TITLE = gettext_lazy("信访事由")
CONTENT = gettext_lazy("信访内容")
RECEIVED_ON = gettext_lazy("收到日期")

QUERY_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read over the phone
QUERY_CODE_LENGTH = 12  # 32^12 ≈ 10^18: not guessable


def _new_query_code() -> str:
    return new_query_codes(1)[0]


# A random byte picks a letter by its value modulo 32: 256 is a multiple of
# the alphabet's 32 letters, so each is equally likely (as `secrets.choice`
# gives them), and a ledger's 10^4 codes come from one read of the system's
# random source instead of 120,000 choices.
_QUERY_LETTERS = bytes(QUERY_ALPHABET[b % 32].encode()[0] for b in range(256))


def new_query_codes(count: int) -> list[str]:
    """`count` query codes no petition has (one look-up for all of them)."""
    codes: list[str] = []
    while len(codes) < count:
        n = count - len(codes)
        letters = secrets.token_bytes(n * QUERY_CODE_LENGTH).translate(_QUERY_LETTERS).decode()
        wanted = {
            letters[i : i + QUERY_CODE_LENGTH]
            for i in range(0, n * QUERY_CODE_LENGTH, QUERY_CODE_LENGTH)
        } - set(codes)
        taken = set(
            Petition.objects.filter(query_code__in=wanted).values_list("query_code", flat=True)
        )
        codes += sorted(wanted - taken)
    return codes


def check_registration(
    *,
    unit: OrgUnit,
    channel: str,
    category: str,
    title: str,
    content: str,
    received_on: dt.date,
    petitioners: Sequence[PetitionerData],
    source: str = Source.DIRECT,
    sending_body: str = "",
    sending_ref: str = "",
    group_size: int = 1,
    accused_unit: OrgUnit | None = None,
) -> tuple[str, str, list[PetitionerData]]:
    """The rules of registering a matter (《信访工作条例》第二十、二十三、三十条)
    that need nothing but the input: the title and content as stored and the
    petitioners as checked, or a `RuleViolation` naming the field. `register`
    and the ledger's `register_many` both ask it; it reads nothing."""
    if channel not in CHANNELS:
        raise RuleViolation(_("请选择信访形式（来访、来信、来电或网上信访）。"), field="channel")
    if category not in CATEGORIES:
        raise RuleViolation(_("请选择信访类别。"), field="category")
    title = steps.require_text(title, "title", TITLE)
    content = steps.require_text(content, "content", CONTENT)
    steps.check_date(received_on, "received_on", RECEIVED_ON)
    if group_size < 1:
        raise RuleViolation(_("来访人数至少为1。"), field="group_size")
    people = clean_petitioners(petitioners, group_size)
    if source == Source.TRANSFERRED:
        steps.require_text(sending_body, "sending_body", _("转送交办机关"), rules.ART_23)
        steps.require_text(sending_ref, "sending_ref", _("转送交办文号"), rules.ART_23)
    elif source != Source.DIRECT:
        raise RuleViolation(_("来源应为直接收到或上级转送交办。"), field="source")
    if accused_unit is not None and category != Category.ACCUSATION:
        raise RuleViolation(_("只有检举控告类事项可以填写被检举控告单位。"), field="accused_unit")
    if accused_unit is not None and accused_unit.path and unit.path.startswith(accused_unit.path):
        # 《信访工作条例》第三十条: the accused never holds the accusation material.
        raise RuleViolation(
            _("被检举控告单位不能登记或持有本事项，请由其上级单位登记。"),
            field="accused_unit",
            rule=rules.ART_30,
        )
    return title, content, people


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
        steps.check_writer(by, WRITE)
        if not unit_in_scope(by, unit):
            raise RuleViolation(_("所属单位不存在或不在您的管辖范围内。"), field="unit")
    title, content, people = check_registration(
        unit=unit,
        channel=channel,
        category=category,
        title=title,
        content=content,
        received_on=received_on,
        petitioners=petitioners,
        source=source,
        sending_body=sending_body,
        sending_ref=sending_ref,
        group_size=group_size,
        accused_unit=accused_unit,
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
        created_by=steps.actor(by),
        updated_by=steps.actor(by),
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
    note = gettext_noop("网上提交") if via_public else ""
    StageChange.write("", Stage.REGISTERED, by=by, note=note, petition=petition, on=received_on)
    repeats = find_repeats(
        petition, [p.id_number for p in people], [(p.name, p.id_number) for p in people]
    )
    if repeats:
        for name, value in repeat_fields(repeats).items():
            setattr(petition, name, value)
        petition.save(update_fields=["is_repeat", "repeat_of", "repeat_reason", "after_final"])
    audit.record(
        petition,
        by=by,
        action="create",
        changes=audit.diff({}, audit.snapshot(petition)),
        note=gettext_noop("群众网上提交") if via_public else "",
    )
    office = office_users(petition, by)
    start_clock(
        petition,
        kind=rules.CLOCK_RECEIPT_NOTICE,
        label=gettext_noop("书面告知（收到之日起15日）"),
        start=received_on,
        length=rules.RECEIPT_NOTICE_DAYS,
        unit="calendar",
        basis=rules.ART_23,
        by=by,
        recipients=office,
    )
    if source == Source.TRANSFERRED:
        start_clock(
            petition,
            kind=rules.CLOCK_OBJECTION,
            label=gettext_noop("转送异议（5个工作日）"),
            start=received_on,
            length=rules.OBJECTION_WORKING_DAYS,
            unit="working",
            basis=f"{rules.ART_23}第三款",
            by=by,
            recipients=office,
        )
    for user in told_of_registration(office, by):
        reminders.post(
            user,
            key=f"petition:{petition.pk}:registered",
            title=stored(gettext_noop("新登记信访事项 %(number)s"), number=petition.number),
            url=petition.get_absolute_url(),
        )
    return petition


# ---------------------------------------------------------------------------
# Editing the registered facts (content, units) with the version guard
# ---------------------------------------------------------------------------

EDITABLE = ("title", "content", "involved_unit", "group_size")


@transaction.atomic
def edit(petition: Petition, *, by: Any, version: int | None, **changes: Any) -> Petition:
    """Correct the registered facts. A stale version is refused ("changed by X at T");
    facts saved unchanged are no edit (the petition returned as it is)."""
    p = lock(petition, by=by, version=version)
    before = audit.snapshot(p)
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise RuleViolation(_("不能修改：%(fields)s。") % {"fields": "、".join(sorted(unknown))})
    for key, value in changes.items():
        setattr(p, key, value)
    steps.require_text(p.title, "title", _("信访事由"))
    steps.require_text(p.content, "content", _("信访内容"))
    if audit.snapshot(p) == before:
        # Saved as it was opened: no version bump, no audit event (as a
        # page edit or a PATCH, core.audit.changes_anything).
        return p
    return steps.save_audited(p, by=by, before=before, action="update")
