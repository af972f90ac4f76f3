"""Accounts in the admin site (issue 17): no administrator can widen an
account past its role, the security administrator only activates and
deactivates, every change is audited and shown to the security administrator,
and the admin's log-in locks like the site's."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import Permission
from django.test import Client

from fazhi.core.models import AuditEvent, User
from fazhi.core.roles import Role
from tests.factories import PASSWORD, UserFactory, World

pytestmark = pytest.mark.django_db


def _admin(world: World, role: str, perms: tuple[str, ...]) -> User:
    user = UserFactory(role=role, home_unit=world.township, is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label="core", codename__in=perms)
    )
    return user


@pytest.fixture
def sysadmin(world: World) -> User:
    return _admin(world, Role.SYSTEM_ADMIN, ("add_user", "change_user", "view_user"))


@pytest.fixture
def secadmin(world: World) -> User:
    return _admin(world, Role.SECURITY_ADMIN, ("change_user", "view_user"))


def _form(user: User, **over: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "username": user.username,
        "first_name": "",
        "last_name": "",
        "email": "",
        "is_active": "on" if user.is_active else "",
        "person": user.person_id or "",
        "home_unit": user.home_unit_id or "",
        "role": user.role,
    }
    data.update(over)
    return {k: v for k, v in data.items() if v != ""}


def _change(client: Client, user: User, **over: Any) -> Any:
    return client.post(f"/admin/core/user/{user.pk}/change/", _form(user, **over))


def test_system_admin_cannot_make_anyone_superuser_or_staff(world: World, sysadmin: User) -> None:
    cadre = world.village_cadre
    page = world.client(sysadmin).get(f"/admin/core/user/{cadre.pk}/change/").content.decode()
    assert 'name="is_superuser"' not in page and 'name="user_permissions"' not in page
    response = _change(
        world.client(sysadmin),
        cadre,
        is_superuser="on",
        is_staff="on",
        user_permissions=[Permission.objects.get(codename="view_auditevent").pk],
    )
    assert response.status_code == 302
    cadre.refresh_from_db()
    assert not cadre.is_superuser and not cadre.is_staff
    assert not cadre.user_permissions.exists()
    # the promoted cadre still reads nothing outside the village
    assert world.client(cadre).get("/audit/").status_code == 403


def test_system_admin_cannot_grant_an_administrator_role(world: World, sysadmin: User) -> None:
    cadre = world.village_cadre
    response = _change(world.client(sysadmin), cadre, role=Role.AUDIT_ADMIN)
    assert response.status_code == 200  # the form refuses the choice
    cadre.refresh_from_db()
    assert cadre.role == Role.VILLAGE_CADRE


def test_system_admin_may_change_a_cadre_but_not_another_admin_or_themselves(
    world: World, sysadmin: User, secadmin: User
) -> None:
    client = world.client(sysadmin)
    assert _change(client, world.village_cadre, role=Role.JUDICIAL_OFFICE).status_code == 302
    world.village_cadre.refresh_from_db()
    assert world.village_cadre.role == Role.JUDICIAL_OFFICE
    assert _change(client, secadmin, is_active="").status_code == 403
    assert _change(client, sysadmin, role=Role.TOWNSHIP_LEADER).status_code == 403
    secadmin.refresh_from_db()
    assert secadmin.is_active


def test_security_admin_only_activates_and_deactivates(world: World, secadmin: User) -> None:
    owner = world.owner
    response = _change(world.client(secadmin), owner, is_active="", role=Role.TOWNSHIP_LEADER)
    assert response.status_code == 302
    owner.refresh_from_db()
    assert not owner.is_active
    assert owner.role == Role.JUDICIAL_OFFICE  # read-only for the security administrator


def test_every_account_change_is_audited_and_shown_to_the_security_admin(
    world: World, sysadmin: User, secadmin: User
) -> None:
    _change(world.client(sysadmin), world.village_cadre, role=Role.JUDICIAL_OFFICE)
    event = AuditEvent.objects.filter(object_id=str(world.village_cadre.pk)).latest("pk")
    assert dict(event.change_pairs)["role"] == [Role.VILLAGE_CADRE, Role.JUDICIAL_OFFICE]
    assert event.unit == world.village
    page = world.client(secadmin).get("/security/log/").content.decode()
    assert "账号变更" in page and "司法所" in page
    outsider_sec = UserFactory(role=Role.SECURITY_ADMIN, home_unit=world.other_township)
    assert "司法所" not in world.client(outsider_sec).get("/security/log/").content.decode()


def test_only_the_audit_admin_reads_the_audit_log(world: World, secadmin: User) -> None:
    auditadmin = UserFactory(role=Role.AUDIT_ADMIN, home_unit=world.township)
    assert world.client(auditadmin).get("/audit/").status_code == 200
    for user in (secadmin, world.owner, world.colleague):
        assert world.client(user).get("/audit/").status_code == 403
    assert world.client(auditadmin).get("/security/log/").status_code == 403


def test_the_admin_log_in_locks_after_five_failures(world: World, sysadmin: User) -> None:
    client = Client()
    for _ in range(5):
        client.post("/admin/login/", {"username": sysadmin.username, "password": "wrong"})
    response = client.post("/admin/login/", {"username": sysadmin.username, "password": PASSWORD})
    assert response.status_code == 429  # django-axes, as on /login/ (test_lockout.py)
    assert "已临时锁定" in response.content.decode()
    assert "_auth_user_id" not in client.session
