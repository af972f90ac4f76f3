"""Figures this app gives the report: the leadership group (from core's
LeadershipGroup), clocks overdue by module (from core.Clock), and text figures
composed from the publicity module's documented selectors.

Registered at start-up from registry.py. Other modules register theirs in their
own indicators.py; the report only reads core's registry.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import Any, cast

from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from fazhi.core.indicators import Period, UnitTree, count_indicator, indicator
from fazhi.core.models import Clock, GroupMembership, LeadershipGroup, OrgUnit, Person

from .figures import join_words, selector, text_figure

# ---------------------------------------------------------------------------
# Leadership group (推进依法行政工作领导小组) — report section 一（一）
# ---------------------------------------------------------------------------


def _in_force(period: Period) -> Q:
    return Q(established_on__lte=period.end) | Q(established_on__isnull=True)


def leadership_group(unit: OrgUnit, period: Period) -> LeadershipGroup | None:
    """The unit's own group in force in the period (set up on or before its end)."""
    return (
        LeadershipGroup.objects.filter(unit=unit)
        .filter(_in_force(period))
        .order_by("-established_on", "-pk")
        .first()
    )


def groups_of(
    units: Sequence[OrgUnit], period: Period
) -> dict[int, tuple[LeadershipGroup, list[GroupMembership]]]:
    """`leadership_group` and its members in order, for many units in two queries."""
    groups: dict[int, LeadershipGroup] = {}
    for group in (
        LeadershipGroup.objects.filter(unit__in=[u.pk for u in units])
        .filter(_in_force(period))
        .order_by("unit_id", "-established_on", "-pk")
    ):
        groups.setdefault(group.unit_id, group)
    members: dict[int, list[GroupMembership]] = defaultdict(list)
    for m in (
        GroupMembership.objects.filter(group__in=list(groups.values()))
        .select_related("person")
        .order_by("order", "pk")
    ):
        members[m.group_id].append(m)
    return {unit_id: (g, members[g.pk]) for unit_id, g in groups.items()}


def _group_batch(
    figure: Callable[[OrgUnit, LeadershipGroup | None, list[GroupMembership]], Any],
) -> Callable[[Sequence[OrgUnit], Period, UnitTree], dict[int, Any]]:
    """A leadership figure for many units: each unit's own group (not summed up)."""

    def batch(units: Sequence[OrgUnit], period: Period, tree: UnitTree) -> dict[int, Any]:
        found = groups_of(units, period)
        return {u.pk: figure(u, *found.get(u.pk, (None, []))) for u in units}

    return batch


def _titles(members: list[GroupMembership], **match: Any) -> str | None:
    rows = [m for m in members if all(getattr(m, k) == v for k, v in match.items())]
    return join_words(position_title(m) for m in rows) or None


def _memberships(unit: OrgUnit, period: Period) -> QuerySet[GroupMembership]:
    group = leadership_group(unit, period)
    if group is None:
        return GroupMembership.objects.none()
    return group.memberships.select_related("person").order_by("order", "pk")


def _people(memberships: QuerySet[GroupMembership]) -> QuerySet[Person]:
    return Person.objects.filter(pk__in=memberships.values("person")).order_by("name", "pk")


def position_title(membership: GroupMembership) -> str:
    """How the report names a member: by leadership role (党委书记) when set,
    as the seed does, else by their title."""
    if membership.leadership_role:
        return str(membership.get_leadership_role_display())
    return membership.title or membership.person.title


def members_records(unit: OrgUnit, period: Period) -> QuerySet[Person]:
    return _people(_memberships(unit, period))


def chair_records(unit: OrgUnit, period: Period) -> QuerySet[Person]:
    return _people(_memberships(unit, period).filter(position=GroupMembership.Position.CHAIR))


def vice_chair_records(unit: OrgUnit, period: Period) -> QuerySet[Person]:
    return _people(_memberships(unit, period).filter(position=GroupMembership.Position.VICE_CHAIR))


def first_responsible_records(unit: OrgUnit, period: Period) -> QuerySet[Person]:
    return _people(_memberships(unit, period).filter(is_first_responsible=True))


count_indicator(
    "leadership.group.members",
    label=cast(str, _("领导小组成员")),
    unit_label=gettext_noop("人"),
    section="leadership",
    order=10,
    unit_field=None,  # the unit's own group, not the groups below it
    batch=_group_batch(lambda unit, group, members: len({m.person_id for m in members})),
)(members_records)

CHAIR = GroupMembership.Position.CHAIR
VICE_CHAIR = GroupMembership.Position.VICE_CHAIR


