"""One settings module, configured from the environment.

Embedded default: SQLite under var/, background jobs inline, no services.
Production: DATABASE_URL (PostgreSQL), REDIS_URL (cache + Celery broker),
SECRET_KEY, ALLOWED_HOSTS, FAZHI_MEDIA_STORAGE=s3 with the AWS_* variables.
"""

import datetime as dt
import os
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("FAZHI_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("DJANGO_DEBUG", default=False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG and env_bool("FAZHI_PRODUCTION"):
        raise RuntimeError("SECRET_KEY must be set in production")
    SECRET_KEY = "fazhi-insecure-development-key-change-me-0123456789abcdefghij"  # noqa: S105
ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")
    if h.strip()
]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_tables2",
    "django_htmx",
    "django_password_validators",  # its translations
    "django_password_validators.password_history",  # password history (hashes)
    "pgtrigger",  # the audit table refuses UPDATE and DELETE on PostgreSQL
    "axes",  # log-in lockout per account and per IP (core.security)
    "django_otp",  # two factors (core.twofactor)
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",  # single-use recovery codes
    "pghistory",  # change capture on the tables of citizens' matters (core.history)
    "fazhi.core",
    "fazhi.petitions",
    "fazhi.mediation",
    "fazhi.enforcement",
    "fazhi.publicity",
    "fazhi.governance",
    "fazhi.reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "fazhi.core.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "fazhi.core.middleware.RequestContextMiddleware",
    # Change capture on PostgreSQL names the request's user (core.history).
    "fazhi.core.history.ChangeContextMiddleware",
    # Idle and absolute session timeout, then the forced password change
    # (core.sessions; docs/security.md).
    "fazhi.core.sessions.SessionTimeoutMiddleware",
    # The second factor before anything else (core.twofactor).
    "fazhi.core.twofactor.TwoFactorRequiredMiddleware",
    "fazhi.core.sessions.PasswordChangeRequiredMiddleware",
    # Turns a locked-out log-in into the lockout page (core.security); last.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "fazhi.urls"
WSGI_APPLICATION = "fazhi.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "fazhi" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "fazhi.core.context_processors.shell",
            ],
            # `{% table_row %}` lives beside core.tables rather than under
            # core/templatetags: core.tables draws cells with the clock and
            # PII tags, so a tag module importing it back made a cycle.
            "libraries": {"table_tags": "fazhi.core.table_tags"},
        },
    },
]

# Django's form renderer, its select and input widgets written in Python
# (core.renderers: the same HTML; a list's filter form drew ~100 options).
FORM_RENDERER = "fazhi.core.renderers.WidgetRenderer"

VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{VAR_DIR / 'fazhi.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the dev server read while a command writes; timeout rides out short locks.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DATABASES["default"]["TEST"] = (
    {"NAME": os.environ.get("FAZHI_TEST_DB_NAME")} if os.environ.get("FAZHI_TEST_DB_NAME") else {}
)

