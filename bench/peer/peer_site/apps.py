from django.apps import AppConfig


class PeerSiteConfig(AppConfig):
    name = "peer_site"
    default_auto_field = "django.db.models.AutoField"
