"""The step toolkit: the small checks and writes every module's workflow step
is made of, written once here and tested once (tests/core/test_steps.py).

A step (`accept(petition, *, by, on)`) reads as its rule: it locks the row
(`lock`), checks who may act (`check_writer`, `check_scope`, `check_role`),
checks the input (`require_text`, `check_date`, `not_before`), moves the state
through the model's TRANSITIONS table (`move`), saves with an audit row
(`save_audited` or `touch`) and starts or stops its clocks (`start_clock`,
`stop_clock`). Each refusal is a `RuleViolation` naming the input at fault, so a
form shows it beside the field and the API answers 400 (409 for a stale version
or a state the record has left)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from typing import Any, TypeVar

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import audit, batch, clocks
from .errors import ConcurrentEdit, RuleViolation, StrOrPromise
from .models import Clock

M = TypeVar("M", bound=models.Model)

SCOPE_REFUSAL = gettext_lazy("该记录不存在或不在您的管辖范围内。")
EDIT_RECORDS = gettext_lazy("修改记录")


def today() -> dt.date:
    """The township's today (TIME_ZONE), the bound for dates a step records;
    one day for a whole batch (a ledger import asks it 40,000 times, and
    the time zone's lookup was a fifth of its rule checks)."""
    return batch.memo("steps.today", timezone.localdate)


def actor(by: Any) -> Any:
    """The user to store as `updated_by`: none for a system step (a command or
    the daily job acting as AnonymousUser)."""
    return by if getattr(by, "is_authenticated", False) else None


# --- who may act ---------------------------------------------------------------


def check_writer(by: Any, what: StrOrPromise = EDIT_RECORDS) -> None:
    """Read-only roles (the county supervisor, the administrators) never write."""
    if not getattr(by, "can_write", False):
        raise RuleViolation(_("您的角色为只读，不能%(what)s。") % {"what": what})


def check_scope(obj: models.Model, by: Any) -> None:
    """`by` may write records and `obj` is inside their scope (the same rule as
    the pages' 404: `visible_to`)."""
    check_writer(by)
    manager = type(obj)._default_manager
    if not manager.visible_to(by).filter(pk=obj.pk).exists():  # type: ignore[attr-defined]
        raise RuleViolation(SCOPE_REFUSAL)


def check_role(by: Any, roles: AbstractSet[str], what: str, rule: str = "") -> None:
    """Only `roles` take this step (a superuser may stand in for any). `what`
    says who may, as the refusal reads: “只有法制审核人员可以出具审核意见”."""
    if not (getattr(by, "is_superuser", False) or getattr(by, "role", None) in roles):
        raise RuleViolation(f"{what}。", field="__all__", rule=rule)


# --- the row -------------------------------------------------------------------


def lock(obj: M, *, by: Any = None, version: int | None = None) -> M:
    """The row under `SELECT … FOR UPDATE`. With `by`, only a row in their scope
    (otherwise refused, never saved); with `version` (the one the editor saw), a
    row changed since is refused with who changed it and when."""
    manager = type(obj)._default_manager
    if by is not None:
        check_writer(by)
        locked = (
            manager.visible_to(by)  # type: ignore[attr-defined]
            .select_for_update()
            .filter(pk=obj.pk)
            .first()
        )
        if locked is None:
            raise RuleViolation(SCOPE_REFUSAL)
    else:
        locked = manager.select_for_update().get(pk=obj.pk)
    current = getattr(locked, "version", None)
    if version is not None and current is not None and current != version:
        who = getattr(locked, "updated_by", None)
        name = getattr(who, "display_name", None) or (str(who) if who else _("他人"))
        when = timezone.localtime(locked.updated_at).strftime("%Y-%m-%d %H:%M")  # type: ignore[attr-defined]
        raise ConcurrentEdit(name, when)
    return locked


def sync(stale: M, fresh: M) -> M:
    """Copy the locked row's fields onto the caller's instance, so the object a
    view holds shows the state the step wrote."""
    if stale is not fresh:
        for field in type(fresh)._meta.concrete_fields:
            setattr(stale, field.attname, getattr(fresh, field.attname))
    return stale


def touch(obj: models.Model, by: Any, fields: Iterable[str]) -> None:
    """Save `fields` only, bumping the edit version (so a form opened before
    the step goes stale) and recording who changed it."""
    names = list(dict.fromkeys(fields))
    if hasattr(obj, "version"):
        obj.version += 1  # type: ignore[attr-defined]
        obj.updated_by = actor(by)  # type: ignore[attr-defined]
        names += ["version", "updated_by", "updated_at"]
    obj.save(update_fields=names)


def save_audited(
    obj: M,
    *,
    by: Any,
    before: dict[str, Any],
    note: str = "",
    action: str = "transition",
    clean: bool = False,
) -> M:
    """Save the whole row (version bumped) and write its audit event: the
    difference from `before` (an `audit.snapshot` taken before the change)."""
    if hasattr(obj, "version"):
        obj.version += 1  # type: ignore[attr-defined]
        obj.updated_by = actor(by)  # type: ignore[attr-defined]
    if clean:
        obj.full_clean()
    obj.save()
    audit.record(
        obj, by=by, action=action, changes=audit.diff(before, audit.snapshot(obj)), note=note
    )
    return obj


def move(obj: Any, new: str, field: str = "status") -> str:
    """Move `obj` to state `new` through its model's TRANSITIONS table (the one
    place a state change is allowed, as Signalen keeps it); the old state is
    returned for the history row."""
    old = getattr(obj, field)
    model = type(obj)
    if new not in model.TRANSITIONS.get(old, ()):
        labels = dict(model._meta.get_field(field).flatchoices)
        raise RuleViolation(
            _("当前状态为“%(old)s”，不能转为“%(new)s”。")
            % {"old": labels.get(old, old), "new": labels.get(new, new)},
            field=field,
        )
    setattr(obj, field, new)
    return str(old)


# --- the input -----------------------------------------------------------------


def require_text(value: str | None, field: str, what: StrOrPromise, rule: str = "") -> str:
    """The text, stripped; an empty one is refused as “请填写{what}”. `what`
    may be a lazy label: it is translated only if the text is refused."""
    text = (value or "").strip()
    if not text:
        raise RuleViolation(_("请填写%(what)s。") % {"what": what}, field=field, rule=rule)
    return text


def check_party_number(value: str, field: str, *, person: bool, rule: str = "") -> str:
    """An identity number a step records for a party, when one is given: a
    citizen's ID number with its GB 11643 check digit, an organisation's
    统一社会信用代码 with its GB 32100 check character. Returns it normalised."""
    from django.core.exceptions import ValidationError

    from .validators import normalize_id_number, validate_credit_code, validate_id_number

    value = normalize_id_number(value)
    if not value:
        return value
    try:
        (validate_id_number if person else validate_credit_code)(value)
    except ValidationError as exc:
        raise RuleViolation(exc.messages[0], field=field, rule=rule) from None
    return value


def check_date(
    day: dt.date | None,
    field: str,
    what: StrOrPromise,
    *,
    not_before: dt.date | None = None,
    before_what: StrOrPromise = "",
    rule: str = "",
) -> dt.date:
    """A date a step records as having happened: given, not after today, and
    not before the date it follows (`not_before`, named `before_what`). The
    names may be lazy labels, translated only in a refusal (a ledger import
    asks these checks twice for each of 10^4 rows)."""
    if day is None:
        raise RuleViolation(_("请填写%(what)s。") % {"what": what}, field=field, rule=rule)
    if day > today():
        raise RuleViolation(
            _("%(what)s（%(day)s）不能晚于今天。") % {"what": what, "day": day.isoformat()},
            field=field,
            rule=rule,
        )
    check_not_before(day, not_before, field, what, before_what, rule=rule)
    return day


def check_not_before(
    day: dt.date,
    earlier: dt.date | None,
    field: str,
    what: StrOrPromise,
    earlier_what: StrOrPromise,
    rule: str = "",
) -> None:
    """`day` is not before `earlier` (a reply before the acceptance, say)."""
    if earlier is not None and day < earlier:
        raise RuleViolation(
            _("%(what)s（%(day)s）不能早于%(earlier_what)s（%(earlier)s）。")
            % {
                "what": what,
                "day": day.isoformat(),
                "earlier_what": earlier_what,
                "earlier": earlier.isoformat(),
            },
            field=field,
            rule=rule,
        )


# --- clocks ----------------------------------------------------------------------


def running_clock(target: models.Model, kind: str) -> Clock | None:
    """The record's clock of `kind` while it runs (or stands paused)."""
    found = clocks.clock(target, kind)
    return found if found is not None and found.status != Clock.Status.STOPPED else None


def start_clock(
    target: Any,
    *,
    kind: str,
    label: str,
    start_date: dt.date,
    length: int,
    unit: str,
    by: Any,
    legal_basis: str = "",
    recipients: Iterable[Any] = (),
    count_start: bool = False,
    holder: Any = None,
) -> Clock:
    """`core.clocks.start` on a record, held by the unit of the record it
    belongs to (`holder`, by default the target itself; a measure's clock is
    held by its case) and linked to that record's page: the unit's users see
    the clock and its reminder opens the page. Every module's steps passed
    those two the same way; they are derived here once."""
    owner = target if holder is None else holder
    return clocks.start(
        target,
        kind=kind,
        label=label,
        start_date=start_date,
        length=length,
        unit=unit,
        unit_org=owner.unit,
        by=by,
        count_start=count_start,
        legal_basis=legal_basis,
        recipients=recipients,
        url=owner.get_absolute_url(),
    )


def stop_clock(target: models.Model, kind: str, on: dt.date, by: Any) -> Clock | None:
    """Stop the record's running clock of `kind`: the act it timed was done on
    `on` (never before the clock started). No running clock: nothing to do."""
    return clocks.stop_running(target, kind, on=on, by=by)


def running_due(target: models.Model, kind: str) -> dt.date | None:
    """The due date of the record's clock of `kind`, running or not."""
    found = clocks.clock(target, kind)
    return found.due_date if found is not None else None