# A PostgreSQL streaming replica for the reads of dashboards, reports and
# roll-ups (core.dbrouter; docs/deploy.md "Primary and replica"). Tests mirror
# it onto the primary's test database.
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.config(
        env="DATABASE_REPLICA_URL",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["fazhi.core.dbrouter.ReplicaRouter"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "core.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "login"
# Axes first: it refuses a locked account or address before the password is
# checked, on /login/ and /admin/login/ alike. AxesStandaloneBackend has no
# get_user, so the test client's force_login picks ModelBackend: Django's,
# loading a session's user with its home unit, person and unread reminders
# in one query (core.backends). Sessions opened under Django's own
# ModelBackend's name log in again once.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "fazhi.core.backends.ModelBackend",
]
# Lockout (core.security; docs/security.md, "Lockout"): FAZHI_LOCKOUT_FAILURES
# failed log-ins on one account, or from one IP address, lock it for
# FAZHI_LOCKOUT_MINUTES counted from the last failure; tries during the lock
# do not extend it. The security administrator can lift a lock (/security/lockouts/).
FAZHI_LOCKOUT_FAILURES = int(os.environ.get("FAZHI_LOCKOUT_FAILURES", "5"))
FAZHI_LOCKOUT_MINUTES = int(os.environ.get("FAZHI_LOCKOUT_MINUTES", "15"))
AXES_FAILURE_LIMIT = FAZHI_LOCKOUT_FAILURES
AXES_COOLOFF_TIME = dt.timedelta(minutes=FAZHI_LOCKOUT_MINUTES)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "fazhi.core.security.lockout_response"
AXES_CLIENT_IP_CALLABLE = "fazhi.core.middleware.client_ip"
# How many reverse proxies stand before fazhi, each appending the address it saw
# to X-Forwarded-For (docs/deploy.md: one nginx). The client's address is the
# hop the outermost one added; 0 ignores the header (no proxy).
FAZHI_PROXY_HOPS = int(os.environ.get("FAZHI_PROXY_HOPS", "1"))
# Log-ins and failures are in the audit trail (core.security); axes keeps only
# the attempts it counts.
AXES_DISABLE_ACCESS_LOG = True
# No banner on every manage.py call; lockouts are in the audit trail and on /security/lockouts/.
AXES_VERBOSE = False
# Two factors (core.twofactor; docs/security.md, "Two factors"): the name an
# authenticator app shows beside the code.
OTP_TOTP_ISSUER = "法治工作平台"

# Password policy (core.passwords; docs/security.md, "Passwords"): at least
# FAZHI_PASSWORD_MIN_LENGTH characters of three of the four classes, not like
# the user name, none of the last FAZHI_PASSWORD_HISTORY, changed at the first
# log-in and every FAZHI_PASSWORD_MAX_AGE_DAYS days.
FAZHI_PASSWORD_MIN_LENGTH = int(os.environ.get("FAZHI_PASSWORD_MIN_LENGTH", "10"))
FAZHI_PASSWORD_HISTORY = int(os.environ.get("FAZHI_PASSWORD_HISTORY", "5"))
FAZHI_PASSWORD_MAX_AGE_DAYS = int(os.environ.get("FAZHI_PASSWORD_MAX_AGE_DAYS", "90"))
_PV = "django.contrib.auth.password_validation"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"{_PV}.UserAttributeSimilarityValidator"},
    {
        "NAME": "fazhi.core.passwords.MinimumLengthValidator",
        "OPTIONS": {"min_length": FAZHI_PASSWORD_MIN_LENGTH},
    },
    {"NAME": f"{_PV}.CommonPasswordValidator"},
    {"NAME": "fazhi.core.passwords.CharacterClassesValidator", "OPTIONS": {"min_classes": 3}},
    {"NAME": "fazhi.core.passwords.UsernameNotInPasswordValidator"},
    {
        "NAME": "fazhi.core.passwords.RecentPasswordsValidator",
        "OPTIONS": {"last_passwords": FAZHI_PASSWORD_HISTORY},
    },
    # Last: records each saved password as set for the user (must be changed).
    {"NAME": "fazhi.core.passwords.PasswordStatusRecorder"},
]

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# With Redis, every process reads a session from the one shared cache and
# writes it through to the database (Django's cached_db): a page costs a Redis
# GET instead of a query, and a log-out or a timeout deletes both, so no other
# worker keeps the session alive. Without Redis each process would keep its own
# copy in local memory, where a session ended in one worker lives on in another:
# sessions are then read from the database (docs/performance.md, issue 19).
SESSION_ENGINE = f"django.contrib.sessions.backends.{'cached_db' if REDIS_URL else 'db'}"

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = "Asia/Shanghai"
CELERY_TASK_ACKS_LATE = True
CELERY_BEAT_SCHEDULE = {
    "daily-reminders": {
        "task": "fazhi.core.tasks.run_reminders",
        "schedule": crontab(hour=6, minute=30),
    },
}

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "fazhi" / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
# Dates read 2026-09-12 on every page, in both languages (fazhi/formats).
FORMAT_MODULE_PATH = ["fazhi.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "fazhi" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))

_static_backend = (
    "whitenoise.storage.CompressedManifestStaticFilesStorage"
    if env_bool("FAZHI_MANIFEST_STATIC", default=not DEBUG and env_bool("FAZHI_PRODUCTION"))
    else "django.contrib.staticfiles.storage.StaticFilesStorage"
)
if os.environ.get("FAZHI_MEDIA_STORAGE") == "s3":
    _media_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ.get("AWS_STORAGE_BUCKET_NAME", "fazhi"),
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "default_acl": None,
            "querystring_auth": True,
        },
    }
