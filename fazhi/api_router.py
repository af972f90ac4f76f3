"""The REST API under /api/v1/: one router, each app registering its viewsets."""

from rest_framework.routers import DefaultRouter

from fazhi.core.api_views import OrgUnitViewSet, PersonViewSet

router = DefaultRouter()
router.register("units", OrgUnitViewSet, basename="unit")
router.register("people", PersonViewSet, basename="person")
