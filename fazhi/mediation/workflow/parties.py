"""The parties of a dispute: entered with the dispute or later, corrected,
removed, until an agreement fixes them (人民调解法第二十九条)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from fazhi.core import audit, steps
from fazhi.core.errors import RuleViolation
from fazhi.core.fields import by_blind_index
from fazhi.core.i18n import chinese, stored
from fazhi.core.models import Person
from fazhi.core.validators import normalize_id_number

from .. import rules
from ..models import Agreement, Dispute, DisputeParty


@dataclass
class PartyInput:
    """A party as entered: an existing person, or the particulars of a new one."""

    name: str = ""
    role: str = DisputeParty.Role.APPLICANT
    id_number: str = ""
    gender: str = ""
    ethnicity: str = ""
    phone: str = ""
    address: str = ""
    person: Person | None = None


def _party_person(dispute: Dispute, party: PartyInput, index: int, by: Any) -> Person:
    if party.person is not None:
        return party.person
    label = _("当事人%(n)s") % {"n": index + 1}
    name = steps.require_text(party.name, "name", _("%(label)s的姓名") % {"label": label})
    id_number = normalize_id_number(party.id_number)
    if id_number:
        existing = (
            Person.objects.visible_to(by).filter(**by_blind_index("id_number", id_number)).first()
        )
        if existing is not None:
            if existing.name != name:
                raise RuleViolation(
                    _(
                        "%(label)s的身份证号码已登记为“%(name)s”，与填写的姓名“%(name2)s”不符，请核对。"
                    )
                    % {"label": label, "name": existing.name, "name2": name},
                    field="id_number",
                )
            return existing
    person = Person(
        unit=dispute.unit,
        name=name,
        id_number=id_number,
        gender=party.gender or gender_from_id(id_number),
        ethnicity=party.ethnicity or gettext_noop("汉族"),
        phone=(party.phone or "").strip(),
        address=party.address,
        created_by=steps.actor(by),
    )
    _check_person(person, label)
    person.save()
    return person


def gender_from_id(id_number: str) -> str:
    """The sex an 18-digit ID number states (GB 11643: the 17th digit, odd for
    a man); empty if the number is not in that shape. A written agreement
    states each party's particulars, and ledgers often leave 性别 blank."""
    if len(id_number) != 18 or not id_number[16].isdigit():
        return ""
    return Person.Gender.MALE if int(id_number[16]) % 2 else Person.Gender.FEMALE


PERSON_LABELS = {
    "id_number": gettext_lazy("身份证号码"),
    "phone": gettext_lazy("联系电话"),
    "name": gettext_lazy("姓名"),
    "gender": gettext_lazy("性别"),
    "ethnicity": gettext_lazy("民族"),
    "address": gettext_lazy("住址"),
}


def _check_person(person: Person, label: str) -> None:
    """The person's particulars as the model checks them (GB 11643 check digit,
    phone shape, lengths), refused with the party and the field named."""
    try:
        person.full_clean(exclude=["unit", "created_by", "updated_by"])
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        raise RuleViolation(
            _("%(label)s的%(field)s：%(messages)s")
            % {"label": label, "field": PERSON_LABELS.get(field, field), "messages": messages[0]},
            field=field,
        ) from None


def _check_party_role(role: str) -> None:
    if role not in DisputeParty.Role.values:
        raise RuleViolation(_("请选择当事人身份。"), field="role")


def parties_frozen(dispute: Dispute) -> bool:
    """The parties are fixed once a mediation of the dispute reached an
    agreement: the agreement states them (人民调解法第二十九条), so the ledger
    must keep saying what the agreement says."""
    return Agreement.objects.filter(case__dispute=dispute).exists()


def _check_parties_open(dispute: Dispute) -> None:
    if parties_frozen(dispute):
        raise RuleViolation(
            _("该纠纷已达成调解协议，当事人已载入协议，不能再增加、修改或移除。"),
            field="party",
            rule=rules.ART_29,
        )


def _party_row(dispute: Dispute, party: DisputeParty) -> DisputeParty:
    row = (
        DisputeParty.objects.select_for_update()
        .select_related("person")
        .filter(pk=party.pk, dispute=dispute)
        .first()
    )
    if row is None:
        raise RuleViolation(_("该当事人不属于本纠纷或已被移除。"), field="party")
    return row


