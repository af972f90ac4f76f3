"""Ledger tables; the export of a list is the same table (台账)."""

from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from fazhi.core import clocks, pii
from fazhi.core.tables import (
    ATTRS,
    DateColumn,
    DocumentNumberColumn,
    DueDateColumn,
    YesNoColumn,
)
from fazhi.core.templatetags.pii_tags import pii_html

from .models import OutreachVisit, Petition, Reception, ReceptionDuty
from .queries import LEDGER_PETITIONERS, WITHHELD, needs_reason, petitioners_listed

STATE_BADGES = {
    "on_time": "text-bg-success",
    "due_soon": "text-bg-warning",
    "overdue": "text-bg-danger",
    "paused": "text-bg-secondary",
    "done_on_time": "text-bg-light",
    "done_late": "text-bg-dark",
}


PETITIONERS_SHOWN = 3  # a group visit's ledger cell names the first few, then "等N人"


def petitioners_of(record: Petition) -> list[Any]:
    """A row's petitioners: the list `queries.ledger_rows` prefetched onto it,
    else the petition's own (a table over `queries.ledger`)."""
    return petitioners_listed(record, LEDGER_PETITIONERS)


def _petitioners(record: Petition, show: Any) -> str:
    people = petitioners_of(record)
    cells = []
    for person in people[:PETITIONERS_SHOWN]:
        number = show(person)
        cells.append(f"{person.name}（{number}）" if number else person.name)
    text = "、".join(cells)
    if len(people) > PETITIONERS_SHOWN:
        text += str(_("等%(n)s人")) % {"n": len(people)}
    return text or "—"


def _petitioners_html(record: Petition, user: Any) -> Any:
    """The page's cell: each petitioner's name and ID number masked, with
    "显示" beside it for a PII role (core.templatetags.pii_tags)."""
    people = petitioners_of(record)
    cells = []
    for person in people[:PETITIONERS_SHOWN]:
        if person.id_number:
            # The masked number, its 显示 and the closing bracket on one line:
            # squeezed, the bracket fell to a line of its own.
            cells.append(
                format_html(
                    '{}<span class="text-nowrap">（{}）</span>',
                    person.name,
                    pii_html(person, "id_number", user),
                )
            )
        else:
            cells.append(format_html("{}", person.name))
    text = format_html_join("、", "{}", ((c,) for c in cells))
    if len(people) > PETITIONERS_SHOWN:
        text = format_html("{}{}", text, str(_("等%(n)s人")) % {"n": len(people)})
    return text or "—"


class PetitionTable(tables.Table):
    number = DocumentNumberColumn(verbose_name=_("编号"), linkify=True)
    petitioners = tables.Column(verbose_name=_("信访人"), empty_values=(), orderable=False)
    received_on = DateColumn(verbose_name=_("收到日期"), format="Y-m-d")
    channel = tables.Column(verbose_name=_("形式"))
    category = tables.Column(verbose_name=_("类别"))
    title = tables.Column(verbose_name=_("信访事由"), orderable=False)
    stage = tables.Column(verbose_name=_("办理阶段"))
    responsible_unit = tables.Column(
        verbose_name=_("承办单位"),
        accessor="responsible_unit__name",
        order_by="responsible_unit__name",
    )
    owner_leader = tables.Column(
        verbose_name=_("包案领导"), accessor="owner_leader__name", orderable=False
    )
    handling_due = DueDateColumn(verbose_name=_("办理期限"), format="Y-m-d")
    handling_state = tables.Column(verbose_name=_("时限状态"), orderable=False)
    is_repeat = YesNoColumn(verbose_name=_("重复"), orderable=False)

    class Meta:
        model = Petition
        fields = (
            "number",
            "received_on",
            "channel",
            "category",
            "title",
            "petitioners",
            "stage",
            "responsible_unit",
            "owner_leader",
            "handling_due",
            "handling_state",
            "is_repeat",
        )
        order_by = ("-received_on",)
        attrs = {
            "class": "table table-sm table-hover align-middle",
            "data-testid": "petition-table",
        }

    def render_handling_state(self, value: str) -> Any:
        label = clocks.STATE_LABELS.get(value, "")  # type: ignore[call-overload]
        return (
            format_html('<span class="badge {}">{}</span>', STATE_BADGES.get(value, ""), label)
            if label
            else "—"
        )

    def value_handling_state(self, value: str) -> str:
        return str(clocks.STATE_LABELS.get(value, ""))  # type: ignore[call-overload]

    # The export shows the ID numbers in full to a PII role (value_petitioners).
    pii_columns = ("id_number",)

    # An accusation (检举控告类) is read on its own page with a reason, audited
    # (《信访工作条例》第三十条: kept from the accused): the ledger, page and
    # export, shows neither its subject nor its accusers (queries.WITHHELD).

    def render_petitioners(self, record: Petition) -> Any:
        """On the page the ID number is masked for every role; a PII role
        shows one by "显示", with a reason, audited (core.pii.reveal)."""
        if needs_reason(record):
            return "—"
        return _petitioners_html(record, getattr(getattr(self, "request", None), "user", None))

    def value_petitioners(self, record: Petition) -> str:
        """In the export as the exporting role may see it (core.pii.for_export;
        the export is asked its reason and audited as a whole)."""
        if needs_reason(record):
            return ""
        user = getattr(getattr(self, "request", None), "user", None)
        return _petitioners(record, lambda person: pii.for_export(person, "id_number", user))

    def render_title(self, value: str, record: Petition) -> str:
        if needs_reason(record):
            return str(WITHHELD)
        return value if len(value) <= 30 else value[:30] + "…"

    def value_title(self, value: str, record: Petition) -> str:
        return str(WITHHELD) if needs_reason(record) else value


class ReceptionDutyTable(tables.Table):
    date = DateColumn(verbose_name=_("接访日期"), format="Y-m-d", linkify=True)
    leader = tables.Column(
        verbose_name=_("接访领导"), accessor="leader__name", order_by="leader__name"
    )

    class Meta:
        model = ReceptionDuty
        fields = ("date", "slot", "leader", "place", "topic", "published")
        order_by = ("-date",)  # the latest and coming days first
        attrs = ATTRS


class ReceptionTable(tables.Table):
    held_on = DateColumn(verbose_name=_("接访日期"), format="Y-m-d", linkify=True)
    leader = tables.Column(
        verbose_name=_("接访领导"), accessor="leader__name", order_by="leader__name"
    )
    petition_count = tables.Column(verbose_name=_("形成信访事项"), orderable=False)

    class Meta:
        model = Reception
        fields = ("held_on", "leader", "place", "visitor_count", "petition_count")
        order_by = ("-held_on",)
        attrs = ATTRS


class OutreachVisitTable(tables.Table):
    visited_on = DateColumn(verbose_name=_("下访日期"), format="Y-m-d", linkify=True)
    leader = tables.Column(verbose_name=_("带队领导"), accessor="leader__name", orderable=False)
    petition_count = tables.Column(verbose_name=_("关联信访事项"), orderable=False)

    class Meta:
        model = OutreachVisit
        fields = ("visited_on", "leader", "visited_party", "place", "findings", "petition_count")
        order_by = ("-visited_on",)
        attrs = ATTRS
