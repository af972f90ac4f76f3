"""Two factors (issue 17; docs/security.md "Two factors"): required for the
three administrators, the county supervisors and superusers, before any page
(the admin site and the session's API included); a wrong code refused; a
recovery code works once; optional for a clerk; API tokens issued from a
verified session and revoked with an audit row; the deploy check refusing a
superuser with a password and no device."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import Client
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token

from fazhi.core import twofactor
from fazhi.core.models import AuditEvent, User
from fazhi.core.roles import Role
from tests.factories import PASSWORD, UserFactory, World
from tests.twofactor import code_for, code_from_secret, device_for, verified_client

pytestmark = pytest.mark.django_db

REQUIRED = [Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN, Role.COUNTY_SUPERVISOR]
PAGES = ["/", "/admin/", "/audit/", "/security/log/", "/petitions/", "/account/2fa/", "/password/"]


def logged_in(user: User) -> Client:
    client = Client()
    assert (
        client.post("/login/", {"username": user.username, "password": PASSWORD}).status_code == 302
    )
    return client


@pytest.mark.parametrize("role", REQUIRED)
def test_required_roles_reach_no_page_before_enrolling(world: World, role: str) -> None:
    user = UserFactory(role=role, home_unit=world.county, is_staff=role != Role.COUNTY_SUPERVISOR)
    client = logged_in(user)
    for page in PAGES:
        response = client.get(page)
        assert response.status_code == 302, page
        assert response["Location"].startswith("/account/2fa/enrol/"), page
    api = client.get("/api/v1/petitions/")
    assert api.status_code == 403 and "两步验证" in api.json()["detail"]


def test_enrolment_shows_qr_and_secret_and_confirms_with_a_code(world: World) -> None:
    client = logged_in(world.county_user)
    page = client.get("/account/2fa/enrol/").content.decode()
    assert "<svg" in page and "style=" not in page.split("<svg", 1)[1].split("</svg>", 1)[0]
    secret = page.split('data-testid="two-factor-secret">', 1)[1].split("<", 1)[0]
    assert client.post("/account/2fa/enrol/", {"otp_token": "000000"}).status_code == 200
    assert not TOTPDevice.objects.filter(user=world.county_user, confirmed=True).exists()
    # django-otp throttles after a wrong code (1 s, doubling); a person retypes slower.
    TOTPDevice.objects.update(throttling_failure_count=0, throttling_failure_timestamp=None)
    done = client.post("/account/2fa/enrol/", {"otp_token": code_from_secret(secret)})
    assert done.status_code == 200
    assert (
        len(
            done.content.decode()
            .split('data-testid="recovery-codes"')[1]
            .split("</ul>")[0]
            .split("<li")
        )
        == 11
    )
    assert client.get("/").status_code == 200
    assert AuditEvent.objects.filter(actor=world.county_user, note="启用两步验证").exists()


@pytest.mark.parametrize("role", REQUIRED)
def test_with_a_device_every_page_waits_for_the_code(world: World, role: str) -> None:
    user = UserFactory(role=role, home_unit=world.county, is_staff=role != Role.COUNTY_SUPERVISOR)
    device = device_for(user)
    client = logged_in(user)
    for page in PAGES:
        response = client.get(page)
        assert response["Location"].startswith("/account/2fa/verify/"), page
    # A wrong code is refused, and written as a failed log-in.
    wrong = client.post("/account/2fa/verify/", {"otp_token": "123456"})
    assert wrong.status_code == 400 and "验证码不正确" in wrong.content.decode()
    assert client.get("/").status_code == 302
    assert AuditEvent.objects.filter(object_repr=user.username, note="两步验证码错误").exists()
    ok = client.post(
        "/account/2fa/verify/?next=/account/2fa/",
        {"otp_token": code_for(device), "next": "/account/2fa/"},
    )
    assert ok.status_code == 302 and ok["Location"] == "/account/2fa/"
    assert client.get("/account/2fa/").status_code == 200


def test_admin_site_needs_the_second_factor(world: World) -> None:
    sysadmin = UserFactory(role=Role.SYSTEM_ADMIN, is_staff=True, home_unit=world.county)
    device_for(sysadmin)
    client = Client()
    assert (
        client.post(
            "/admin/login/", {"username": sysadmin.username, "password": PASSWORD}
        ).status_code
        == 302
    )
    assert client.get("/admin/")["Location"].startswith("/account/2fa/verify/")
    client.post("/account/2fa/verify/", {"otp_token": code_for(device_for(sysadmin))})
    assert client.get("/admin/").status_code == 200


def test_a_recovery_code_works_once(world: World) -> None:
    user = world.county_user
    device_for(user)
    codes = twofactor.recovery_codes(user)
    first = logged_in(user)
    assert first.post("/account/2fa/verify/", {"otp_token": codes[0]}).status_code == 302
    assert first.get("/").status_code == 200
    assert not StaticToken.objects.filter(token=codes[0]).exists()
    again = logged_in(user)
    assert again.post("/account/2fa/verify/", {"otp_token": codes[0]}).status_code == 400
    assert again.get("/").status_code == 302


def test_optional_for_a_clerk_who_may_enrol_and_disable(world: World) -> None:
    clerk = world.owner
    client = logged_in(clerk)
    assert client.get("/").status_code == 200  # no second factor asked
    page = client.get("/account/2fa/").content.decode()
    assert "尚未启用两步验证" in page
    enrol = client.get("/account/2fa/enrol/").content.decode()
    secret = enrol.split('data-testid="two-factor-secret">', 1)[1].split("<", 1)[0]
    client.post("/account/2fa/enrol/", {"otp_token": code_from_secret(secret)})
    # Enrolled: the next log-in asks for the code.
    later = logged_in(clerk)
    assert later.get("/")["Location"].startswith("/account/2fa/verify/")
    # Disabling (after verifying) returns to the password alone.
    later.post("/account/2fa/verify/", {"otp_token": code_for(device_for(clerk))})
    assert later.post("/account/2fa/disable/").status_code == 302
    assert not TOTPDevice.objects.filter(user=clerk).exists()
    assert logged_in(clerk).get("/").status_code == 200


def test_required_roles_cannot_disable(world: World) -> None:
    client = verified_client(world.county_user)
    client.post("/account/2fa/disable/")
    assert TOTPDevice.objects.filter(user=world.county_user, confirmed=True).exists()


def test_api_token_from_a_verified_session_and_revoked_with_an_audit_row(world: World) -> None:
    user = world.county_user
    client = verified_client(user)
    issued = client.post("/account/token/")
    assert issued.status_code == 200
    key = Token.objects.get(user=user).key
    assert key in issued.content.decode()
    api = Client(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get("/api/v1/petitions/").status_code == 200  # scoped as the user
    assert client.post("/account/token/revoke/").status_code == 302
    assert api.get("/api/v1/petitions/").status_code in (401, 403)
    assert AuditEvent.objects.filter(actor=user, note="撤销API令牌").exists()
    # Not verified: no page, no token.
    unverified = logged_in(user)
    assert unverified.post("/account/token/").status_code == 302
    assert unverified.post("/account/token/")["Location"].startswith("/account/2fa/verify/")
    assert not Token.objects.filter(user=user).exists()


def test_deploy_check_refuses_a_superuser_with_a_password_and_no_device(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = User.objects.create_superuser("root", "", "A-long-pass-2024!")
    errors = twofactor.check_superusers_have_second_factor()
    assert [e.id for e in errors] == ["fazhi.accounts.E001"]
    with pytest.raises(SystemCheckError, match="root"):
        call_command("check", "--deploy", "--tag", "security")
    device_for(root)
    assert twofactor.check_superusers_have_second_factor() == []
    TOTPDevice.objects.filter(user=root).delete()
    root.set_unusable_password()
    root.save()
    assert twofactor.check_superusers_have_second_factor() == []


def test_a_code_typed_while_throttled_is_told_to_wait_not_that_it_is_wrong(
    world: World,
) -> None:
    """django-otp refuses any code for 1, 2, 4, 8… s after wrong ones. The pages
    said 验证码不正确 to the right code typed in that time (found walking the
    enrolment in chromium), so a person retyping it kept failing; they now say
    how long to wait, and the code then goes through."""
    from django.utils import timezone

    client = logged_in(world.county_user)
    page = client.get("/account/2fa/enrol/").content.decode()
    secret = page.split('data-testid="two-factor-secret">', 1)[1].split("<", 1)[0]
    TOTPDevice.objects.update(
        throttling_failure_count=4, throttling_failure_timestamp=timezone.now()
    )
    answer = client.post("/account/2fa/enrol/", {"otp_token": code_from_secret(secret)})
    text = answer.content.decode()
    assert "秒后再输入" in text and "验证码不正确" not in text
    assert not TOTPDevice.objects.filter(user=world.county_user, confirmed=True).exists()
    TOTPDevice.objects.update(throttling_failure_count=0, throttling_failure_timestamp=None)
    assert (
        "恢复码"
        in client.post(
            "/account/2fa/enrol/", {"otp_token": code_from_secret(secret)}
        ).content.decode()
    )

    # The verification page after the next log-in, likewise.
    client = logged_in(world.county_user)
    device = device_for(world.county_user)
    code = code_for(device)
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_count=3, throttling_failure_timestamp=timezone.now()
    )
    answer = client.post("/account/2fa/verify/", {"otp_token": code})
    assert answer.status_code == 400
    text = answer.content.decode()
    assert "秒后再输入" in text and "验证码不正确" not in text