else:
    _media_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {"default": _media_storage, "staticfiles": {"BACKEND": _static_backend}}

# Attachments: limits a township can change.
FAZHI_ATTACHMENT_MAX_BYTES = int(os.environ.get("FAZHI_ATTACHMENT_MAX_BYTES", 20 * 1024 * 1024))
FAZHI_ATTACHMENT_EXTENSIONS = [
    "pdf",
    "doc",
    "docx",
    "xls",
    "xlsx",
    "jpg",
    "jpeg",
    "png",
    "txt",
    "ofd",
    "zip",
    "mp3",
    "mp4",
]
# Audit trail (core.auditchain; docs/security.md, "Audit trail"): rows are kept
# at least this many months (nothing in fazhi deletes them); GB/T 22239-2019
# asks for 6 at least, and a smaller value is refused at start-up.
FAZHI_AUDIT_RETENTION_MONTHS = int(os.environ.get("FAZHI_AUDIT_RETENTION_MONTHS", "12"))
# Retention of personal information (core.retention; docs/security.md,
# "Retention"): a closed matter's citizens' names, ID numbers, phones and
# addresses are anonymised this many years after it was closed (办结, 结案,
# 答复, 撤回), by the daily job. LAW.md confirms no retention period for these
# files (PIPL 第十九条: the shortest time the purpose needs, unless a law
# says otherwise), so it is a setting, not a rule. The default, 10 years,
# outlasts every appeal window and twice the longest limitation period LAW.md
# records for these matters (行政处罚法第三十六条, 5 years [C]), so a
# question about a closed matter still finds the people in it; a county whose
# archive rules (档案保管期限) ask longer sets it higher.
FAZHI_RETENTION_YEARS = int(os.environ.get("FAZHI_RETENTION_YEARS", "10"))
# Typed dates (core.inputs): none before FAZHI_DATE_FLOOR; a date of something
# that has happened no later than tomorrow; a deadline, term or date set for
# later no more than FAZHI_DATE_HORIZON_YEARS years ahead.
FAZHI_DATE_FLOOR = os.environ.get("FAZHI_DATE_FLOOR", "1949-10-01")
FAZHI_DATE_HORIZON_YEARS = int(os.environ.get("FAZHI_DATE_HORIZON_YEARS", "10"))
# Clocks: a clock is "due soon" within this many working days of its due date.
FAZHI_DUE_SOON_WORKING_DAYS = 3
DATA_UPLOAD_MAX_MEMORY_SIZE = 25 * 1024 * 1024

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["fazhi.core.permissions.ScopedPermission"],
    # A JSON body must be an object (core.parsers); forms and uploads as DRF's.
    "DEFAULT_PARSER_CLASSES": [
        "fazhi.core.parsers.JSONObjectParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    # A filter or page value the OpenAPI schema calls invalid is refused
    # (core.api_query): 400 naming the parameter, 404 for a page.
    "DEFAULT_FILTER_BACKENDS": ["fazhi.core.api_query.SchemaFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "fazhi.core.api_query.SchemaPageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "fazhi.core.api_schema.AutoSchema",
    "EXCEPTION_HANDLER": "fazhi.core.api.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "fazhi 法治 API",
    "DESCRIPTION": "乡镇法治工作平台 REST API",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # The schema and the docs are for signed-in users (session or API token);
    # fazhi/urls.py also sends an anonymous visitor of /api/docs/ to the login.
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Schema warnings are checked by tests/core (test_api_schema_clean) and
    # `make checks` (spectacular --fail-on-warn), not by `check --deploy`,
    # whose warnings are about deployment security.
    "ENABLE_DJANGO_DEPLOY_CHECK": False,
    # The error answers (400/403/404/409) every operation can give, from the
    # API pattern in core.api (core.api_schema).
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "fazhi.core.api_schema.document_errors",
    ],
    # Choice sets shared by several serializers, or whose field name ("status",
    # "channel", ...) other choice sets use too, are named after their model.
    "ENUM_NAME_OVERRIDES": {
        "PetitionChannelEnum": "fazhi.petitions.models.Channel",
        "PetitionSourceEnum": "fazhi.petitions.models.Source",
        "AnnualReportStatusEnum": "fazhi.reports.models.AnnualReport.Status",
        "GovernanceCaseResultEnum": "fazhi.governance.models.CaseResult",
        "SectorCodeEnum": "fazhi.publicity.models.Sector.Code",
        # Choice sets the workflow steps' inputs share with the records
        # (core.api_schema.step_schema).
        "PetitionProcedureEnum": "fazhi.petitions.models.Procedure",
        "ReplyOutcomeEnum": "fazhi.petitions.models.Outcome",
        "SatisfactionEnum": "fazhi.petitions.models.Satisfaction",
        "AppealLevelEnum": "fazhi.petitions.models.AppealLevel",
        "AppealResultEnum": "fazhi.petitions.models.AppealResult",
        "ReviewOutcomeEnum": "fazhi.enforcement.models.EnforcementCase.ReviewOutcome",
        "ReviewConclusionEnum": "fazhi.governance.models.NormativeDocument.ReviewConclusion",
        "ConsultationConclusionEnum": "fazhi.governance.models.Consultation.Conclusion",
        # A case's result once concluded: CaseResult without "pending".
        "GovernanceCaseConclusionEnum": "fazhi.governance.api.concluded_results",
    },
}

