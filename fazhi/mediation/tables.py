"""Ledger tables: the columns of the pages and of the Excel 台账 export."""

from __future__ import annotations

import datetime as dt
from typing import Any

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from fazhi.core.tables import (
    ATTRS,
    DateColumn,
    DocumentNumberColumn,
    PiiColumn,
    YesNoColumn,
    unit_column,
)
from fazhi.core.workdays import provisional_note

from .models import Dispute, MediationCase, MediationCommittee, Mediator, Screening


def _parties(record: Any, user: Any) -> str:
    # Names only: ID numbers stay on the detail page (revealed and audited there).
    return "、".join(p.person.name for p in record.parties.all())


class DisputeTable(tables.Table):
    number = DocumentNumberColumn(verbose_name=_("编号"), linkify=True)
    found_on = DateColumn(verbose_name=_("登记日期"), format="Y-m-d")
    unit = unit_column(_("所属单位"), order_by="unit__path")
    title = tables.Column(verbose_name=_("纠纷简述"), linkify=True)
    parties = tables.Column(verbose_name=_("当事人"), empty_values=(), orderable=False)
    category = tables.Column(
        verbose_name=_("纠纷类型"), accessor="category__name", order_by="category__order"
    )
    amount = tables.Column(verbose_name=_("涉及金额（元）"))
    source = tables.Column(verbose_name=_("来源"))
    risk_level = tables.Column(verbose_name=_("风险等级"))
    status = tables.Column(verbose_name=_("状态"))
    mediators = tables.Column(verbose_name=_("调解员"), empty_values=(), orderable=False)
    resolved_on = DateColumn(verbose_name=_("化解/终结日期"), format="Y-m-d")

    class Meta:
        model = Dispute
        fields = (
            "number",
            "found_on",
            "unit",
            "title",
            "parties",
            "category",
            "amount",
            "source",
            "risk_level",
            "status",
            "mediators",
            "resolved_on",
        )
        order_by = ("-found_on",)
        attrs = ATTRS
        row_attrs = {"data-risk": lambda record: record.risk_level}

    def render_parties(self, record: Dispute) -> str:
        return _parties(
            record, getattr(self.request, "user", None) if hasattr(self, "request") else None
        )

    def _mediator_names(self, record: Dispute) -> str:
        names = []
        for case in record.cases.all():
            names += [a.mediator.person.name for a in case.assignments.all()]
        return "、".join(dict.fromkeys(names))

    def render_mediators(self, record: Dispute) -> str:
        # A dispute settled on the spot has no mediator: "—" as the row's other
        # empty cells, not a blank a reader takes for a page that did not load.
        return self._mediator_names(record) or "—"

    def value_parties(self, record: Dispute) -> str:
        return self.render_parties(record)

    def value_mediators(self, record: Dispute) -> str:
        return self._mediator_names(record)


