"""Checks shared by each app's tests/<app>/test_step_choices_stated.py: a
choice that states a fact of the record (a conclusion, a kind, a result)
opens on no value, so nothing is recorded that the clerk did not choose
(core.forms.stated)."""

from __future__ import annotations

from typing import Any

from lxml import html


def opens_on(page: str, name: str) -> str | None:
    """The value a select shows as the page opens (the selected option, else
    the first), None without that select."""
    options = html.fromstring(page).xpath(f"//select[@name='{name}']/option")
    if not options:
        return None
    selected = [o.get("value") for o in options if o.get("selected") is not None]
    return (selected or [options[0].get("value")])[0]


def check_stated(form_class: Any, name: str, user: Any) -> None:
    """`form_class`'s field `name` opens on no value, is required, and a post
    without it is refused naming it."""
    form = form_class(user=user)
    assert opens_on(str(form[name]), name) == ""
    assert form.fields[name].required
    bound = form_class({}, user=user)
    assert not bound.is_valid() and name in bound.errors
