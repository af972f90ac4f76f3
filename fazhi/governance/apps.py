from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "fazhi.governance"
    label = "governance"
    verbose_name = _("依法决策与监督")

    def ready(self) -> None:
        # Menu entries, indicators and the demo builder register themselves here
        # so that core never imports this app.
        from . import registry  # noqa: F401
