"""The form renderer of the site (settings.FORM_RENDERER): Django's own,
with its select and input widgets written in Python.

Django draws a drop-down with a template that includes a template per
option; a list's filter form (a dozen widgets, a hundred options: units,
stages, leaders) spent ~5 ms of a ledger page there (docs/performance.md,
"Through a real server"). `WidgetRenderer` writes the same text as Django's
`select.html` / `select_option.html` / `attrs.html` / `input.html` (each
value shown as a template shows it: localized, escaped unless safe), and
hands every other template, or a widget it is not sure to write alike (a
value a template would call, an option drawn by another template), to
Django. Before its first use it draws a probe both ways; if Django's
templates ever write something else, it leaves every widget to them.
"""

from __future__ import annotations

import threading
from typing import Any

from django.forms.renderers import DjangoTemplates
from django.template import Context
from django.template.base import render_value_in_context
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData

_WIDGETS = "django/forms/widgets/"
SELECT = _WIDGETS + "select.html"
OPTION = _WIDGETS + "select_option.html"
# The input widgets whose template is `{% include "…/input.html" %}` and a newline.
INPUTS = frozenset(
    _WIDGETS + name
    for name in (
        "text.html",
        "number.html",
        "email.html",
        "url.html",
        "password.html",
        "hidden.html",
        "date.html",
        "datetime.html",
        "time.html",
        "search.html",
        "tel.html",
        "color.html",
    )
)


class _NotPlain(Exception):
    """A widget written here might differ from Django's template: ask it."""


class WidgetRenderer(DjangoTemplates):
    def __init__(self) -> None:
        super().__init__()
        self._checked: bool | None = None
        self._lock = threading.Lock()
        # How the templates show a value (a form template's own context).
        self._context = Context(autoescape=True)

    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        if (template_name == SELECT or template_name in INPUTS) and self._ready():
            try:
                return self._written(template_name, context)
            except _NotPlain:
                pass
        return super().render(template_name, context, request)

    def _written(self, template_name: str, context: dict[str, Any]) -> str:
        widget = context["widget"]
        # Stripped as BaseRenderer.render strips what its template wrote.
        if template_name == SELECT:
            return self._select(widget).strip()
        return self._input(widget).strip()

    # Django's templates, written out -----------------------------------------

    def _show(self, value: Any) -> str:
        """`{{ value }}`."""
        if callable(value) and not getattr(value, "do_not_call_in_templates", False):
            raise _NotPlain
        return str(render_value_in_context(value, self._context))

    @staticmethod
    def _formatted(value: Any) -> str:
        """`{{ value|stringformat:'s' }}`."""
        if callable(value) and not getattr(value, "do_not_call_in_templates", False):
            raise _NotPlain
        try:
            text = "%s" % (str(value) if isinstance(value, tuple) else value)
        except (ValueError, TypeError):
            text = ""
        return text if isinstance(value, SafeData) else str(conditional_escape(text))

    def _attrs(self, attrs: dict[str, Any]) -> str:
        """attrs.html."""
        if "items" in attrs:  # the template would read attrs["items"]
            raise _NotPlain
        parts = []
        for name, value in attrs.items():
            if callable(value) and not getattr(value, "do_not_call_in_templates", False):
                raise _NotPlain
            if value is not False:
                parts.append(" " + self._show(name))
                if value is not True:
                    parts.append('="' + self._formatted(value) + '"')
        return "".join(parts)

    def _select(self, widget: dict[str, Any]) -> str:
        """select.html, each option as select_option.html."""
        parts = [
            '<select name="',
            self._show(widget["name"]),
            '"',
            self._attrs(widget["attrs"]),
            ">",
        ]
        for group_name, group_choices, _index in widget["optgroups"]:
            if group_name:
                parts += ('\n  <optgroup label="', self._show(group_name), '">')
            for option in group_choices:
                if option.get("template_name") != OPTION:
                    raise _NotPlain
                parts += (
                    '\n  <option value="',
                    self._formatted(option["value"]),
                    '"',
                    self._attrs(option["attrs"]),
                    ">",
                    self._show(option["label"]),
                    "</option>\n",
                )
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>\n")
        return "".join(parts)

    def _input(self, widget: dict[str, Any]) -> str:
        """input.html."""
        value = widget["value"]
        # `{% if widget.value != None %}`: compared as the template compares.
        shown = f' value="{self._formatted(value)}"' if value != None else ""  # noqa: E711
        return (
            f'<input type="{self._show(widget["type"])}" name="{self._show(widget["name"])}"'
            f"{shown}{self._attrs(widget['attrs'])}>\n"
        )

    # The probe ----------------------------------------------------------------

    def _ready(self) -> bool:
        if self._checked is None:
            with self._lock:
                if self._checked is None:
                    self._checked = self._same_as_django()
        return self._checked

    def _same_as_django(self) -> bool:
        from django import forms

        class Probe(forms.Form):
            pick = forms.ChoiceField(
                choices=[("", "---"), ("a&b", "甲<乙>"), ("组", [(1, "一"), (2, "二")])],
                widget=forms.Select(attrs={"class": "x", "required": True, "disabled": False}),
            )
            many = forms.MultipleChoiceField(choices=[(1, 1), (2, 2)])
            yes = forms.NullBooleanField()
            text = forms.CharField(widget=forms.TextInput(attrs={"placeholder": '"q"'}))
            when = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
            number = forms.IntegerField()
            hidden = forms.CharField(widget=forms.HiddenInput)

        form = Probe(data={"pick": "a&b", "many": ["2"], "yes": "true", "text": "<x>", "number": 5})
        for field in form:
            widget = field.field.widget
            name = widget.template_name
            if name != SELECT and name not in INPUTS:
                continue
            context = widget.get_context(
                field.html_name, field.value(), field.build_widget_attrs({})
            )
            try:
                ours = self._written(name, context)
            except _NotPlain:
                return False
            if ours != super().render(name, context):
                return False
        return True
