"""core.renderers.WidgetRenderer (settings.FORM_RENDERER) writes selects and
inputs in Python: the HTML must be what Django's own widget templates write,
widget by widget, and every list page's filter form field by field."""

from __future__ import annotations

import datetime as dt
import decimal
import itertools
from typing import Any

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates, get_default_renderer
from django.test import RequestFactory
from django.urls import resolve
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from fazhi.core import demo
from fazhi.core.forms import read_choices_once
from fazhi.core.models import OrgUnit
from fazhi.core.renderers import WidgetRenderer
from tests.core.test_export_display import list_exports

DJANGO = DjangoTemplates()


def _both(form: forms.BaseForm) -> list[tuple[str, str, str]]:
    """Each field as the site's renderer and as Django's own draw it."""
    out = []
    for name in form.fields:
        form.renderer = get_default_renderer()
        ours = str(form[name])
        form.renderer = DJANGO
        theirs = str(form[name])
        out.append((name, ours, theirs))
    return out


class Everything(forms.Form):
    plain = forms.ChoiceField(choices=[("", "—"), ("a", "甲"), (3, 3), ("<&>", '"引"')])
    grouped = forms.ChoiceField(
        choices=[("x", gettext_lazy("是")), ("组<1>", [(1, "一"), (2, mark_safe("<b>二</b>"))])]
    )
    many = forms.MultipleChoiceField(choices=[(1, "一"), (2, "二"), (3, "三")], required=False)
    yes = forms.NullBooleanField(required=False)
    radio = forms.ChoiceField(choices=[(1, "一")], widget=forms.RadioSelect)
    text = forms.CharField(
        widget=forms.TextInput(
            attrs={
                "class": "a b",
                "placeholder": gettext_lazy("姓名"),
                "data-x": mark_safe('"q"'),
                "data-none": None,
                "data-zero": 0,
                "autofocus": True,
                "hidden": False,
            }
        )
    )
    number = forms.IntegerField(required=False)
    amount = forms.DecimalField(required=False)
    when = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    moment = forms.DateTimeField(required=False)
    email = forms.EmailField(required=False)
    secret = forms.CharField(required=False, widget=forms.PasswordInput)
    hidden = forms.CharField(required=False, widget=forms.HiddenInput)
    check = forms.BooleanField(required=False)
    note = forms.CharField(required=False, widget=forms.Textarea)
    file = forms.FileField(required=False)


@pytest.mark.parametrize(
    "data",
    [
        None,
        {},
        {"plain": "<&>", "grouped": "2", "many": ["1", "3"], "yes": "false", "text": "<x>"},
        {"number": "12", "amount": "1.50", "when": "2024-03-05", "moment": "2024-03-05 10:00"},
        {"text": "", "number": "x", "email": "a@b", "hidden": '"h"', "check": "on"},
    ],
)
def test_every_widget_is_what_django_draws(data: Any) -> None:
    initial = {"number": 0, "amount": decimal.Decimal("2.5"), "when": dt.date(2024, 1, 2)}
    form = Everything(data=data, initial=initial)
    assert get_default_renderer()._ready()  # type: ignore[attr-defined]
    for name, ours, theirs in _both(form):
        assert ours == theirs, name


def test_an_option_of_another_template_is_left_to_django() -> None:
    class Odd(forms.Select):
        option_template_name = "django/forms/widgets/radio_option.html"

    class F(forms.Form):
        pick = forms.ChoiceField(choices=[(1, "一")], widget=Odd)

    for name, ours, theirs in _both(F()):
        assert ours == theirs, name


def test_a_renderer_that_would_differ_leaves_every_widget_to_django(monkeypatch: Any) -> None:
    renderer = WidgetRenderer()
    monkeypatch.setattr(renderer, "_input", lambda widget: "<input>")
    assert not renderer._ready()
    form = Everything(renderer=renderer)
    form_django = Everything(renderer=DJANGO)
    assert str(form["text"]) == str(form_django["text"])


@pytest.mark.django_db
def test_every_list_filter_form_is_what_django_draws() -> None:
    world = demo.build()
    urls = [u.split("?", 1)[0] for u in list_exports()]
    fields = 0
    for url, role in itertools.product(urls, ["leader", "county"]):
        request = RequestFactory().get(url)
        request.user = world.users[role]
        view = resolve(url).func.view_class()  # type: ignore[attr-defined]
        view.setup(request)
        filterset = view.get_filterset(view.get_filterset_class())
        for name, ours, theirs in _both(filterset.form):
            fields += 1
            assert ours == theirs, (role, url, name)
    assert fields > 200


@pytest.mark.django_db
def test_drop_downs_of_one_query_read_it_once(django_assert_num_queries: Any) -> None:
    demo.build_organisation()
    units = OrgUnit.objects.order_by("path")

    class F(forms.Form):
        unit = forms.ModelChoiceField(queryset=OrgUnit.objects.all())  # Meta: by path
        other = forms.ModelChoiceField(queryset=units)
        villages = forms.ModelChoiceField(queryset=units.filter(kind=OrgUnit.Kind.VILLAGE))

    plain = F()
    with django_assert_num_queries(3):
        want = [str(plain[name]) for name in plain.fields]
    form = F()
    read_choices_once(form)
    read_choices_once(form)  # again: nothing changes
    with django_assert_num_queries(2):  # all units once, the villages once
        got = [str(form[name]) for name in form.fields]
    assert got == want
    assert len(OrgUnit.objects.all()) > 5
