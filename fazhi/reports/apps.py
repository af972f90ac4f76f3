from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "fazhi.reports"
    label = "reports"
    verbose_name = _("年度报告")

    def ready(self) -> None:
        # Menu entries, indicators and the demo builder register themselves here
        # so that core never imports this app.
        from . import registry  # noqa: F401
