"""What this app registers with core at start-up: menu entries, indicators,
rule settings and its demo builder."""

from django.utils.translation import gettext_lazy as _

from fazhi.core import dashboard, demo, navigation, years
from fazhi.core.roles import READ_ONLY_ROLES, Role

from . import indicators, rules  # noqa: F401  (indicators and rule settings register on import)
from .demo import build
from .models import Petition
from .queries import dashboard_panel

GROUP = _("信访")

navigation.register_group(
    "petitions",
    GROUP,
    [
        (_("信访台账"), "petitions:list"),
        # Registering is writing: a read-only role (the county supervisor) would be refused.
        (_("登记信访事项"), "petitions:create", frozenset(Role) - READ_ONLY_ROLES),
        (_("包案领导"), "petitions:leaders"),
        (_("领导接访日"), "petitions:duty_list"),
        (_("接访记录"), "petitions:reception_list"),
        (_("下访记录"), "petitions:outreach_list"),
        (_("公开：接访日安排"), "petitions:public_rota"),
    ],
    order=20,
)

demo.register("petitions", build, order=20)

dashboard.register("petitions", _("信访"), dashboard_panel, order=10)

# Year pickers open on the latest year with petitions (core.years).
years.register("petitions", Petition, "received_on")

from . import ledger  # noqa: E402,F401  (issue 18: 信访台账 import registers its kind)
from .search import register as register_search  # noqa: E402  (issue 18)

register_search()  # what this module contributes to the cross-module search

from .retention import register as register_retention  # noqa: E402  (issue 17)

register_retention()  # what this module's closed records hold past retention (PIPL)
