"""List tables (and the columns of their Excel exports)."""

from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from fazhi.core.tables import (
    ATTRS,
    DateColumn,
    DocumentNumberColumn,
    PiiColumn,
    YesNoColumn,
    linked_column,
    unit_column,
)

from .models import (
    Certificate,
    Disclosure,
    EnforcementCase,
    EnforcementComplaint,
    Exam,
    LegalReview,
    Officer,
    Training,
)


class OfficerTable(tables.Table):
    name = linked_column("person__name", _("姓名"))
    unit = unit_column(_("所属单位"))
    title = tables.Column(verbose_name=_("职务"))
    cert_number = tables.Column(verbose_name=_("执法证号"), orderable=False, default="—")
    cert_status = tables.Column(verbose_name=_("证件状态"), orderable=False, default=_("无证"))
    cert_expires_on = DateColumn(
        verbose_name=_("有效期至"), orderable=False, format="Y-m-d", default="—"
    )
    cert_valid_today = YesNoColumn(verbose_name=_("今日可执法"), orderable=False)
    is_active = YesNoColumn(verbose_name=_("在岗"))

    class Meta:
        model = Officer
        fields = (
            "name",
            "unit",
            "title",
            "cert_number",
            "cert_status",
            "cert_expires_on",
            "cert_valid_today",
            "is_active",
        )
        order_by = ("name",)
        attrs = ATTRS

    def render_cert_status(self, value: Any) -> str:
        return str(dict(Certificate.Status.choices).get(value, value))

    def value_cert_status(self, value: Any) -> str:
        return self.render_cert_status(value)


class CertificateTable(tables.Table):
    number = DocumentNumberColumn(verbose_name=_("证件编号"), linkify=True)
    officer = tables.Column(verbose_name=_("持证人"), accessor="officer__person__name")
    issuing_authority = tables.Column(verbose_name=_("发证机关"))
    issued_on = DateColumn(verbose_name=_("发证日期"), format="Y-m-d")
    expires_on = DateColumn(verbose_name=_("有效期至"), format="Y-m-d")
    status = tables.Column(verbose_name=_("状态"))

    class Meta:
        model = Certificate
        fields = ("number", "officer", "issuing_authority", "issued_on", "expires_on", "status")
        order_by = ("expires_on",)
        attrs = ATTRS


class TrainingTable(tables.Table):
    title = tables.Column(verbose_name=_("培训名称"), linkify=True)
    n_attendees = tables.Column(verbose_name=_("参训人数"))

    class Meta:
        model = Training
        fields = ("title", "kind", "held_on", "hours", "organizer", "n_attendees")
        order_by = ("-held_on",)
        attrs = ATTRS


class TrainingHoursTable(tables.Table):
    name = linked_column("person__name", _("姓名"))
    unit = unit_column(_("所属单位"))
    hours = tables.Column(verbose_name=_("年度学时"))
    target = tables.Column(verbose_name=_("年度目标"), empty_values=(), orderable=False)
    shortfall = tables.Column(verbose_name=_("差额"), empty_values=(), orderable=False)

    class Meta:
        model = Officer
        fields = ("name", "unit", "hours", "target", "shortfall")
        order_by = ("hours",)
        attrs = ATTRS

    def __init__(self, *args: Any, target: Any = 0, **kwargs: Any) -> None:
        self.target = target
        super().__init__(*args, **kwargs)

    def render_target(self) -> Any:
        return self.target

    def value_target(self) -> Any:
        return self.target

    def render_shortfall(self, record: Any) -> Any:
        return max(self.target - record.hours, 0)

    def value_shortfall(self, record: Any) -> Any:
        return self.render_shortfall(record)


class ExamTable(tables.Table):
    title = tables.Column(verbose_name=_("考试名称"), linkify=True)
    n_registered = tables.Column(verbose_name=_("报名人数"))
    n_passed = tables.Column(verbose_name=_("合格人数"))

    class Meta:
        model = Exam
        fields = (
            "title",
            "kind",
            "sitting_on",
            "registration_deadline",
            "pass_mark",
            "n_registered",
            "n_passed",
        )
        order_by = ("-sitting_on",)
        attrs = ATTRS


class CaseTable(tables.Table):
    number = DocumentNumberColumn(
        verbose_name=_("案号"),
        linkify=lambda record: record.get_absolute_url(),
        default=_("（未立案）"),
    )
    title = tables.Column(verbose_name=_("案由"), linkify=lambda record: record.get_absolute_url())
    field = tables.Column(verbose_name=_("执法领域"), accessor="field__name")
    party_name = tables.Column(verbose_name=_("当事人"))
    id_number = PiiColumn(
        verbose_name=_("身份证号码/统一社会信用代码"), accessor="id_number", empty_values=()
    )
    next_due = DateColumn(verbose_name=_("最近截止日"), format="Y-m-d", orderable=True, default="—")

    class Meta:
        model = EnforcementCase
        fields = (
            "number",
            "title",
            "case_type",
            "procedure",
            "stage",
            "field",
            "party_name",
            "id_number",
            "filed_on",
            "decided_on",
            "fine_amount",
            "next_due",
        )
        order_by = ("-filed_on",)
        attrs = ATTRS


class ReviewTable(tables.Table):
    case = tables.Column(
        verbose_name=_("案件"),
        accessor="case__title",
        linkify=lambda record: record.case.get_absolute_url(),
    )
    number = DocumentNumberColumn(verbose_name=_("案号"), accessor="case__number")

    class Meta:
        model = LegalReview
        fields = ("number", "case", "submitted_on", "result", "reviewed_on", "opinion")
        order_by = ("result", "submitted_on")
        attrs = ATTRS


class DisclosureTable(tables.Table):
    number = DocumentNumberColumn(
        verbose_name=_("决定书文号"),
        accessor="case__decision_number",
        linkify=lambda record: record.case.get_absolute_url(),
    )
    title = tables.Column(verbose_name=_("案由"), accessor="case__title")
    on_time = YesNoColumn(verbose_name=_("按时"), orderable=False, null=True)

    class Meta:
        model = Disclosure
        fields = (
            "number",
            "title",
            "kind",
            "decision_on",
            "due_on",
            "status",
            "published_on",
            "on_time",
            "withdrawn_on",
        )
        order_by = ("-decision_on",)
        attrs = ATTRS


class ComplaintTable(tables.Table):
    complainant = tables.Column(verbose_name=_("投诉人"), linkify=True)
    phone = PiiColumn(verbose_name=_("联系电话"), accessor="phone", empty_values=())
    case = tables.Column(verbose_name=_("涉及案件"), accessor="case__title", default="—")

    class Meta:
        model = EnforcementComplaint
        fields = (
            "received_on",
            "complainant",
            "phone",
            "conduct",
            "case",
            "status",
            "finding",
            "replied_on",
        )
        order_by = ("-received_on",)
        attrs = ATTRS
