from django.urls import path

from . import views, views_account, views_calendar, views_offline, views_twofactor
from .routes import record_urls

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    *record_urls("people", "person", views, "Person"),
    path("people/<int:pk>/departure/", views.person_depart, name="person_depart"),
    path("units/", views.units, name="unit_list"),
    path("units/<int:pk>/", views.unit_detail, name="unit_detail"),
    path("calendar/", views_calendar.calendar_years, name="calendar"),
    path("calendar/<int:year>/", views_calendar.calendar_enter, name="calendar_enter"),
    path("calendar/calculator/", views_calendar.calculator, name="calculator"),
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/<int:pk>/read/", views.inbox_read, name="inbox_read"),
    path("inbox/read/", views.inbox_read_all, name="inbox_read_all"),
    path("audit/", views.audit_log, name="audit_log"),
    path("security/log/", views.security_log, name="security_log"),
    path("history/<int:ct>/<int:pk>/", views.history, name="history"),
    path("links/<int:ct>/<int:pk>/<str:kind>/add/", views.link_add, name="link_add"),
    path("pii/<int:ct>/<int:pk>/<str:field>/", views.reveal, name="reveal"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment"),
    path("password/", views_account.PasswordChange.as_view(), name="password_change"),
    path("session/keepalive/", views_account.keepalive, name="session_keepalive"),
    path("account/2fa/", views_twofactor.manage, name="two_factor"),
    path("account/2fa/enrol/", views_twofactor.enrol, name="two_factor_enrol"),
    path("account/2fa/verify/", views_twofactor.verify, name="two_factor_verify"),
    path("account/2fa/codes/", views_twofactor.new_codes, name="two_factor_codes"),
    path("account/2fa/disable/", views_twofactor.disable, name="two_factor_disable"),
    path("account/token/", views_twofactor.token_issue, name="api_token_issue"),
    path("account/token/revoke/", views_twofactor.token_revoke, name="api_token_revoke"),
    path("security/lockouts/", views_twofactor.lockouts, name="lockouts"),
    path("security/lockouts/unlock/", views_twofactor.unlock, name="unlock"),
    # Capture without a signal (issue 18): the worker at the root, so it may
    # control every page; the queue page; what to cache; where entries arrive.
    path("sw.js", views_offline.service_worker, name="service_worker"),
    path("offline/", views_offline.queue, name="offline_queue"),
    path("offline/manifest.json", views_offline.manifest, name="offline_manifest"),
    path("offline/sync/", views_offline.sync, name="offline_sync"),
]

from . import views_import  # noqa: E402  (issue 18: the ledger import pages)

urlpatterns += views_import.urlpatterns

from . import views_search  # noqa: E402  (issue 18: search across modules)

urlpatterns += [path("search/", views_search.search, name="search")]
