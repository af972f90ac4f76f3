"""Passing the second factor in tests (core.twofactor): the code is computed
from the device's key as an authenticator app would (django_otp.oath.totp).

- `verified_client(user)` / `pass_second_factor(client, user)`: a test client
  through the real verification page, for users who must use two factors
  (World.client, the sweep, the reports' dashboard tests use it).
- `complete_in_browser(page, username)`: after a browser log-in, enrols by
  reading the secret shown beside the QR code, or verifies with the device's
  code (tests/browser/journeys.py's Journey.login, conftest's `login`).
"""

from __future__ import annotations

from base64 import b32decode
from typing import TYPE_CHECKING, Any

from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from fazhi.core import twofactor

if TYPE_CHECKING:
    from playwright.sync_api import Page

ENROL_PATH = "/account/2fa/enrol/"
VERIFY_PATH = "/account/2fa/verify/"


def device_for(user: Any) -> TOTPDevice:
    """The user's confirmed TOTP device, created if there is none."""
    device = twofactor.confirmed_device(user)
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    return device


def code_for(device: TOTPDevice) -> str:
    """The device's current code. django-otp accepts each time step once (no
    replay); a test may log the same user in twice within 30 s, so the device
    forgets the step it last accepted and any throttling first."""
    TOTPDevice.objects.filter(pk=device.pk).update(
        last_t=-1, throttling_failure_count=0, throttling_failure_timestamp=None
    )
    device.refresh_from_db()
    code = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{code:0{device.digits}d}"


def code_from_secret(secret: str) -> str:
    """What an app shows for the base32 secret a person typed in (30 s, 6 digits)."""
    raw = secret.replace(" ", "").upper()
    key = b32decode(raw + "=" * (-len(raw) % 8))
    return f"{totp(key, step=30, t0=0, digits=6, drift=0):06d}"


def needs_second_factor(user: Any) -> bool:
    return twofactor.required_for(user) or twofactor.confirmed_device(user) is not None


def pass_second_factor(client: Client, user: Any) -> Client:
    """A client already logged in as `user` passes the verification page."""
    if needs_second_factor(user):
        response = client.post(
            reverse("core:two_factor_verify"), {"otp_token": code_for(device_for(user))}
        )
        assert response.status_code == 302, response.content.decode()[:500]
    return client


def log_in(client: Client, username: str, password: str) -> bool:
    """`client.login` with the request django-axes needs (it counts failures
    per address), then the second factor where the user owes one."""
    from django.contrib.auth import get_user_model
    from django.http import HttpRequest

    request = HttpRequest()
    request.META["REMOTE_ADDR"] = "127.0.0.1"
    if not client.login(request=request, username=username, password=password):
        return False
    pass_second_factor(client, get_user_model().objects.get(username=username))
    return True


def verified_client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return pass_second_factor(client, user)


def complete_in_browser(page: Page, username: str) -> None:
    """After the password: enrol (reading the secret shown beside the QR code)
    or verify, whichever the site asks; nothing when it asks neither."""
    from django.contrib.auth import get_user_model

    if ENROL_PATH in page.url:
        code = code_from_secret(page.inner_text("[data-testid=two-factor-secret]"))
        page.fill("input[name=otp_token]", code)
        with page.expect_navigation():
            page.click("[data-testid=two-factor-submit]")
        with page.expect_navigation():
            page.click("[data-testid=two-factor-continue]")
    elif VERIFY_PATH in page.url:
        user = get_user_model().objects.get(username=username)
        page.fill("input[name=otp_token]", code_for(device_for(user)))
        with page.expect_navigation():
            page.click("[data-testid=two-factor-submit]")
