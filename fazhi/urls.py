from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.urls import include, path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from fazhi.api_router import router

urlpatterns = [
    path(
        "login/",
        # Locked out by django-axes (core.security), as /admin/login/ is.
        auth_views.LoginView.as_view(),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    # One password page: the admin site's own would save the password as set
    # by an administrator (core.passwords) and the user be sent to change it again.
    path(
        "admin/password_change/",
        RedirectView.as_view(pattern_name="core:password_change"),
        name="admin_password_change",
    ),
    path("admin/", admin.site.urls),
    path("api/v1/", include(router.urls)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path(
        "api/docs/",
        # The split view serves its start-up script from ?script, not inline, and
        # the template links static CSS: the page keeps the site's strict CSP.
        login_required(
            SpectacularSwaggerSplitView.as_view(
                url_name="api-schema", template_name="api/swagger_ui.html"
            )
        ),
        name="api-docs",
    ),
    path("petitions/", include("fazhi.petitions.urls")),
    path("mediation/", include("fazhi.mediation.urls")),
    path("enforcement/", include("fazhi.enforcement.urls")),
    path("publicity/", include("fazhi.publicity.urls")),
    path("governance/", include("fazhi.governance.urls")),
    path("reports/", include("fazhi.reports.urls")),
    path("", include("fazhi.core.urls")),
]

# An unmatched URL under /api/ answers JSON like the API (core.api.not_found).
handler404 = "fazhi.core.api.not_found"

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
