"""What this app registers with core at start-up: menu entries, indicators,
rule settings and its demo builder."""

import datetime as dt

from django.utils.translation import gettext_lazy as _

from fazhi.core import daily, dashboard, links, navigation, years
from fazhi.core import demo as core_demo

from . import indicators, rules  # noqa: F401  (importing registers figures and settings)
from .demo import build, organisation
from .models import Dispute, MediationCase
from .queries import dashboard_panel

GROUP = _("矛盾纠纷调处")

navigation.register_group(
    "mediation",
    GROUP,
    [
        (_("工作概览"), "mediation:overview"),
        (_("矛盾纠纷台账"), "mediation:dispute_list"),
        (_("调解案件"), "mediation:case_list"),
        (_("排查记录"), "mediation:screening_list"),
        (_("未按期排查"), "mediation:screening_missed"),
        (_("人民调解委员会"), "mediation:committee_list"),
        (_("人民调解员"), "mediation:mediator_list"),
        (_("纠纷类型"), "mediation:category_list"),
    ],
    order=20,
)

core_demo.register("mediation", build, order=30)
core_demo.register_setup("mediation", organisation, order=30)

# Year pickers open on the latest year with disputes or cases (core.years).
years.register("mediation.disputes", Dispute, "found_on")
years.register("mediation.cases", MediationCase, "applied_on")

# A dispute and the petition it came from or went to (信访与矛盾纠纷关联),
# by label: neither app imports the other's models.
links.register_kind(
    "petition_dispute",
    "petitions.Petition",
    "mediation.Dispute",
    a_label=_("信访事项"),
    b_label=_("矛盾纠纷"),
)


def _reminders_daily(today: dt.date) -> dict[str, int]:
    """Committee term ending, missed screening rounds (mediation.reminders)."""
    from .reminders import scan

    return scan(today)


daily.register("mediation.reminders", _reminders_daily)

dashboard.register("mediation", _("矛盾纠纷调处"), dashboard_panel, order=20)

from .search import register as register_search  # noqa: E402  (issue 18)

register_search()  # what this module contributes to the cross-module search

from . import ledger  # noqa: E402,F401  (issue 18: 矛盾纠纷排查台账 import registers its kind)
from .retention import register as register_retention  # noqa: E402  (issue 17)

register_retention()  # what this module's closed records hold past retention (PIPL)
from . import case_ledger  # noqa: E402,F401  (issue 18: 人民调解案件登记台账 import)
