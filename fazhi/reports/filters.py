import django_filters
from django.utils.translation import gettext_lazy as _

from fazhi.core.filters import UnitFilterMixin

from .models import AnnualReport


class ReportFilter(UnitFilterMixin):
    year = django_filters.NumberFilter(label=_("年度"))
    status = django_filters.ChoiceFilter(label=_("状态"), choices=AnnualReport.Status.choices)

    class Meta:
        model = AnnualReport
        fields = ["year", "status"]
