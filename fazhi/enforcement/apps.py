from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnforcementConfig(AppConfig):
    name = "fazhi.enforcement"
    label = "enforcement"
    verbose_name = _("行政执法")

    def ready(self) -> None:
        # Menu entries, indicators and the demo builder register themselves here
        # so that core never imports this app.
        from . import registry  # noqa: F401
