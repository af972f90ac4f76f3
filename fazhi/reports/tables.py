import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from fazhi.core.tables import ATTRS, DateTimeColumn, DueDateColumn, unit_column

from .models import AnnualReport


class ReportTable(tables.Table):
    title = tables.Column(linkify=True, verbose_name=_("标题"))
    unit = unit_column()
    year = tables.Column(verbose_name=_("年度"))
    status = tables.Column(verbose_name=_("状态"))
    # The clocks' due dates, loaded with the rows (queries.with_deadlines), 暂定
    # while one rests on a year whose holiday notice is not entered.
    submit_due = DueDateColumn(
        verbose_name=_("报送截止日"),
        format="Y-m-d",
        order_by=("submit_clock_due",),
        provisional="submit_due_provisional",
    )
    publish_due = DueDateColumn(
        verbose_name=_("公开截止日"),
        format="Y-m-d",
        order_by=("publish_clock_due",),
        provisional="publish_due_provisional",
    )
    frozen_at = DateTimeColumn(verbose_name=_("冻结时间"), format="Y-m-d H:i")

    class Meta:
        model = AnnualReport
        fields = ("title", "unit", "year", "status", "submit_due", "publish_due", "frozen_at")
        order_by = ("-year",)
        attrs = ATTRS