@transaction.atomic
def add_party(
    dispute: Dispute, party: PartyInput, *, by: Any, version: int | None = None
) -> DisputeParty:
    """Add a party, until the agreement fixes them."""
    steps.check_writer(by)
    locked = steps.lock(dispute, version=version)
    _check_parties_open(locked)
    _check_party_role(party.role)
    person = _party_person(locked, party, locked.parties.count(), by)
    if locked.parties.filter(person=person).exists():
        raise RuleViolation(_("%(name)s已是该纠纷的当事人。") % {"name": person.name}, field="name")
    row = DisputeParty.objects.create(dispute=locked, person=person, role=party.role)
    steps.touch(locked, by, [])
    audit.record(locked, by=by, action="update", changes={gettext_noop("当事人"): [None, str(row)]})
    steps.sync(dispute, locked)
    return row


# What a correction may change; an empty ID number, phone or address keeps the
# one on record (a role that sees them masked cannot repeat them).
KEEP_IF_BLANK = ("id_number", "phone", "address")


@transaction.atomic
def update_party(
    party: DisputeParty, data: PartyInput, *, by: Any, version: int | None = None
) -> DisputeParty:
    """Correct a party (a name misspelt, an ID number missing or wrong, the
    wrong role), until the agreement fixes them. The person's record is
    corrected where it is kept; an ID number already registered for someone
    of the same name makes the party that person instead."""
    steps.check_writer(by)
    locked = steps.lock(party.dispute, version=version)
    _check_parties_open(locked)
    row = _party_row(locked, party)
    _check_party_role(data.role)
    name = steps.require_text(data.name, "name", _("当事人的姓名"))
    id_number = normalize_id_number(data.id_number)
    person = row.person
    before_row = str(row)
    original_person = person.pk
    if id_number and id_number != person.id_number:
        other = (
            Person.objects.visible_to(by)
            .filter(**by_blind_index("id_number", id_number))
            .exclude(pk=person.pk)
            .first()
        )
        if other is not None:
            if other.name != name:
                raise RuleViolation(
                    _("身份证号码已登记为“%(name)s”，与填写的姓名“%(name2)s”不符，请核对。")
                    % {"name": other.name, "name2": name},
                    field="id_number",
                )
            if locked.parties.filter(person=other).exists():
                raise RuleViolation(
                    _("%(name)s已是该纠纷的当事人。") % {"name": other.name}, field="id_number"
                )
            row.person = other
            person = other
    before = audit.snapshot(person)
    values = {
        "name": name,
        "id_number": id_number,
        "gender": data.gender or person.gender or gender_from_id(id_number or person.id_number),
        "ethnicity": data.ethnicity or person.ethnicity or gettext_noop("汉族"),
        "phone": (data.phone or "").strip(),
        "address": (data.address or "").strip(),
    }
    for field, value in values.items():
        if field in KEEP_IF_BLANK and not value:
            continue
        setattr(person, field, value)
    _check_person(person, _("当事人"))
    after = audit.snapshot(person)
    changes = audit.diff(before, after)
    if changes:
        # Not steps.save_audited: the audit row names what the clerk corrected,
        # the difference taken before the save (not who saved it).
        if hasattr(person, "version"):
            person.version += 1
        person.updated_by = steps.actor(by)
        person.save()
        audit.record(
            person, by=by, action="update", changes=changes, note=gettext_noop("更正纠纷当事人信息")
        )
    role_changed = row.role != data.role
    row.role = data.role
    row.save(update_fields=["person", "role"])
    if not changes and not role_changed and row.person_id == original_person:
        raise RuleViolation(_("没有修改任何内容。"), field="name")
    steps.touch(locked, by, [])
    fields = "、".join(chinese(PERSON_LABELS.get(k, k)) for k in sorted(changes))
    audit.record(
        locked,
        by=by,
        action="update",
        changes={gettext_noop("当事人"): [before_row, str(row)]},
        note=stored(
            gettext_noop("更正当事人信息（%(value)s）"), value=fields or gettext_noop("身份")
        ),
    )
    steps.sync(party.dispute, locked)
    return row


@transaction.atomic
def remove_party(
    party: DisputeParty, *, by: Any, reason: str = "", version: int | None = None
) -> Dispute:
    """Remove a party entered by mistake, until the agreement fixes them. The
    person's record stays (other records may name them)."""
    steps.check_writer(by)
    locked = steps.lock(party.dispute, version=version)
    _check_parties_open(locked)
    row = _party_row(locked, party)
    text = str(row)
    row.delete()
    steps.touch(locked, by, [])
    audit.record(
        locked,
        by=by,
        action="update",
        changes={gettext_noop("当事人"): [text, None]},
        note=(reason or "").strip() or gettext_noop("移除当事人"),
    )
    return steps.sync(party.dispute, locked)
