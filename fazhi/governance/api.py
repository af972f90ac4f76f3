"""REST endpoints of this app, registered on the project router."""

from rest_framework.routers import BaseRouter


def register(router: BaseRouter) -> None:
    """Add this app's viewsets to /api/v1/."""
