"""The API's one permission class (kept free of rest_framework.views to avoid
an import cycle through DRF's settings)."""

from typing import Any

from rest_framework import permissions
from rest_framework.request import Request


class ScopedPermission(permissions.IsAuthenticated):
    """Authenticated; writes only for roles that may write. Out-of-scope
    records never reach here: the viewset's queryset is already scoped (404)."""

    def has_permission(self, request: Request, view: Any) -> bool:
        if not super().has_permission(request, view):
            return False
        if request.method in permissions.SAFE_METHODS:
            return True
        return bool(getattr(request.user, "can_write", False))
