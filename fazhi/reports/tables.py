import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from fazhi.core.tables import ATTRS, DateColumn, DateTimeColumn, unit_column

from .models import AnnualReport


class ReportTable(tables.Table):
    title = tables.Column(linkify=True, verbose_name=_("标题"))
    unit = unit_column()
    year = tables.Column(verbose_name=_("年度"))
    status = tables.Column(verbose_name=_("状态"))
    submit_due = DateColumn(verbose_name=_("报送截止日"), format="Y-m-d")
    publish_due = DateColumn(verbose_name=_("公开截止日"), format="Y-m-d")
    frozen_at = DateTimeColumn(verbose_name=_("冻结时间"), format="Y-m-d H:i")

    class Meta:
        model = AnnualReport
        fields = ("title", "unit", "year", "status", "submit_due", "publish_due", "frozen_at")
        order_by = ("-year",)
        attrs = ATTRS
