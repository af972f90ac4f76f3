"""The project's URLs for the report tests, without the other modules' routes,
so these tests exercise this app alone while the other modules are being built.
The paths are the same as in fazhi/urls.py."""

from django.contrib.auth import views as auth_views
from django.urls import include, path
from rest_framework.routers import DefaultRouter

from fazhi.reports import api

router = DefaultRouter()
api.register(router)

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include(router.urls)),
    path("reports/", include("fazhi.reports.urls")),
    path("", include("fazhi.core.urls")),
]
