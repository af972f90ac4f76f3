"""The petitioners (信访人) of a matter: their data as registered, checked
(names, ID check digits, representatives of a group visit), and corrected,
added or removed until the written answer names them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, pgettext_lazy

from fazhi.core import audit, steps
from fazhi.core.errors import RuleViolation
from fazhi.core.i18n import chinese, stored
from fazhi.core.validators import (
    mask_address,
    mask_id_number,
    mask_phone,
    normalize_id_number,
    validate_id_number,
)

from .. import rules
from ..models import Petition, Petitioner, Stage
from ._common import lock
from .repeats import find_repeats


@dataclass
class PetitionerData:
    name: str
    id_number: str = ""
    phone: str = ""
    address: str = ""
    is_representative: bool = False


def clean_petitioners(
    petitioners: Sequence[PetitionerData], group_size: int
) -> list[PetitionerData]:
    if not petitioners:
        raise RuleViolation(_("请至少登记一位信访人。"), field="petitioners")
    cleaned: list[PetitionerData] = []
    for i, p in enumerate(petitioners, start=1):
        name = (p.name or "").strip()
        if not name:
            raise RuleViolation(_("第%(i)s位信访人：请填写姓名。") % {"i": i}, field="petitioners")
        number = normalize_id_number(p.id_number)
        if number:
            try:
                validate_id_number(number)
            except ValidationError as exc:
                raise RuleViolation(
                    _("第%(i)s位信访人（%(name)s）的身份证号码：%(messages)s")
                    % {"i": i, "name": name, "messages": exc.messages[0]},
                    field="id_number",
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
            _("集体访推选的代表不得超过%(MAX_REPRESENTATIVES)s人（现登记%(representatives)s人）。")
            % {
                "MAX_REPRESENTATIVES": rules.MAX_REPRESENTATIVES,
                "representatives": representatives,
            },
            field="petitioners",
            rule=rules.ART_20,
        )
    if group_size > rules.MAX_REPRESENTATIVES and representatives == 0:
        raise RuleViolation(
            _(
                "%(group_size)s人集体访应推选代表（不超过%(MAX_REPRESENTATIVES)s人）并在信访人中标明。"
            )
            % {"group_size": group_size, "MAX_REPRESENTATIVES": rules.MAX_REPRESENTATIVES},
            field="petitioners",
            rule=rules.ART_20,
        )
    return cleaned


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
            _("信访事项处于“%(stage)s”阶段：答复意见（或告知）已向信访人出具，信访人不能再修改。")
            % {"stage": p.get_stage_display()},
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
        parts.append(chinese(pgettext_lazy("信访人", "代表人")))
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
    cleaned = clean_petitioners(
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
    # Not steps.save_audited: the audit row also carries the petitioner list
    # before and after (masked), which is not a field of the matter.
    p.version += 1
    p.updated_by = steps.actor(by)
    p.save()
    changes = audit.diff(before, audit.snapshot(p))
    changes[gettext_noop("信访人")] = ["；".join(old), "；".join(new)]
    audit.record(p, by=by, action="update", changes=changes, note=note)
    return p


def removable_petitioners(petition: Petition) -> QuerySet[Petitioner]:
    """The petitioners 移除信访人 takes: any of the matter's while another
    remains, none of a matter with one (a matter keeps at least one). The
    step checks it; the petitioner's page offers removal only for these."""
    rows = Petitioner.objects.filter(petition=petition)
    return rows if rows.count() > 1 else rows.none()


def _petitioner_of(p: Petition, petitioner_id: Any) -> Petitioner:
    row = Petitioner.objects.filter(petition=p, pk=getattr(petitioner_id, "pk", petitioner_id))
    found = row.first()
    if found is None:
        raise RuleViolation(_("该信访人不属于本事项或已被移除。"), field="petitioner")
    return found


@transaction.atomic
def add_petitioner(
    petition: Petition, *, by: Any, person: PetitionerData, version: int | None = None
) -> Petition:
    """添加信访人 (a co-petitioner found later), until the reply (see
    PETITIONERS_EDITABLE)."""
    p = lock(petition, by=by, version=version)
    before = audit.snapshot(p)
    _check_petitioners_editable(p)
    rows = list(Petitioner.objects.filter(petition=p).order_by("pk"))
    rows.append(Petitioner(petition=p, name=person.name or ""))
    rows[-1].id_number, rows[-1].phone = person.id_number, person.phone
    rows[-1].address, rows[-1].is_representative = person.address, person.is_representative
    return _save_petitioners(
        p,
        rows,
        by=by,
        before=before,
        note=stored(gettext_noop("添加信访人 %(name)s"), name=person.name),
    )


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
    p = lock(petition, by=by, version=version)
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
    return _save_petitioners(
        p,
        rows,
        by=by,
        before=before,
        note=stored(gettext_noop("更正信访人 %(name)s"), name=person.name),
    )


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
    p = lock(petition, by=by, version=version)
    before = audit.snapshot(p)
    _check_petitioners_editable(p)
    target = _petitioner_of(p, petitioner)
    reason = steps.require_text(reason, "reason", _("移除理由"))
    if not removable_petitioners(p).filter(pk=target.pk).exists():
        raise RuleViolation(_("信访事项至少要有一位信访人，请先添加再移除。"), field="petitioner")
    rows = [r for r in Petitioner.objects.filter(petition=p).order_by("pk") if r.pk != target.pk]
    target.delete()
    return _save_petitioners(
        p,
        rows,
        by=by,
        before=before,
        note=stored(
            gettext_noop("移除信访人 %(name)s：%(reason)s"), name=target.name, reason=reason
        ),
    )