# Browser protections (docs/security.md, "CSP and security headers"): no inline
# script or style anywhere (static files under fazhi/static/js and css, data in
# json_script or data-*), no framing, no referrer to other sites, no camera,
# microphone or geolocation. FAZHI_CSP_REPORT_URI sends violation reports to
# the deployer's collector.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        # Bootstrap's CSS draws its icons (select arrow, toggler) as data: SVG.
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        **(
            {"report-uri": [os.environ["FAZHI_CSP_REPORT_URI"]]}
            if os.environ.get("FAZHI_CSP_REPORT_URI")
            else {}
        ),
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
PERMISSIONS_POLICY: dict[str, list[str]] = {
    "camera": [],
    "microphone": [],
    "geolocation": [],
    "payment": [],
    "usb": [],
}

DJANGO_TABLES2_TEMPLATE = "core/table.html"

SESSION_COOKIE_HTTPONLY = True
# Sessions (core.sessions; docs/security.md, "Sessions"): ended after
# FAZHI_SESSION_IDLE_MINUTES without a request and FAZHI_SESSION_ABSOLUTE_HOURS
# after the log-in; the cookie lives no longer than that and not past the
# browser's closing (a shared office computer).
FAZHI_SESSION_IDLE_MINUTES = int(os.environ.get("FAZHI_SESSION_IDLE_MINUTES", "15"))
FAZHI_SESSION_ABSOLUTE_HOURS = int(os.environ.get("FAZHI_SESSION_ABSOLUTE_HOURS", "12"))
SESSION_COOKIE_AGE = FAZHI_SESSION_ABSOLUTE_HOURS * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
if env_bool("FAZHI_PRODUCTION"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_CONTENT_TYPE_NOSNIFF = True

# `make bench-http` only: each response names its number of SQL queries
# (core.benchheaders), counting the other middleware's too.
if env_bool("FAZHI_BENCH_QUERY_HEADER"):
    MIDDLEWARE.insert(0, "fazhi.core.benchheaders.QueryCountMiddleware")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

_ = _  # gettext_lazy kept importable for labels defined here
