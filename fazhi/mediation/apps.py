from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MediationConfig(AppConfig):
    name = "fazhi.mediation"
    label = "mediation"
    verbose_name = _("矛盾纠纷排查调处")

    def ready(self) -> None:
        # Menu entries, indicators and the demo builder register themselves here
        # so that core never imports this app.
        from . import registry  # noqa: F401
