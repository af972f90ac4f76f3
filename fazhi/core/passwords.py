"""Password policy (issue 17; GB/T 22239-2019 level 3, 8.1.4.1 a: identities
are authenticated with passwords that are complex and changed periodically).

Each rule is a validator in AUTH_PASSWORD_VALIDATORS, so the log-in's password
page, the admin site's forms and `changepassword` all refuse the same
passwords. Django supplies the length, user-name similarity and common-password
checks, django-password-validators the history; the two rules neither has are
here: three of four character classes, and no user name inside the password.

Ageing: `PasswordStatusRecorder` (Django calls every validator's
`password_changed` after a password is saved) records each password as set
*for* the user, so an account created by an administrator, or a password an
administrator set, must be changed at the next log-in; the user's own change
on the password page clears that (`mark_chosen`). A password older than
FAZHI_PASSWORD_MAX_AGE_DAYS must be changed too (`change_reason`; the middleware
in core.sessions sends the user to the password page).
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_password_validators.password_history.password_validation import (
    UniquePasswordsValidator,
)

from .models import PasswordStatus


def now() -> dt.datetime:
    """The clock of the password rules; tests pin it here."""
    return timezone.now()


def character_classes(password: str) -> int:
    """How many of the four classes (lower case, upper case, digits, symbols)
    the password uses. A Chinese character or any other non-ASCII letter counts
    as a symbol: it is outside the classes a guesser tries first."""
    lower = any(c.isascii() and c.islower() for c in password)
    upper = any(c.isascii() and c.isupper() for c in password)
    digit = any(c.isascii() and c.isdigit() for c in password)
    other = any(not (c.isascii() and c.isalnum()) for c in password)
    return lower + upper + digit + other


class CharacterClassesValidator:
    """At least `min_classes` of: lower-case letters, upper-case letters, digits,
    symbols (GB/T 22239-2019 8.1.4.1 a: 口令复杂度)."""

    def __init__(self, min_classes: int = 3) -> None:
        self.min_classes = min_classes

    def validate(self, password: str, user: Any = None) -> None:
        if character_classes(password) < self.min_classes:
            raise ValidationError(
                _("密码须包含大写字母、小写字母、数字、符号这四类中的至少%(classes)s类。"),
                code="password_too_simple",
                params={"classes": self.min_classes},
            )

    def get_help_text(self) -> str:
        return str(
            _("密码须包含大写字母、小写字母、数字、符号这四类中的至少%(classes)s类。")
            % {"classes": self.min_classes}
        )


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's length rule, worded here: Django 5.2 asks its catalogue for
    "…at least %d characters.", which its Chinese catalogue does not hold yet,
    so the refusal came out in English on the Chinese password page."""

    def get_error_message(self) -> str:
        return str(_("密码太短：至少需要%(n)s个字符。") % {"n": self.min_length})

    def get_help_text(self) -> str:
        return str(_("密码至少%(n)s个字符。") % {"n": self.min_length})


class UsernameNotInPasswordValidator:
    """The user name may not appear in the password, forwards or backwards,
    in any case. Django's UserAttributeSimilarityValidator measures likeness
    and lets "Abczhangsan12345" through; this refuses it."""

    min_username_length = 3  # "li" inside a password is chance, not a leak

    def validate(self, password: str, user: Any = None) -> None:
        username = (getattr(user, "username", "") or "").lower()
        if len(username) < self.min_username_length:
            return
        lowered = password.lower()
        if username in lowered or username[::-1] in lowered:
            raise ValidationError(_("密码不能包含用户名。"), code="password_contains_username")

    def get_help_text(self) -> str:
        return str(_("密码不能包含用户名。"))


class RecentPasswordsValidator(UniquePasswordsValidator):  # type: ignore[misc]
    """None of the user's last `last_passwords` passwords again. The history is
    django-password-validators' (salted PBKDF2 hashes, never the password);
    this class only words the refusal for the platform."""

    def __init__(self, last_passwords: int = 5) -> None:
        super().__init__(last_passwords=last_passwords)

    def validate(self, password: str, user: Any = None) -> None:
        if user is None or getattr(user, "pk", None) is None:
            return  # a new account (the admin's add form) has no history yet
        try:
            super().validate(password, user)
        except ValidationError as exc:
            raise ValidationError(
                _("不能使用最近%(count)s次用过的密码。"),
                code="password_used",
                params={"count": self.last_passwords},
            ) from exc

    def get_help_text(self) -> str:
        return str(_("不能使用最近%(count)s次用过的密码。") % {"count": self.last_passwords})


class PasswordStatusRecorder:
    """Checks nothing; records every saved password as set for the user.

    Django calls `password_changed` of each validator whenever a user is saved
    with a new password, whoever set it. So the default is the safe one: the
    password must be changed at the next log-in. Only the user's own change
    (`mark_chosen`, the password page) clears it.
    """

    def validate(self, password: str, user: Any = None) -> None:
        return None

    def password_changed(self, password: str, user: Any = None) -> None:
        if user is None or getattr(user, "pk", None) is None:
            return
        PasswordStatus.objects.update_or_create(
            user=user, defaults={"changed_at": now(), "must_change": True}
        )

    def get_help_text(self) -> str:
        return str(
            _("管理员设置的密码须在首次登录时修改；密码每%(days)s天须更换一次。")
            % {"days": max_age_days()}
        )


def max_age_days() -> int:
    return int(getattr(settings, "FAZHI_PASSWORD_MAX_AGE_DAYS", 90))


def mark_chosen(user: Any, *, at: dt.datetime | None = None) -> PasswordStatus:
    """The user chose this password themselves (the password page; the demo's
    and the tests' accounts): no change is due until it ages."""
    status, _created = PasswordStatus.objects.update_or_create(
        user=user, defaults={"changed_at": at or now(), "must_change": False}
    )
    return status


class ChangeReason(enum.Enum):
    SET_BY_ADMIN = "set_by_admin"  # a new account, or a password an administrator set
    EXPIRED = "expired"  # older than FAZHI_PASSWORD_MAX_AGE_DAYS


def valid_until(status: PasswordStatus) -> dt.datetime:
    return status.changed_at + dt.timedelta(days=max_age_days())


def change_reason(user: Any, at: dt.datetime | None = None) -> ChangeReason | None:
    """Why the user must change the password before anything else, or None.

    An account without a usable password (no password log-in) has nothing to
    change. An account whose password predates this policy (no status row) is
    treated as set by an administrator: it was never checked against the rules.
    """
    if not user.has_usable_password():
        return None
    status = PasswordStatus.objects.filter(user=user).first()
    if status is None or status.must_change:
        return ChangeReason.SET_BY_ADMIN
    if valid_until(status) <= (at or now()):
        return ChangeReason.EXPIRED
    return None


def status_of(user: Any) -> PasswordStatus | None:
    return PasswordStatus.objects.filter(user=user).first()
