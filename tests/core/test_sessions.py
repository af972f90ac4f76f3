"""Session limits (issue 17; docs/security.md "Sessions"): a request after
FAZHI_SESSION_IDLE_MINUTES without one, or FAZHI_SESSION_ABSOLUTE_HOURS after
the log-in, logs the user out and sends them to the log-in page with a message
(HTMX: HX-Redirect; the API: answered as anonymous). The page carries the idle
timer (static/js/session.js) with its numbers in data-* attributes. Time is
pinned on core.sessions.now (Django's own session expiry keeps the real clock,
so it is the middleware that ends the session here)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from lxml import html as lxml_html

from fazhi.core import sessions
from fazhi.core.models import AuditEvent
from tests.factories import PASSWORD, World

pytestmark = pytest.mark.django_db

T0 = timezone.now()


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Callable[[dt.timedelta], None]:
    """clock(delta): the session rules see T0 + delta from now on."""

    def at(delta: dt.timedelta) -> None:
        monkeypatch.setattr(sessions, "now", lambda: T0 + delta)

    at(dt.timedelta(0))
    return at


def _login(username: str = "owner") -> Client:
    client = Client()
    assert client.post("/login/", {"username": username, "password": PASSWORD}).status_code == 302
    return client


def _signed_out(response: object, next_path: str) -> bool:
    location = response["Location"]  # type: ignore[index]
    return response.status_code == 302 and location == f"/login/?next={next_path}"  # type: ignore[attr-defined]


def test_the_settings_carry_the_issues_defaults() -> None:
    assert settings.FAZHI_SESSION_IDLE_MINUTES == 15
    assert settings.FAZHI_SESSION_ABSOLUTE_HOURS == 12
    assert settings.SESSION_COOKIE_AGE == 12 * 3600  # no longer 8 hours
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE


def test_activity_keeps_the_session_and_fifteen_idle_minutes_end_it(world: World, clock) -> None:  # type: ignore[no-untyped-def]
    client = _login()
    clock(dt.timedelta(minutes=14))
    assert client.get("/people/").status_code == 200
    clock(dt.timedelta(minutes=28, seconds=59))  # 14:59 after the last request
    assert client.get("/people/").status_code == 200
    clock(dt.timedelta(minutes=43, seconds=59))  # 15:00 after the last request
    response = client.get("/people/?q=1")
    assert _signed_out(response, "/people/%3Fq%3D1")
    assert "_auth_user_id" not in client.session
    page = client.get(response["Location"]).content.decode()
    assert "15分钟没有操作" in page  # the message on the log-in page
    assert AuditEvent.objects.filter(action="logout", actor=world.owner).exists()


def test_the_idle_minutes_are_a_setting(world: World, clock, settings) -> None:  # type: ignore[no-untyped-def]
    settings.FAZHI_SESSION_IDLE_MINUTES = 5
    client = _login()
    clock(dt.timedelta(minutes=5))
    assert _signed_out(client.get("/"), "/")


def test_twelve_hours_after_the_log_in_the_session_ends_however_busy(world: World, clock) -> None:  # type: ignore[no-untyped-def]
    client = _login()
    for minutes in range(10, 12 * 60, 10):
        clock(dt.timedelta(minutes=minutes))
        assert client.get("/").status_code == 200, minutes
    clock(dt.timedelta(hours=12))
    response = client.get("/")
    assert _signed_out(response, "/")
    assert "12小时" in client.get(response["Location"]).content.decode()


def test_htmx_requests_get_hx_redirect_to_the_page_they_came_from(world: World, clock) -> None:  # type: ignore[no-untyped-def]
    client = _login()
    clock(dt.timedelta(minutes=15))
    response = client.get(
        "/people/?page=2",
        headers={"HX-Request": "true", "HX-Current-URL": "http://testserver/people/new/"},
    )
    assert response.status_code == 200
    assert response["HX-Redirect"] == "/login/?next=/people/new/"


def test_a_form_posted_after_the_timeout_returns_to_its_page(world: World, clock) -> None:  # type: ignore[no-untyped-def]
    client = _login()
    clock(dt.timedelta(minutes=16))
    response = client.post("/people/new/", {"name": "张三"})
    assert _signed_out(response, "/people/new/")


def test_the_api_answers_as_anonymous(world: World, clock) -> None:  # type: ignore[no-untyped-def]
    client = _login()
    assert client.get("/api/v1/people/").status_code == 200
    clock(dt.timedelta(minutes=15))
    assert client.get("/api/v1/people/").status_code in (401, 403)


def test_each_persona_has_its_own_clock(world: World, clock) -> None:  # type: ignore[no-untyped-def]
    """The owner idles out; a colleague busy in the same minutes and an
    outsider who logged in later keep their sessions."""
    owner = _login("owner")
    colleague = _login("colleague")
    clock(dt.timedelta(minutes=10))
    outsider = _login("outsider")
    assert colleague.get("/").status_code == 200
    clock(dt.timedelta(minutes=16))
    assert _signed_out(owner.get("/"), "/")
    assert colleague.get("/").status_code == 200
    assert outsider.get("/").status_code == 200


def test_the_page_carries_the_timer_without_inline_script(world: World, clock) -> None:  # type: ignore[no-untyped-def]
    client = _login()
    clock(dt.timedelta(seconds=30))  # (the session's activity is written once a minute)
    response = client.get("/")
    tree = lxml_html.fromstring(response.content.decode())
    [script] = tree.xpath("//script[contains(@src, 'js/session.js')]")
    assert int(script.get("data-idle-remaining")) == 15 * 60 - 30  # 15 minutes from the log-in
    assert int(script.get("data-login-age")) == 30
    assert script.get("data-warn-before") == "60"
    assert script.get("data-keepalive-url") == "/session/keepalive/"
    assert tree.xpath("//*[@id='fz-idle-warning']//*[@data-fz-keepalive]")
    assert not [s for s in tree.xpath("//script") if (s.text or "").strip()]
    assert response["X-Fazhi-Session-Remaining"] == str(15 * 60 - 30)
    # a signed-out page has no timer
    assert b"session.js" not in Client().get("/login/").content


def test_keep_working_counts_as_activity(world: World, clock) -> None:  # type: ignore[no-untyped-def]
    client = _login()
    clock(dt.timedelta(minutes=14, seconds=30))
    answer = client.post("/session/keepalive/")
    assert answer.status_code == 200 and answer.json() == {"remaining": 15 * 60}
    clock(dt.timedelta(minutes=29))
    assert client.get("/").status_code == 200
    assert client.get("/session/keepalive/").status_code == 405
    anonymous = Client().post("/session/keepalive/")
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/login/")


def test_a_busy_session_is_written_once_a_minute_not_on_every_page(world: World, clock) -> None:  # type: ignore[no-untyped-def]
    client = _login()
    seen = client.session[sessions.LAST_SEEN]
    clock(dt.timedelta(seconds=30))
    client.get("/")
    assert client.session[sessions.LAST_SEEN] == seen
    clock(dt.timedelta(seconds=61))
    client.get("/")
    assert client.session[sessions.LAST_SEEN] == (T0 + dt.timedelta(seconds=61)).timestamp()


def test_with_redis_sessions_are_read_from_the_cache_and_written_through() -> None:
    """Production with Redis (docs/deploy.md) reads a session from the shared
    cache and writes it to the database too; without Redis, from the database
    (a per-process cache would keep a session one worker ended alive in the
    other). The settings module is read in a fresh process for each."""
    import os
    import subprocess
    import sys

    def engine(redis_url: str) -> str:
        code = (
            "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'fazhi.settings'; "
            "django.setup(); from django.conf import settings; print(settings.SESSION_ENGINE)"
        )
        env = {k: v for k, v in os.environ.items() if k != "REDIS_URL"}
        if redis_url:
            env["REDIS_URL"] = redis_url
        out = subprocess.run(
            [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
        )
        return out.stdout.strip().splitlines()[-1]

    assert engine("redis://127.0.0.1:6379/15") == "django.contrib.sessions.backends.cached_db"
    assert engine("") == "django.contrib.sessions.backends.db"


def test_a_session_ended_by_the_idle_timeout_is_gone_from_the_cache_too(
    world: World, clock, settings
) -> None:  # type: ignore[no-untyped-def]
    """cached_db: the time-out deletes the cached copy, so another worker
    reading the shared cache finds no session either."""
    from django.contrib.sessions.backends.cached_db import KEY_PREFIX
    from django.core.cache import caches

    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    client = _login()
    assert client.get("/people/").status_code == 200
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    cache = caches[settings.SESSION_CACHE_ALIAS]
    assert cache.get(KEY_PREFIX + key) is not None
    clock(dt.timedelta(minutes=16))
    assert _signed_out(client.get("/people/"), "/people/")
    assert cache.get(KEY_PREFIX + key) is None
    other_worker = Client()
    other_worker.cookies[settings.SESSION_COOKIE_NAME] = key
    assert other_worker.get("/people/").status_code == 302
