"""Shared fixtures for real-browser tests (marker `browser`), and fast password hashing.

A browser test asks for `browser_page`: a fresh Playwright page in its own
browser context, pointed at pytest-django's `live_server` (base_url is set, so
`page.goto("/login/")` works) with a transactional database. `login` signs a
user in through the real login form.

The browser is Debian's chromium (/usr/bin/chromium, or FAZHI_CHROMIUM), driven
by the Python playwright package; no `playwright install` download is needed.
Without chromium the tests are skipped, unless CI is set: then they fail.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.core.servers.basehttp import ThreadedWSGIServer
from django.test.testcases import LiveServerThread

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

# Playwright's sync API keeps an asyncio event loop running in this thread while
# it is started; Django would otherwise refuse ORM calls from the test body.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = os.environ.get("FAZHI_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parent.parent / "var" / "test-artifacts"
DEFAULT_TIMEOUT_MS = 30_000  # generous: CI machines are sometimes busy


@pytest.fixture(autouse=True, scope="session")
def _fast_password_hashing() -> None:
    """Hash test passwords with MD5: Django's PBKDF2 (a million rounds) costs about a
    second per user on a busy CI machine, and fixtures create many users. Browser
    log-ins through the live server use the same setting."""
    from django.test.utils import override_settings

    # override_settings sends setting_changed, which clears Django's hasher caches.
    override_settings(
        PASSWORD_HASHERS=[
            "django.contrib.auth.hashers.MD5PasswordHasher",
            "django.contrib.auth.hashers.PBKDF2PasswordHasher",
        ],
        # The password history's own hasher (200,000 rounds) likewise.
        DPV_DEFAULT_HISTORY_HASHER="tests.conftest.FastHistoryHasher",
    ).enable()


class FastHistoryHasher(PBKDF2PasswordHasher):
    """django-password-validators' history hash at one round, for tests only."""

    iterations = 1


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in {"", "0", "false", "no"}


# --- data from migrations survives transactional tests ------------------------------
# Data migrations seed the work calendar and reference data (mediation categories,
# enforcement fields, publicity sectors...). A transactional test (browser tests via
# live_server, django_db(transaction=True)) ends with a flush that empties every
# table, and under xdist the tests after it on that worker would find no calendar.
# So: snapshot the freshly migrated database once per worker, and restore it right
# after each transactional test, outside any test transaction.
_SNAPSHOT: dict[str, tuple[str, str]] = {}  # alias -> (test database name, contents)
_BLOCKER: list[Any] = []


def _is_transactional(item: pytest.Item) -> bool:
    marker = item.get_closest_marker("django_db")
    if marker is not None:
        transaction = marker.kwargs.get("transaction", marker.args[0] if marker.args else False)
        if transaction:
            return True
    names = getattr(item, "fixturenames", ())
    return "transactional_db" in names or "live_server" in names


@pytest.fixture(scope="session")
def django_db_setup(
    django_db_setup: None, django_db_blocker: Any, request: pytest.FixtureRequest
) -> None:
    """pytest-django's test database, plus the snapshot described above when this
    session (worker) has transactional tests, and the baseline the demo replay
    (tests/demo_replay.py) compares against."""
    from tests import demo_replay

    demo_replay.install()
    with django_db_blocker.unblock():
        demo_replay.take_baseline()
    if not any(_is_transactional(item) for item in request.session.items):
        return
    from django.db import connections

    connection = connections["default"]
    with django_db_blocker.unblock():
        _SNAPSHOT["default"] = (
            connection.settings_dict["NAME"],
            connection.creation.serialize_db_to_string(),
        )
    _BLOCKER.append(django_db_blocker)


def _restore_migrated_data() -> None:
    from django.core.management import call_command
    from django.db import connections

    with _BLOCKER[0].unblock():
        for alias, (test_name, data) in _SNAPSHOT.items():
            if connections[alias].settings_dict["NAME"] != test_name:
                continue  # never touch anything but the test database
            # Flush again without post_migrate (which would re-create content types
            # and permissions under new ids), then load the snapshot.
            call_command(
                "flush",
                verbosity=0,
                interactive=False,
                database=alias,
                reset_sequences=False,
                inhibit_post_migrate=True,
            )
            connections[alias].creation.deserialize_db_from_string(data)
    try:
        from fazhi.core.clocks import invalidate_calendar
    except ImportError:
        return
    invalidate_calendar()


