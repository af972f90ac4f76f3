"""The page shell's reads of the user (core.backends, core.context_processors,
core.templatetags.shell_tags): the session's user comes with its home unit,
its person and its unread reminders in one query, the bell shows the count
as the separate query did, and a kept drawing of the menu is the menu drawn
afresh for every role, language and page."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from django.db import connection
from django.template import Context, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from fazhi.core import navigation
from fazhi.core.backends import UNREAD, ModelBackend
from fazhi.core.models import Reminder
from fazhi.core.roles import Role
from fazhi.core.templatetags.shell_tags import menu_html
from tests.factories import PersonFactory

BADGE = 'fz-badge">{n}<span'


def _remind(user: Any, *, read: int, unread: int) -> None:
    for i in range(read + unread):
        Reminder.objects.create(
            user=user,
            kind=Reminder.Kind.NOTICE,
            key=f"k{i}",
            title=f"提醒{i}",
            read_at=timezone.now() if i < read else None,
        )


def test_the_session_user_is_one_query_with_unit_person_and_unread(world: Any) -> None:
    user = world.owner
    user.person = PersonFactory(name="盘春花", unit=world.township)
    user.save()
    _remind(user, read=1, unread=2)
    _remind(world.colleague, read=0, unread=3)  # another user's: not counted
    with CaptureQueriesContext(connection) as ctx:
        loaded = ModelBackend().get_user(user.pk)
    assert len(ctx.captured_queries) == 1
    assert loaded is not None and getattr(loaded, UNREAD) == 2
    with CaptureQueriesContext(connection) as ctx:
        assert loaded.home_unit == world.township
        assert loaded.display_name == "盘春花"
        assert loaded.scope_path() == world.township.path
    assert ctx.captured_queries == []
    assert getattr(ModelBackend().get_user(world.outsider.pk), UNREAD) == 0
    assert ModelBackend().get_user(10**9) is None


def test_an_inactive_user_is_not_loaded(world: Any) -> None:
    world.owner.is_active = False
    world.owner.save()
    assert ModelBackend().get_user(world.owner.pk) is None


def test_the_bell_counts_unread_reminders_without_a_query_of_its_own(world: Any) -> None:
    user = world.owner
    _remind(user, read=1, unread=2)
    client = world.client(user)
    with CaptureQueriesContext(connection) as ctx:
        page = client.get("/petitions/")
    assert page.status_code == 200
    assert BADGE.format(n=2) in page.content.decode()
    assert not [q for q in ctx.captured_queries if 'FROM "core_reminder"' in q["sql"].split("(")[0]]
    # Reading one: the next page counts one.
    reminder = Reminder.objects.filter(user=user, read_at__isnull=True).first()
    assert reminder is not None
    assert client.post(f"/inbox/{reminder.pk}/read/").status_code == 302
    assert BADGE.format(n=1) in client.get("/petitions/").content.decode()
    Reminder.objects.filter(user=user).update(read_at=timezone.now())
    assert 'fz-badge">' not in client.get("/petitions/").content.decode()


def test_a_user_loaded_otherwise_is_counted_by_its_own_query(world: Any) -> None:
    from fazhi.core.context_processors import _shell

    _remind(world.owner, read=0, unread=4)
    request = RequestFactory().get("/")
    request.user = type(world.owner).objects.get(pk=world.owner.pk)  # no annotation
    assert _shell(request)["unread_reminders"] == 4


DRAWN = Template("{% load shell_tags %}{% nav_menu_items %}")


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("role", [*Role, "superuser"])
def test_a_kept_menu_is_the_menu_drawn_afresh(role: str, language: str) -> None:
    user = SimpleNamespace(is_superuser=role == "superuser", role=role)
    with translation.override(language):
        menu = navigation.menu_for(user)
        key = navigation.menu_key(user)
        urls = [item["url"] for group in menu for item in group["items"]]
        for path in [*urls[:3], urls[-1] if urls else "/", "/nowhere/", None, *urls[:2]]:
            context: dict[str, object] = {"nav_menu": menu, "nav_menu_key": key}
            if path is not None:
                context["request"] = RequestFactory().get(path)
            assert DRAWN.render(Context(context)) == menu_html(menu, path), (role, path)


def test_the_menu_key_follows_role_language_and_registrations() -> None:
    clerk = SimpleNamespace(is_superuser=False, role=Role.JUDICIAL_OFFICE)
    leader = SimpleNamespace(is_superuser=False, role=Role.TOWNSHIP_LEADER)
    with translation.override("zh-hans"):
        zh = navigation.menu_key(clerk)
        assert navigation.menu_key(leader) != zh
    with translation.override("en"):
        assert navigation.menu_key(clerk) != zh
    before = navigation._version
    try:
        navigation._version += 1
        with translation.override("zh-hans"):
            assert navigation.menu_key(clerk) != zh
    finally:
        navigation._version = before


def test_a_user_loaded_otherwise_is_counted_by_the_same_definition(world: Any) -> None:
    from fazhi.core.backends import unread_reminders
    from fazhi.core.models import User

    _remind(world.owner, read=2, unread=3)
    plain = User.objects.get(pk=world.owner.pk)  # no sub-select: the API's token, a script
    assert not hasattr(plain, UNREAD)
    assert unread_reminders(plain) == 3
    assert unread_reminders(ModelBackend().get_user(world.owner.pk)) == 3


def test_a_session_opened_under_djangos_backend_name_keeps_its_log_in(world: Any) -> None:
    """core migration 0015: the upgrade to core.backends renames the stored
    backend path of open sessions instead of logging every clerk out."""
    import importlib

    from django.apps import apps

    migration = importlib.import_module("fazhi.core.migrations.0015_sessions_keep_their_log_in")
    client = world.client(world.owner)
    client.logout()
    client.force_login(world.owner, backend="django.contrib.auth.backends.ModelBackend")
    before = client.get("/petitions/")
    assert before.status_code == 302 and "/login/" in before["Location"]  # what the upgrade did

    client.force_login(world.owner, backend="django.contrib.auth.backends.ModelBackend")
    migration.rename(apps, SimpleNamespace(connection=connection))
    assert client.get("/petitions/").status_code == 200
    migration.rename_back(apps, SimpleNamespace(connection=connection))
    assert client.get("/petitions/").status_code == 302
