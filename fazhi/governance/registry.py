"""What this app registers with core at start-up: menu entries, indicators,
rule settings and its demo builder."""

import datetime as dt

from django.utils.translation import gettext_lazy as _

from fazhi.core import daily, dashboard, navigation, selectors, years
from fazhi.core import demo as core_demo

from . import indicators, rules  # noqa: F401  (declare figures and rule settings)
from .demo import build
from .models import DisclosureRequest, Meeting, NormativeDocument, WorkPlan
from .queries import dashboard_panel, law_reports_of, village_law_reports

MENU = [
    (
        "governance",
        _("依法行政"),
        60,
        [
            (_("年度工作方案"), "governance:plan_list"),
            (_("工作任务"), "governance:task_list"),
            (_("法治工作会议"), "governance:meeting_list"),
            (_("述法"), "governance:lawreport_list"),
            (_("第一责任人职责"), "governance:leaders"),
        ],
    ),
    (
        "governance_decisions",
        _("依法决策"),
        61,
        [
            (_("行政规范性文件"), "governance:document_list"),
            (_("规范性文件清理"), "governance:cleanup_list"),
            (_("重大行政决策"), "governance:decision_list"),
            (_("决策事项目录"), "governance:catalogue_list"),
            (_("法律顾问"), "governance:adviser_list"),
            (_("法律意见与合同审查"), "governance:consultation_list"),
        ],
    ),
    (
        "governance_ogi",
        _("政务公开"),
        62,
        [
            (_("主动公开"), "governance:proactive_list"),
            (_("主动公开目录"), "governance:catalogue_items"),
            (_("依申请公开"), "governance:request_list"),
            (_("政务公开年度报告表"), "governance:ogi_report"),
        ],
    ),
    (
        "governance_supervision",
        _("监督考核"),
        63,
        [
            (_("执法监督检查"), "governance:check_list"),
            (_("案卷评查"), "governance:evaluation_list"),
            (_("整改"), "governance:rectification_list"),
            (_("依法行政考核"), "governance:assessment_list"),
            (_("行政复议"), "governance:reconsideration_list"),
            (_("行政诉讼"), "governance:litigation_list"),
        ],
    ),
]

for group, group_label, order, entries in MENU:
    navigation.register_group(group, group_label, entries, order=order)

core_demo.register("governance", build, order=60)

# Year pickers open on the latest year with governance records (core.years).
years.register("governance.plans", WorkPlan, "year")
years.register("governance.meetings", Meeting, "held_on")
years.register("governance.requests", DisclosureRequest, "received_on")
years.register("governance.documents", NormativeDocument, "published_on")


def _remind_expiring(today: dt.date) -> int:
    from .workflow import remind_expiring

    return remind_expiring(today)


daily.register("governance.normative_documents.expiring", _remind_expiring)


def _remind_tasks(today: dt.date) -> dict[str, int]:
    from .workflow import remind_tasks

    return remind_tasks(today)


daily.register("governance.plan_tasks", _remind_tasks)

dashboard.register("governance", _("依法行政"), dashboard_panel, order=50)

# Reads publicity's cadre ledger and indicators take from governance (core.selectors:
# domain apps never import each other).
selectors.provide("governance.law_reports_of", law_reports_of)
selectors.provide("governance.village_law_reports", village_law_reports)

from .search import register as register_search  # noqa: E402  (issue 18)

register_search()  # what this module contributes to the cross-module search

from .retention import register as register_retention  # noqa: E402  (issue 17)

register_retention()  # what this module's closed records hold past retention (PIPL)

from . import ledger  # noqa: E402,F401  (issue 18: 规范性文件目录 import registers its kind)
