"""What this app registers with core at start-up: menu entries, indicators,
rule settings and its demo builder."""

from django.utils.translation import gettext_lazy as _

from fazhi.core import demo, navigation, years
from fazhi.core.roles import ADMIN_ROLES, Role

from . import indicators, rules  # noqa: F401  (registration side effects)
from .demo import build
from .models import AnnualReport

# A unit's template is a township's or the county's (workflow.REPORTING_KINDS): a
# village cadre sees neither, and the page would answer 404.
TEMPLATE_ROLES = frozenset(Role) - ADMIN_ROLES - {Role.VILLAGE_CADRE}
navigation.register_group(
    "reports",
    _("年度报告"),
    [
        (_("法治政府建设年度报告"), "reports:list"),
        (_("领导驾驶舱"), "reports:dashboard"),
        (_("县级汇总"), "reports:rollup"),
        (_("报告模板"), "reports:template", TEMPLATE_ROLES),
        (_("已公开的报告"), "reports:public_list"),
    ],
    order=80,
)

# After every module's builder: the report is drafted from their records.
demo.register("reports", build, order=900)

# The county roll-up opens on the latest year a township has a report for (core.years).
years.register("reports.annual", AnnualReport, "year")
