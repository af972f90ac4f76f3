from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicityConfig(AppConfig):
    name = "fazhi.publicity"
    label = "publicity"
    verbose_name = _("普法与学法")

    def ready(self) -> None:
        # Menu entries, indicators and the demo builder register themselves here
        # so that core never imports this app.
        from . import registry  # noqa: F401