def pytest_configure(config: pytest.Config) -> None:
    """Under `make test`, each worker copies a migrated template database
    instead of migrating its own (tests/db_template.py)."""
    from tests import db_template

    db_template.install()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Any:
    try:
        return (yield)
    finally:
        # After the last test the session teardown has already dropped the test
        # database: nothing to restore then — unless the test failed and runs
        # again (pytest-rerunfailures then holds the session's teardown back,
        # and the rerun must start from the migrated data like any test).
        rerun = getattr(item, "_finalizers_suspended", False)
        if _SNAPSHOT and (nextitem is not None or rerun) and _is_transactional(item):
            _restore_migrated_data()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A real-browser test runs once more if it fails (pytest-rerunfailures;
    the run's summary counts the reruns, so a flake stays visible). Under CI's
    load two journeys once waited past Playwright's 30 s for a navigation on
    a page that answers in well under a second alone (2026-12-06, both passing
    alone and in the run before); their first failure's screenshot is kept.
    Only browser tests: elsewhere a failure is a failure."""
    slow_modules = set()
    for item in items:
        if item.get_closest_marker("browser") is not None:
            item.add_marker(pytest.mark.flaky(reruns=1, reruns_delay=2))
            slow_modules.add(item.path)
    # The long modules first: xdist (`--dist loadfile`) hands modules out in
    # this order, so the sweeps (one test walks every route, minutes under
    # load) and the browser journeys start while the short modules can still
    # fill the other worker, instead of running last on one worker while the
    # other idles (a loaded CI ran past its limit in that tail). A module's
    # tests stay together and in their order (the sort is stable).
    items.sort(key=lambda item: _run_order(item, slow_modules))


def _run_order(item: pytest.Item, slow_modules: set[Path]) -> int:
    if "sweep" in item.path.parts:
        return 0
    return 1 if item.path in slow_modules else 2


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    # Keep each phase's report on the item so browser_page can screenshot failures.
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


# --- the live server answers one request at a time on in-memory SQLite ---------------
# pytest-django's live_server hands its threads the test's own in-memory SQLite
# connection (there is no other way to see the test's data). Django's threaded
# server then runs concurrent requests on that one connection, and a page whose
# scripts fetch while it loads (the ledger, its badge counts, a form's choices)
# deadlocked the threads inside sqlite: the CI run of ad6284e stopped at 97 %
# with a worker idle in SQLiteCursorWrapper.execute until CI's hour ran out.
# Django's docs warn against simultaneous queries on that shared connection.
# The server keeps accepting on threads (so keep-alive and Chromium's
# preconnected sockets cost nothing) but runs the application, and drains its
# response, under one lock.


class _OneRequestAtATime(ThreadedWSGIServer):
    _app_lock = threading.Lock()

    def set_app(self, application: Any) -> None:
        if not self.connections_override:  # a database of its own per thread
            super().set_app(application)
            return

        def serial(environ: dict[str, Any], start_response: Any) -> list[bytes]:
            with self._app_lock:
                result = application(environ, start_response)
                try:
                    return [b"".join(result)]
                finally:
                    close = getattr(result, "close", None)
                    if close is not None:
                        close()

        super().set_app(serial)


LiveServerThread.server_class = _OneRequestAtATime


@pytest.fixture(scope="module")
def chromium_browser() -> Iterator[Browser]:
    """One chromium per test module (a module of browser tests shares it).

    Module scope, not session scope: while Playwright runs, an event loop is
    running in the main thread, and that should not leak into other modules.
    """
    if not os.path.exists(CHROMIUM):
        reason = (
            f"{CHROMIUM} not found: install Debian's chromium "
            "(`apt-get install -y chromium`) to run browser tests"
        )
        if _in_ci():
            pytest.fail(f"{reason} (CI is set, so this is an error, not a skip)", pytrace=False)
        pytest.skip(reason)

    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def browser_page(
    request: pytest.FixtureRequest,
    chromium_browser: Browser,
    live_server: Any,
    transactional_db: None,
) -> Iterator[Page]:
    """A new page (own cookies) on the live server; screenshots it if the test fails."""
    context = chromium_browser.new_context(
        base_url=live_server.url,
        locale="zh-CN",
        timezone_id="Asia/Shanghai",
        viewport={"width": 1280, "height": 800},
    )
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    page = context.new_page()
    try:
        yield page
    finally:
        report = getattr(request.node, "rep_call", None)
        if report is not None and report.failed:
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            name = request.node.nodeid.replace("/", "_").replace("::", "__")
            try:
                page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
            except Exception as exc:  # a dead page must not hide the real failure
                print(f"screenshot failed: {exc}")
        context.close()


@pytest.fixture
def login(browser_page: Page) -> Callable[[str, str], Page]:
    """Sign in through the real login page: `login("username", "password")`."""

    def do_login(username: str, password: str) -> Page:
        browser_page.goto("/login/")
        browser_page.fill("input[name=username]", username)
        browser_page.fill("input[name=password]", password)
        with browser_page.expect_navigation():
            browser_page.click("[data-testid=login-submit]")
        # Roles that must use two factors enrol or verify (tests/twofactor.py).
        from tests.twofactor import complete_in_browser

        complete_in_browser(browser_page, username)
        return browser_page

    return do_login


@pytest.fixture(autouse=True)
def _default_language_after_each_test() -> Iterator[None]:
    """A request in English (the language cookie) leaves English active in the
    thread, as Django activates per request and never resets; the next test's
    gettext outside a request would read English. Every test starts in Chinese."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


# --- how often the demo township was really built (tests/demo_replay.py) --------------
_DEMO_TOTALS: dict[str, int] = {}


def _add_demo_stats(stats: dict[str, int]) -> None:
    for key, value in stats.items():
        _DEMO_TOTALS[key] = _DEMO_TOTALS.get(key, 0) + value


def pytest_sessionfinish(session: pytest.Session) -> None:
    from tests import demo_replay

    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:  # an xdist worker: the controller adds it up
        workeroutput["demo_replay"] = demo_replay.stats()
    else:
        _add_demo_stats(demo_replay.stats())


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: Any) -> None:
    _add_demo_stats(getattr(node, "workeroutput", {}).get("demo_replay", {}))


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if any(_DEMO_TOTALS.values()):
        terminalreporter.write_line(
            "demo township: built {built} times (of them {recorded} recorded), "
            "replayed {replayed} times (tests/demo_replay.py)".format(**_DEMO_TOTALS)
        )
