"""What this app registers with core at start-up: menu entries, indicators,
rule settings and its demo builder."""

from django.utils.translation import gettext_lazy as _

from fazhi.core import dashboard, demo, navigation, years

from . import indicators, rules  # noqa: F401  (registering figures and settings)
from .demo import build
from .models import LawExam, LawStudy, PublicityActivity
from .queries import dashboard_panel

GROUP = _("普法与学法")

navigation.register_group(
    "publicity",
    GROUP,
    [
        (_("普法活动"), "publicity:activity_list"),
        (_("普法工作计划"), "publicity:plan_list"),
        (_("计划项目"), "publicity:item_list"),
        (_("普法覆盖与死角"), "publicity:coverage"),
        (_("法治文化阵地"), "publicity:site_list"),
        (_("法律明白人"), "publicity:villager_list"),
        (_("民主法治示范村"), "publicity:modelvillage_list"),
        (_("干部学法"), "publicity:study_list"),
        (_("学法考试"), "publicity:exam_list"),
        (_("村党组织书记述法"), "governance:lawreport_list"),
        (_("干部学法用法台账"), "publicity:cadres"),
    ],
    order=40,
)

demo.register("publicity", build, order=60)

# Year pickers open on the latest year with activities or study (core.years).
years.register("publicity.activities", PublicityActivity, "date")
years.register("publicity.study", LawStudy, "date")
years.register("publicity.exams", LawExam, "year")

dashboard.register("publicity", _("普法与学法"), dashboard_panel, order=40)

from .search import register as register_search  # noqa: E402  (issue 18)

register_search()  # what this module contributes to the cross-module search

from . import ledger  # noqa: E402,F401  (issue 18: 普法活动台账 import registers its kind)