@indicator(
    "leadership.group.chair",
    label=cast(str, _("领导小组组长")),
    section="leadership",
    records=chair_records,
    order=11,
    is_text=True,
    batch=_group_batch(lambda unit, group, members: _titles(members, position=CHAIR)),
)
def chair(unit: OrgUnit, period: Period) -> str | None:
    rows = _memberships(unit, period).filter(position=GroupMembership.Position.CHAIR)
    return join_words(position_title(m) for m in rows) or None


@indicator(
    "leadership.group.vice_chairs",
    label=cast(str, _("领导小组副组长")),
    section="leadership",
    records=vice_chair_records,
    order=12,
    is_text=True,
    batch=_group_batch(lambda unit, group, members: _titles(members, position=VICE_CHAIR)),
)
def vice_chairs(unit: OrgUnit, period: Period) -> str | None:
    rows = _memberships(unit, period).filter(position=GroupMembership.Position.VICE_CHAIR)
    return join_words(position_title(m) for m in rows) or None


@indicator(
    "leadership.group.first_responsible",
    label=cast(str, _("推进法治建设第一责任人")),
    section="leadership",
    records=first_responsible_records,
    order=13,
    is_text=True,
    batch=_group_batch(lambda unit, group, members: _titles(members, is_first_responsible=True)),
)
def first_responsible(unit: OrgUnit, period: Period) -> str | None:
    rows = _memberships(unit, period).filter(is_first_responsible=True)
    return join_words(position_title(m) for m in rows) or None


def _group_name(unit: OrgUnit, group: LeadershipGroup | None) -> str | None:
    if group is None:
        return None
    # The report says "成立推进依法行政工作领导小组": the unit's own name is implied.
    return group.name.removeprefix(unit.name) or group.name


@indicator(
    "leadership.group.name",
    label=cast(str, _("领导小组名称")),
    section="leadership",
    records=members_records,
    order=14,
    is_text=True,
    batch=_group_batch(lambda unit, group, members: _group_name(unit, group)),
)
def group_name(unit: OrgUnit, period: Period) -> str | None:
    return _group_name(unit, leadership_group(unit, period))


def leadership_sentence(unit: OrgUnit, period: Period) -> str | None:
    """The seed's sentence from the records: "成立推进依法行政工作领导小组，由党委书记
    担任组长，乡长、人大主席为副组长…" (None when the unit has no group)."""
    name = group_name(unit, period)
    if name is None:
        return None
    parts = [f"成立{name}"]
    head = chair(unit, period)
    if head:
        parts.append(f"由{head}担任组长")
    vices = vice_chairs(unit, period)
    if vices:
        parts.append(f"{vices}为副组长")
    others = _memberships(unit, period).filter(position=GroupMembership.Position.MEMBER)
    if others.exists():
        parts.append("相关部门、单位负责人为成员")
    return "，".join(parts)


text_figure(
    "leadership.group.sentence",
    label=cast(str, _("领导小组组成")),
    section="leadership",
    records_key="leadership.group.members",
)(leadership_sentence)


# ---------------------------------------------------------------------------
# Clocks overdue in the year, by module — proposed shortcomings
# ---------------------------------------------------------------------------

# A module's clocks carry its app label as the kind prefix ("petitions.reply");
# the singular form is accepted too.
MODULES: dict[str, tuple[str, str]] = {
    "petitions": (cast(str, _("信访事项")), "petition"),
    "mediation": (cast(str, _("矛盾纠纷调解")), "dispute"),
    "enforcement": (cast(str, _("行政执法")), "enforcement"),
    "publicity": (cast(str, _("普法工作")), "publicity"),
    "governance": (cast(str, _("依法行政事项")), "governance"),
    "reports": (cast(str, _("年度报告")), "report"),
}


def module_of(kind: str) -> str:
    """The module a clock kind belongs to (its prefix, singular folded)."""
    prefix = kind.split(".", 1)[0].split(":", 1)[0]
    for module, (_label, singular) in MODULES.items():
        if prefix in (module, singular):
            return module
    return prefix


def overdue_clocks(unit: OrgUnit, period: Period, module: str | None = None) -> QuerySet[Clock]:
    """Clocks due in the period that ran past their due date: stopped late, or
    still open after it."""
    today = timezone.localdate()
    qs = Clock.objects.in_unit(unit).filter(due_date__range=(period.start, period.end))
    late = Q(status=Clock.Status.STOPPED, stopped_on__gt=F("due_date")) | (
        ~Q(status=Clock.Status.STOPPED) & Q(due_date__lt=today)
    )
    qs = qs.filter(late)
    if module is not None:
        _label, singular = MODULES[module]
        qs = qs.filter(
            Q(kind__startswith=f"{module}.")
            | Q(kind__startswith=f"{singular}.")
            | Q(kind=module)
            | Q(kind=singular)
        )
    return qs.select_related("unit").order_by("due_date", "pk")


