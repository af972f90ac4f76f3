"""Settings of the peer project: django-helpdesk 2.6.1 as its documentation
installs it, with production's switches (DEBUG off, sessions in the
database) and nothing tuned for the bench. PEER_DATABASE_URL names its own
PostgreSQL database (fazhi_peer by default), never fazhi's."""

import os
from pathlib import Path
from urllib.parse import unquote, urlsplit

BASE_DIR = Path(__file__).resolve().parent.parent

SECRET_KEY = os.environ.get("SECRET_KEY", "peer-bench-only-not-a-secret")
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.humanize",
    "rest_framework",
    "helpdesk",
    "peer_site",
]

MIDDLEWARE = [
    # First, so it counts the other middleware's queries too (session, user),
    # as fazhi's core.benchheaders does for `make bench-http`.
    "peer_site.querycount.QueryCountMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "peer_site.urls"
WSGI_APPLICATION = "peer_site.wsgi.application"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]


def _database(url: str) -> dict[str, object]:
    parts = urlsplit(url)
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": parts.path.lstrip("/"),
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": parts.hostname or "",
        "PORT": str(parts.port or ""),
        # fazhi's production default (CONN_MAX_AGE in fazhi/settings.py).
        "CONN_MAX_AGE": 60,
    }


DATABASES = {
    "default": _database(
        os.environ.get("PEER_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/fazhi_peer")
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
SITE_ID = 1

LANGUAGE_CODE = "en-us"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR.parent.parent / "var" / "peer-static"
MEDIA_ROOT = BASE_DIR.parent.parent / "var" / "peer-media"
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

# helpdesk: its defaults, except teams (pinax-teams is a separate install the
# ticket list does not use). Every staff member sees every queue, its default.
# The knowledge base stays on: 2.6.1's urls.py fails to import with it off.
HELPDESK_TEAMS_MODE_ENABLED = False
LOGIN_URL = "helpdesk:login"
LOGIN_REDIRECT_URL = "helpdesk:home"
