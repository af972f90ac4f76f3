"""Log-in lockout through django-axes (issue 17; docs/security.md "Lockout"):
five failures on one account, or from one address, lock it for fifteen
minutes on /login/ and /admin/login/ alike; the locked page says when to try
again; every attempt stays in the audit trail; the security administrator
alone lists and lifts lockouts, each lift audited."""

from __future__ import annotations

from typing import Any

import pytest
from axes.models import AccessAttempt
from django.test import Client, override_settings

from fazhi.core import security
from fazhi.core.models import AuditEvent, User
from fazhi.core.roles import Role
from tests.factories import PASSWORD, UserFactory, World
from tests.twofactor import verified_client

pytestmark = pytest.mark.django_db

PAGES = ["/login/", "/admin/login/"]


def fail(client: Client, page: str, username: str, times: int) -> Any:
    response = None
    for _ in range(times):
        response = client.post(page, {"username": username, "password": "wrong-password"})
    return response


@pytest.fixture
def staff(world: World) -> User:
    return UserFactory(
        username="sysadmin", role=Role.SYSTEM_ADMIN, is_staff=True, home_unit=world.county
    )


@pytest.fixture
def secadmin(world: World) -> User:
    return UserFactory(username="secadmin", role=Role.SECURITY_ADMIN, home_unit=world.county)


@pytest.mark.parametrize("page", PAGES)
def test_five_failures_lock_the_account_with_the_time_to_try_again(
    world: World, staff: User, page: str
) -> None:
    client = Client(REMOTE_ADDR="10.1.0.1")
    assert fail(client, page, "sysadmin", 4).status_code == 200  # the form again
    locked = fail(client, page, "sysadmin", 1)
    assert locked.status_code == 429
    html = locked.content.decode()
    assert "已临时锁定15分钟" in html and "之后再试" in html
    # The right password from another address is refused while the lock lasts:
    # the lock is on the account.
    other = Client(REMOTE_ADDR="10.1.0.2")
    right = other.post(page, {"username": "sysadmin", "password": PASSWORD})
    assert right.status_code == 429 and "_auth_user_id" not in other.session
    # Every attempt is in the trail, the refused one too.
    failures = AuditEvent.objects.filter(action="login_failed", object_repr="sysadmin")
    assert failures.count() == 6
    assert failures.filter(note__contains="锁定").exists()


def test_five_failures_from_one_address_lock_the_address(world: World) -> None:
    client = Client(REMOTE_ADDR="10.2.0.1")
    for name in ("a1", "a2", "a3", "a4", "a5"):
        fail(client, "/login/", name, 1)
    # Another account, the right password, the same address: refused.
    refused = client.post("/login/", {"username": "owner", "password": PASSWORD})
    assert refused.status_code == 429
    # The same account from another address logs in.
    assert (
        Client(REMOTE_ADDR="10.2.0.2")
        .post("/login/", {"username": "owner", "password": PASSWORD})
        .status_code
        == 302
    )


@override_settings(AXES_FAILURE_LIMIT=3)
def test_the_limit_is_a_setting(world: World) -> None:
    client = Client(REMOTE_ADDR="10.3.0.1")
    assert fail(client, "/login/", "owner", 2).status_code == 200
    assert fail(client, "/login/", "owner", 1).status_code == 429


def test_the_lock_ends_after_the_cool_off(world: World) -> None:
    client = Client(REMOTE_ADDR="10.4.0.1")
    fail(client, "/login/", "owner", 5)
    AccessAttempt.objects.update(attempt_time=security.timezone.now() - security.cool_off())
    assert client.post("/login/", {"username": "owner", "password": PASSWORD}).status_code == 302


def test_failures_since_the_last_log_in_still_shown_on_the_home_page(world: World) -> None:
    Client(REMOTE_ADDR="10.5.0.1").post("/login/", {"username": "owner", "password": PASSWORD})
    fail(Client(REMOTE_ADDR="10.5.0.2"), "/login/", "owner", 2)
    client = Client(REMOTE_ADDR="10.5.0.1")
    client.post("/login/", {"username": "owner", "password": PASSWORD})
    page = client.get("/").content.decode()
    assert "此前有2次使用您的用户名登录失败" in page