count_indicator(
    "clocks.overdue",
    label=cast(str, _("超期办理事项")),
    unit_label=gettext_noop("件"),
    section="problems",
    order=1,
)(lambda unit, period: overdue_clocks(unit, period))


def _overdue(module_label: str) -> str:
    return gettext("%(module)s超期") % {"module": module_label}


# A module's overdue figure named in the reader's language when shown.
_overdue_label = lazy(_overdue, str)


def _register_module_overdue(module: str, label: str, order: int) -> None:
    def records(unit: OrgUnit, period: Period) -> QuerySet[Clock]:
        return overdue_clocks(unit, period, module)

    count_indicator(
        f"clocks.overdue.{module}",
        label=cast(str, _overdue_label(label)),
        unit_label=gettext_noop("件"),
        section="problems",
        order=order,
    )(records)


for _i, (_module, (_label, _singular)) in enumerate(MODULES.items()):
    _register_module_overdue(_module, _label, 2 + _i)


# ---------------------------------------------------------------------------
# Publicity text figures, from fazhi.publicity.queries (documented selectors)
# ---------------------------------------------------------------------------

PUBLICITY = "fazhi.publicity.queries"


def _pick(item: Any, names: tuple[str, ...]) -> Any:
    """The first present attribute or key of `item` among `names`."""
    for name in names:
        value: Any = item.get(name) if isinstance(item, dict) else getattr(item, name, None)
        if callable(value) and not hasattr(value, "all"):
            value = value()
        if hasattr(value, "all"):  # a related manager: its rows
            value = list(value.all())
        if value not in (None, "", []):
            return value
    return None


def _words(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list | tuple | set | frozenset):
        out: list[str] = []
        for v in value:
            out.extend(_words(v))
        return out
    name = _pick(value, ("name", "title")) if not isinstance(value, str) else None
    return [str(name if name is not None else value).strip()]


def _call(name: str, unit: OrgUnit, period: Period) -> list[Any] | None:
    fn = selector(f"{PUBLICITY}.{name}")
    if fn is None:
        return None
    result = fn(unit, period)
    return list(result) if result is not None else None


@text_figure(
    "publicity.topics.covered",
    label=cast(str, _("重点宣传主题")),
    section="publicity",
    records_key="publicity.activities",
)
def topics(unit: OrgUnit, period: Period) -> str | None:
    items = _call("topics_covered", unit, period)
    return join_words(w for item in items or [] for w in _words(item)) or None


CAMPAIGN_NAME = ("name", "title", "campaign", "holiday")
CAMPAIGN_LEAD = ("lead_unit", "lead", "organizer", "lead_units", "leads", "unit")


@text_figure(
    "publicity.campaigns.names",
    label=cast(str, _("主题宣传日")),
    section="publicity",
    records_key="publicity.campaigns",
)
def campaign_names(unit: OrgUnit, period: Period) -> str | None:
    items = _call("campaigns_held", unit, period)
    if not items:
        return None
    return join_words(w for item in items for w in _words(_pick(item, CAMPAIGN_NAME) or item))


@text_figure(
    "publicity.campaigns.leads",
    label=cast(str, _("专题宣传牵头单位")),
    section="publicity",
    records_key="publicity.campaigns",
)
def campaign_leads(unit: OrgUnit, period: Period) -> str | None:
    items = _call("campaigns_held", unit, period)
    if not items:
        return None
    return join_words(w for item in items for w in _words(_pick(item, CAMPAIGN_LEAD))) or None


@text_figure(
    "publicity.sectors.unreached",
    label=cast(str, _("普法未覆盖领域")),
    section="publicity",
    records_key="publicity.activities",
)
def unreached(unit: OrgUnit, period: Period) -> str | None:
    items = _call("unreached_sectors", unit, period)
    if not items:
        return None
    words = []
    for item in items:
        label = _pick(item, ("label",)) if not isinstance(item, str) else None
        words.extend(_words(label) if label is not None else _words(item))
    return join_words(SECTOR_LABELS.get(w, w) for w in words) or None


# GLOSSARY.md: Sector codes, in the report's words (法律进机关、进企业…).
SECTOR_LABELS = {
    "agency": "机关",
    "enterprise": "企业",
    "village": "村庄",
    "school": "学校",
    "community": "社区",
}
