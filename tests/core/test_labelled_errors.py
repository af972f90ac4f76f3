"""A field's error is shown under its label once: core.steps names the date
it checks (“送达日期（2026-12-08）不能晚于今天。”), which the forms printed
as 送达日期：送达日期（2026-12-08）不能晚于今天。 (`texts.labelled`)."""

from __future__ import annotations

import pytest
from django import forms
from django.template.loader import render_to_string
from django.utils import translation

from fazhi.core.templatetags.texts import labelled

NAMED = "送达日期（2026-12-08）不能晚于今天。"


def test_a_message_naming_its_field_is_not_prefixed_again() -> None:
    assert labelled(NAMED, "送达日期") == NAMED


def test_a_bare_message_gets_its_label() -> None:
    assert labelled("请填写此项。", "送达日期") == "送达日期：请填写此项。"
    assert labelled("请填写此项。", "") == "请填写此项。"


class _Form(forms.Form):
    served_on = forms.DateField(label="送达日期")
    note = forms.CharField(label="备注")

    def clean(self) -> dict[str, object]:
        self.add_error("served_on", NAMED)
        return self.cleaned_data


@pytest.mark.parametrize(
    "template",
    [
        "petitions/_form_fields.html",
        "enforcement/_form_fields.html",
        "mediation/_fields.html",
    ],
)
def test_the_step_forms_say_the_field_once(template: str) -> None:
    form = _Form(data={"served_on": "2026-12-08"})
    assert not form.is_valid()
    with translation.override("zh-hans"):
        html = render_to_string(template, {"form": form})
    assert NAMED in html
    assert "送达日期：送达日期" not in html
    assert "备注：" in html  # a bare message keeps its label
