"""The REST API under /api/v1/: one router, each app registering its viewsets."""

import importlib

from rest_framework.routers import DefaultRouter

from fazhi.core.api_views import OrgUnitViewSet, PersonViewSet
from fazhi.core.views_search import SearchViewSet

DOMAIN_APPS = ("petitions", "mediation", "enforcement", "publicity", "governance", "reports")

router = DefaultRouter()
router.register("units", OrgUnitViewSet, basename="unit")
router.register("people", PersonViewSet, basename="person")
router.register("search", SearchViewSet, basename="search")

for app in DOMAIN_APPS:
    importlib.import_module(f"fazhi.{app}.api").register(router)