def test_the_security_administrator_lists_and_lifts_a_lock(world: World, secadmin: User) -> None:
    fail(Client(REMOTE_ADDR="10.6.0.1"), "/login/", "owner", 5)
    admin = verified_client(secadmin)
    page = admin.get("/security/lockouts/").content.decode()
    assert "owner" in page and "10.6.0.1" in page
    response = admin.post("/security/lockouts/unlock/", {"kind": "username", "value": "owner"})
    assert response.status_code == 302
    assert not any(lock.value == "owner" for lock in security.current_lockouts())
    assert AuditEvent.objects.filter(
        actor=secadmin, object_repr="owner", note__contains="解除登录锁定"
    ).exists()
    # The account logs in again (axes forgot its attempts, which were also
    # all the address's: that lock is gone with them).
    assert (
        Client(REMOTE_ADDR="10.6.0.9")
        .post("/login/", {"username": "owner", "password": PASSWORD})
        .status_code
        == 302
    )
    assert security.current_lockouts() == []


def test_lifting_an_address_lock(world: World, secadmin: User) -> None:
    client = Client(REMOTE_ADDR="10.6.1.1")
    for name in ("b1", "b2", "b3", "b4", "b5"):
        fail(client, "/login/", name, 1)
    admin = verified_client(secadmin)
    admin.post("/security/lockouts/unlock/", {"kind": "ip_address", "value": "10.6.1.1"})
    assert client.post("/login/", {"username": "owner", "password": PASSWORD}).status_code == 302


def test_the_lockout_page_is_in_the_security_administrators_menu(secadmin: User) -> None:
    from fazhi.core.navigation import menu_for

    urls = [item["url"] for group in menu_for(secadmin) for item in group["items"]]
    assert "/security/lockouts/" in urls


def test_no_one_else_lists_or_lifts_locks(world: World) -> None:
    fail(Client(REMOTE_ADDR="10.7.0.1"), "/login/", "owner", 5)
    auditadmin = UserFactory(role=Role.AUDIT_ADMIN, home_unit=world.county)
    sysadmin = UserFactory(role=Role.SYSTEM_ADMIN, home_unit=world.county)
    for user in (world.colleague, world.owner, auditadmin, sysadmin, world.county_user):
        client = verified_client(user)
        assert client.get("/security/lockouts/").status_code == 404
        unlock = {"kind": "username", "value": "owner"}
        assert client.post("/security/lockouts/unlock/", unlock).status_code == 404
    assert any(lock.value == "owner" for lock in security.current_lockouts())


def test_a_forged_forwarded_address_neither_escapes_the_lock_nor_enters_the_trail(
    world: World,
) -> None:
    """Behind nginx (`proxy_add_x_forwarded_for`, docs/deploy.md) the header is
    "what the client sent, the address nginx saw": the first hop is the
    client's to choose. Taking it let one machine try five accounts per forged
    address for ever and write any address into the audit trail (found
    walking the lockout); the address is the hop nginx added."""
    nginx = "127.0.0.1"
    for n, name in enumerate(("b1", "b2", "b3", "b4", "b5")):
        forged = Client(REMOTE_ADDR=nginx, HTTP_X_FORWARDED_FOR=f"203.0.113.{n}, 10.3.0.1")
        fail(forged, "/login/", name, 1)
    again = Client(REMOTE_ADDR=nginx, HTTP_X_FORWARDED_FOR="198.51.100.7, 10.3.0.1")
    assert again.post("/login/", {"username": "owner", "password": PASSWORD}).status_code == 429
    ips = set(AuditEvent.objects.filter(action="login_failed").values_list("ip", flat=True))
    assert ips == {"10.3.0.1"}
