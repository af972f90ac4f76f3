"""Handling an accepted matter: tiered responsibility and key cases owned by
a leader (交办、包案, 《信访工作条例》第十五条), the investigation record
(第三十三条) and the one extension of the handling period (第三十四条)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from fazhi.core import audit, clocks, reminders, rulesettings, steps
from fazhi.core.errors import RuleViolation
from fazhi.core.i18n import stored
from fazhi.core.models import OrgUnit, Person, User
from fazhi.core.roles import READ_ONLY_ROLES
from fazhi.core.scope import units_visible_to
from fazhi.core.serving import departed_message

from .. import rules
from ..models import Petition, ResponsibleLevel, Stage
from ._common import check_leader, leader_users, leaders_of, lock, township_of


def level_of(unit: OrgUnit) -> str:
    village_kinds = {OrgUnit.Kind.VILLAGE, OrgUnit.Kind.COMMUNITY, OrgUnit.Kind.GROUP}
    return ResponsibleLevel.VILLAGE if unit.kind in village_kinds else ResponsibleLevel.TOWNSHIP


def can_handle(user: User) -> bool:
    """Who may be given a matter to handle: an active user with a case-work
    role. The three administrators (三员分立, core.roles.ADMIN_ROLES) do no case
    work and the county supervisor only reads (READ_ONLY_ROLES)."""
    return bool(user.is_active and user.role and user.role not in READ_ONLY_ROLES)


def handler_candidates(township: OrgUnit, *, left_too: bool = False) -> Any:
    """The users a matter of `township` may be handed to (the assign form's
    choices); `left_too`: and those of them whose account is deactivated (who
    left), for the form to refuse by name (core.serving)."""
    users = User.objects.filter(home_unit__path__startswith=township.path)
    if not left_too:
        users = users.filter(is_active=True)
    return users.exclude(role="").exclude(role__in=READ_ONLY_ROLES)


def assignable_units(petition: Petition, *, by: Any = None) -> QuerySet[OrgUnit]:
    """The units 交办 gives `petition` to: its township and the offices,
    villages and communities under it (分级负责, 《信访工作条例》第十五条), never
    the unit an accusation accuses nor one under it (第三十条). With `by`, the
    user giving it: only the units of their scope (units_visible_to) — a
    township's clerk any of those, a village cadre their own village, never
    another village nor the township's offices (分级负责: each level answers
    for its own). The step checks it; the assign form and the 承办人 endpoint
    offer these and no others."""
    units = township_of(petition.unit).subtree()
    if petition.accused_unit_id:
        units = units.exclude(path__startswith=petition.accused_unit.path)  # type: ignore[union-attr]
    if by is not None:
        units = units.filter(pk__in=units_visible_to(by).values("pk"))
    return units


def _covering(unit: OrgUnit) -> Q:
    """The users whose scope holds `unit` (User.scope_path): those of the unit
    or a unit above it, and the staff of an office whose parent is one of
    these (an office's staff work for their whole township)."""
    above = unit.ancestors()
    return Q(home_unit__in=above) | Q(
        home_unit__kind=OrgUnit.Kind.DEPARTMENT, home_unit__parent__in=above
    )


def assignable_handlers(
    petition: Petition, *, unit: OrgUnit | None = None, left_too: bool = False
) -> QuerySet[User]:
    """`handler_candidates` of the petition's township, less the accused
    unit's people (第三十条): whom 交办 takes as 承办人 (the assign form offers
    them; `left_too` as handler_candidates). With `unit`, the 承办单位 chosen:
    only those whose scope holds it, so the handler told of the matter can
    open it (Petition.objects.visible_to: its responsible_unit in their
    scope) — a cadre of that unit or of a unit above it, the township's
    offices for a village's matter, never another village's cadre."""
    users = handler_candidates(township_of(petition.unit), left_too=left_too)
    if petition.accused_unit_id:
        users = users.exclude(home_unit__path__startswith=petition.accused_unit.path)  # type: ignore[union-attr]
    if unit is not None:
        users = users.filter(_covering(unit))
    return users


def _check_handler_role(handler: User) -> None:
    if not handler.is_active:  # left: its role no longer says what it does (core.serving)
        raise RuleViolation(departed_message([handler.display_name], _("承办人")), field="handler")
    if not can_handle(handler):
        raise RuleViolation(
            _("“%(display_name)s”是%(value)s，不能承办信访事项；请选择乡镇、村（社区）的办案干部。")
            % {
                "display_name": handler.display_name,
                "value": handler.get_role_display() or _("无角色用户"),
            },
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
    (《信访工作条例》第十五条); a key case has a leader who owns it (包案). The
    承办人 is one whose scope holds the 承办单位 (assignable_handlers with
    `unit`): told of the matter, they can open it."""
    p = lock(petition, by=by, version=version)
    before = audit.snapshot(p)
    if p.stage != Stage.ACCEPTED:
        raise RuleViolation(_("只有已受理、正在办理的事项才能交办。"), field="stage")
    township = township_of(p.unit)
    if responsible_unit is None or not township.contains(responsible_unit):
        raise RuleViolation(
            _("承办单位应为%(name)s或其下属单位、村（社区）。") % {"name": township.name},
            field="responsible_unit",
        )
    if not assignable_units(p).filter(pk=responsible_unit.pk).exists():
        raise RuleViolation(
            _("检举控告事项不能交由被检举控告单位办理。"),
            field="responsible_unit",
            rule=rules.ART_30,
        )
    if not assignable_units(p, by=by).filter(pk=responsible_unit.pk).exists():
        raise RuleViolation(
            _("您只能交办给本单位或其下属单位，“%(name)s”不在您的范围内。")
            % {"name": responsible_unit.name},
            field="responsible_unit",
        )
    if handler is not None:
        _check_handler_role(handler)
        home = handler.home_unit
        if home is None or not township.contains(home):
            raise RuleViolation(
                _("承办人应为%(name)s的干部。") % {"name": township.name}, field="handler"
            )
        if not assignable_handlers(p, left_too=True).filter(pk=handler.pk).exists():
            raise RuleViolation(
                _("承办人不能是被检举控告单位的人员。"), field="handler", rule=rules.ART_30
            )
        covered = assignable_handlers(p, unit=responsible_unit, left_too=True)
        if not covered.filter(pk=handler.pk).exists():
            raise RuleViolation(
                _("承办人应为承办单位（%(name)s）或其上级的干部。")
                % {"name": responsible_unit.name},
                field="handler",
            )
    if is_key_case:
        check_leader(owner_leader, township, "owner_leader")
    elif owner_leader is not None:
        raise RuleViolation(
            _("只有重点案件才确定包案领导，请勾选“重点案件”。"), field="is_key_case"
        )
    p.responsible_unit = responsible_unit
    p.responsible_level = level_of(responsible_unit)
    p.handler = handler
    p.is_key_case = is_key_case
    p.owner_leader = owner_leader if is_key_case else None
    steps.save_audited(
        p,
        by=by,
        before=before,
        note=stored(gettext_noop("交办%(name)s"), name=responsible_unit.name),
        action="update",
    )
    users = leader_users(p)
    handling = clocks.clock(p, rules.CLOCK_HANDLING)
    if handling is not None:
        # The due date is the clock's; who is reminded of it is the matter's.
        clocks.add_recipients(handling, users)
    for user in users:
        reminders.post(
            user,
            key=f"petition:{p.pk}:assigned:{p.version}",
            title=stored(gettext_noop("信访事项 %(number)s 已交您办理"), number=p.number),
            url=p.get_absolute_url(),
            by=by,
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
    p = lock(petition, by=by, version=version)
    before = audit.snapshot(p)
    if p.stage != Stage.ACCEPTED:
        raise RuleViolation(_("只有办理中的事项才能记录办理情况。"), field="stage")
    if hearing_on is not None:
        steps.check_date(
            hearing_on,
            "hearing_on",
            _("听证日期"),
            not_before=p.decided_on,
            before_what=_("受理日期"),
        )
    p.investigation = investigation.strip()
    p.hearing_on = hearing_on
    p.hearing_note = hearing_note.strip()
    p.settlement = settlement.strip()
    return steps.save_audited(
        p, by=by, before=before, note=gettext_noop("记录办理情况"), action="update"
    )


def extension_approvers(township: OrgUnit) -> Any:
    """Who may approve an extension: the township's leaders in the posts its
    setting names (the township head by default: 本机关负责人,
    《信访工作条例》第三十四条). The extension form offers these and no others."""
    roles = list(rulesettings.get(township, "petitions.extension_approver_roles"))
    return leaders_of(township).filter(leadership_role__in=roles)


def _check_approver(approver: Person | None, township: OrgUnit) -> Person:
    if approver is None:
        raise RuleViolation(
            _("延期须经本机关负责人批准，请选择批准人。"), field="approver", rule=rules.ART_34
        )
    ok = extension_approvers(township).filter(person=approver).exists()
    if not ok:
        raise RuleViolation(
            _("“%(name)s”不是本机关负责人，延期须经本机关负责人批准。") % {"name": approver.name},
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
    p = lock(petition, by=by, version=version)
    before = audit.snapshot(p)
    if p.stage != Stage.ACCEPTED:
        raise RuleViolation(_("只有办理中的事项才能延期。"), field="stage")
    if p.extension_days:
        raise RuleViolation(_("办理期限只能延长一次。"), field="days", rule=rules.ART_34)
    if days is None or days < 1 or days > rules.MAX_EXTENSION_DAYS:
        raise RuleViolation(
            _("延长期限应为1至%(MAX_EXTENSION_DAYS)s日。")
            % {"MAX_EXTENSION_DAYS": rules.MAX_EXTENSION_DAYS},
            field="days",
            rule=rules.ART_34,
        )
    township = township_of(p.unit)
    person = _check_approver(approver, township)
    reason = steps.require_text(reason, "reason", _("延期理由"), rules.ART_34)
    steps.check_date(on, "on", _("批准日期"), not_before=p.decided_on, before_what=_("受理日期"))
    steps.check_date(
        notice_on, "notice_on", _("告知信访人日期"), not_before=on, before_what=_("批准日期")
    )
    clock = steps.running_clock(p, rules.CLOCK_HANDLING)
    if clock is None:
        raise RuleViolation(_("办理期限已结束，不能延期。"), field="days")
    if clock.due_date is not None and on > clock.due_date:
        raise RuleViolation(
            _("办理期限已于 %(due_date)s 届满，应在期限内批准延期。")
            % {"due_date": clock.due_date.isoformat()},
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
    return steps.save_audited(
        p,
        by=by,
        before=before,
        note=stored(
            gettext_noop("延期%(days)s日（批准人：%(name)s）"), days=days, name=person.name
        ),
        action="update",
    )
