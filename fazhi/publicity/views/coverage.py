"""The coverage page: units × sectors reached in a period, the gaps, plan
items overdue; and the app's index."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _

from fazhi.core import steps, years
from fazhi.core.forms import style_small
from fazhi.core.indicators import Period
from fazhi.core.models import OrgUnit
from fazhi.core.scope import units_visible_to

from .. import queries
from ._common import root_for

# ---------------------------------------------------------------------------
# Coverage
# ---------------------------------------------------------------------------


class PeriodForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("单位"), queryset=OrgUnit.objects.none(), required=False)
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100, required=False)
    quarter = forms.TypedChoiceField(
        label=_("季度"),
        choices=[
            ("", _("全年")),
            ("1", _("第一季度")),
            ("2", _("第二季度")),
            ("3", _("第三季度")),
            ("4", _("第四季度")),
        ],
        coerce=int,
        required=False,
        empty_value=None,
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["unit"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = units_visible_to(user).exclude(kind=OrgUnit.Kind.DEPARTMENT)
        field.error_messages["invalid_choice"] = _("所选单位不存在或不在您的管辖范围内。")
        # The picker opens on the latest year with activities (core.years),
        # not on a calendar year that may have none yet.
        self.default_year, offered = years.picker(user, "publicity.activities", today=steps.today())
        asked = str(self.data.get("year", "")) if self.is_bound else ""
        if asked.isdigit() and int(asked) not in offered:
            offered = sorted({*offered, int(asked)}, reverse=True)
        self.fields["year"].initial = self.default_year
        self.fields["year"].widget = forms.Select(
            choices=[(y, _("%(year)s年") % {"year": y}) for y in offered]
        )
        style_small(self.fields)

    def period(self) -> Period:
        year = self.cleaned_data.get("year") or self.default_year
        quarter = self.cleaned_data.get("quarter")
        if not quarter:
            return Period.year(year)
        start = dt.date(year, (quarter - 1) * 3 + 1, 1)
        end_month = quarter * 3
        end = dt.date(year + end_month // 12, end_month % 12 + 1, 1) - dt.timedelta(days=1)
        return Period(start, end)


@login_required
def coverage(request: HttpRequest) -> HttpResponse:
    """Units × sectors reached in a period; the gaps; plan items overdue."""
    form = PeriodForm(request.GET or None, user=request.user)
    status = 200
    if form.is_bound and not form.is_valid():
        status = 400
        root, period = root_for(request.user, None), Period.year(form.default_year)
    else:
        if not form.is_bound:
            form.is_valid()
        data = getattr(form, "cleaned_data", {})
        root = root_for(request.user, data.get("unit"))
        period = form.period() if data else Period.year(form.default_year)
    ctx: dict[str, Any] = {
        "title": _g("普法覆盖与死角"),
        "form": form,
        "period": period,
        "root": root,
    }
    if root is not None:
        cov = queries.coverage(root, period, today=steps.today())
        ctx.update(
            cov=cov,
            rows=cov.rows(),
            gaps=cov.gaps(),
            heatmap=cov.heatmap(),
            rate=cov.rate,
            unreached=[s.name for s in cov.unreached_sectors],
            topics_covered=[t.name for t in cov.topics],
        )
    return render(request, "publicity/coverage.html", ctx, status=status)


@login_required
def index(request: HttpRequest) -> HttpResponse:
    return redirect("publicity:activity_list")
