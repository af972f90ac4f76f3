from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "fazhi.core"
    label = "core"
    verbose_name = _("基础")

    def ready(self) -> None:
        from . import auditchain, crypto, retention, security, sessions, twofactor
        from .navigation_core import register_core_menu

        register_core_menu()
        security.connect()
        auditchain.connect()
        retention.connect()
        sessions.connect()
        twofactor.connect()
        del crypto  # imported for its system check (fazhi.pii.E001)
