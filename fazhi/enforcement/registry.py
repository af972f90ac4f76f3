"""What this app registers with core at start-up: menu entries, indicators,
rule settings and its demo builder."""

import datetime as dt

from django.utils.translation import gettext_lazy as _

from fazhi.core import daily, dashboard, navigation, selectors, years
from fazhi.core import demo as core_demo

from . import indicators, rules  # noqa: F401  (declare indicators and rule settings)
from .demo import build
from .models import EnforcementCase, Training
from .queries import dashboard_panel, training_hours_by_person

GROUP = _("行政执法")

navigation.register_group(
    "enforcement",
    GROUP,
    [
        (_("执法案件"), "enforcement:case_list"),
        (_("执法人员"), "enforcement:officer_list"),
        (_("执法证件"), "enforcement:certificate_list"),
        (_("培训学时"), "enforcement:training_hours"),
        (_("执法培训"), "enforcement:training_list"),
        (_("执法考试"), "enforcement:exam_list"),
        (_("法制审核"), "enforcement:review_queue"),
        (_("执法公示"), "enforcement:disclosure_list"),
        (_("执法投诉"), "enforcement:complaint_list"),
    ],
    order=30,
)

core_demo.register("enforcement", build, order=30)

# Year pickers open on the latest year with cases or training (core.years).
years.register("enforcement.cases", EnforcementCase, "discovered_on")
years.register("enforcement.training", Training, "held_on")


def _certificates_daily(today: dt.date) -> dict[str, int]:
    from .jobs import expire_certificates, post_renewal_reminders

    return {
        "expired": expire_certificates(today),
        "renewal_reminders": post_renewal_reminders(today),
    }


daily.register("enforcement.certificates", _certificates_daily)

dashboard.register("enforcement", _("行政执法"), dashboard_panel, order=30)

# Publicity's cadre ledger counts enforcement training once, from here (core.selectors).
selectors.provide("enforcement.training_hours_by_person", training_hours_by_person)

from .search import register as register_search  # noqa: E402  (issue 18)

register_search()  # what this module contributes to the cross-module search

from .retention import register as register_retention  # noqa: E402  (issue 17)

register_retention()  # what this module's closed records hold past retention (PIPL)

from . import ledger  # noqa: E402,F401  (issue 18: 行政执法人员名册 import registers its kind)