class CaseTable(tables.Table):
    number = DocumentNumberColumn(verbose_name=_("案号"), linkify=True, empty_values=())
    applied_on = DateColumn(verbose_name=_("申请日期"), format="Y-m-d")
    committee = tables.Column(verbose_name=_("调委会"), accessor="committee__name")
    dispute = tables.Column(verbose_name=_("纠纷"), accessor="dispute__title")
    category = tables.Column(
        verbose_name=_("纠纷类型"), accessor="dispute__category__name", orderable=False
    )
    parties = tables.Column(verbose_name=_("当事人"), empty_values=(), orderable=False)
    start = tables.Column(verbose_name=_("启动方式"))
    status = tables.Column(verbose_name=_("状态"))
    mediators = tables.Column(verbose_name=_("调解员"), empty_values=(), orderable=False)
    due = DateColumn(
        verbose_name=_("调解期限"), accessor="conclusion_due", format="Y-m-d", orderable=True
    )
    concluded_on = DateColumn(verbose_name=_("结案日期"), format="Y-m-d")
    agreement_form = tables.Column(
        verbose_name=_("协议形式"), accessor="agreement__form", empty_values=(), orderable=False
    )

    class Meta:
        model = MediationCase
        fields = (
            "number",
            "applied_on",
            "committee",
            "dispute",
            "category",
            "parties",
            "start",
            "status",
            "mediators",
            "due",
            "concluded_on",
            "agreement_form",
        )
        order_by = ("-applied_on",)
        attrs = ATTRS

    def render_number(self, record: MediationCase) -> str:
        return record.number or str(_("（待受理）"))

    def render_due(self, value: Any, record: MediationCase) -> str:
        """The due date, and 暂定（2027年放假安排未公布） when it rests on a year
        whose holiday notice is not entered (core.workdays)."""
        text = value.isoformat() if isinstance(value, dt.date) else str(value)
        year = getattr(record, "conclusion_provisional_year", None)
        if not (year and value):
            return text
        last = value.year if isinstance(value, dt.date) else None
        return f"{text} {provisional_note(year, last)}"

    def value_due(self, value: Any, record: MediationCase) -> Any:
        year = getattr(record, "conclusion_provisional_year", None)
        return self.render_due(value, record) if year and value else value

    def render_parties(self, record: MediationCase) -> str:
        return _parties(record.dispute, None)

    def render_mediators(self, record: MediationCase) -> str:
        return "、".join(a.mediator.person.name for a in record.assignments.all())

    def render_agreement_form(self, record: MediationCase) -> str:
        agreement = getattr(record, "agreement", None)
        return agreement.get_form_display() if agreement is not None else "—"

    def value_parties(self, record: MediationCase) -> str:
        return self.render_parties(record)

    def value_mediators(self, record: MediationCase) -> str:
        return self.render_mediators(record)

    def value_agreement_form(self, record: MediationCase) -> str:
        return self.render_agreement_form(record)

    def value_number(self, record: MediationCase) -> str:
        return self.render_number(record)


class ScreeningTable(tables.Table):
    screened_on = DateColumn(verbose_name=_("排查日期"), format="Y-m-d", linkify=True)
    unit = unit_column(order_by="unit__path")
    screeners = tables.Column(verbose_name=_("排查人员"))
    scope = tables.Column(verbose_name=_("排查范围"))
    n_disputes = tables.Column(verbose_name=_("发现纠纷"), accessor="n_disputes")

    class Meta:
        model = Screening
        fields = ("screened_on", "unit", "screeners", "scope", "n_disputes")
        order_by = ("-screened_on",)
        attrs = ATTRS


class CommitteeTable(tables.Table):
    name = tables.Column(verbose_name=_("名称"), linkify=True)
    unit = unit_column(_("所属单位"), order_by="unit__path")
    level = tables.Column(verbose_name=_("级别"))
    established_on = DateColumn(verbose_name=_("成立日期"), format="Y-m-d")
    term_end = DateColumn(verbose_name=_("本届任期届满"), format="Y-m-d")
    n_members = tables.Column(verbose_name=_("委员人数"), accessor="n_members")
    n_mediators = tables.Column(verbose_name=_("调解员人数"), accessor="n_mediators")

    class Meta:
        model = MediationCommittee
        fields = ("name", "unit", "level", "established_on", "term_end", "n_members", "n_mediators")
        order_by = ("unit",)
        attrs = ATTRS


class MediatorTable(tables.Table):
    name = tables.Column(verbose_name=_("姓名"), accessor="person__name", linkify=True)
    gender = tables.Column(verbose_name=_("性别"), accessor="person__gender")
    ethnicity = tables.Column(verbose_name=_("民族"), accessor="person__ethnicity")
    # Masked with "显示" on the page, in full in a PII role's export (core.tables.PiiColumn).
    phone = PiiColumn(verbose_name=_("联系电话"), accessor="person__phone")
    committee = tables.Column(verbose_name=_("调委会"), accessor="committee__name")
    full_time = YesNoColumn(verbose_name=_("专职"))
    appointed_on = DateColumn(verbose_name=_("聘任日期"), format="Y-m-d")
    left_on = DateColumn(verbose_name=_("离任日期"), format="Y-m-d")
    n_cases = tables.Column(verbose_name=_("办理案件"), accessor="n_cases")

    class Meta:
        model = Mediator
        fields = (
            "name",
            "gender",
            "ethnicity",
            "phone",
            "committee",
            "full_time",
            "appointed_on",
            "left_on",
            "n_cases",
        )
        order_by = ("committee",)
        attrs = ATTRS

    def render_gender(self, record: Mediator) -> str:
        return record.person.get_gender_display()
