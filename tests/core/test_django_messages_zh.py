"""Django's own form messages in Chinese read as fazhi's do: "确保该变量包含不超过
200 字符 (目前字符数 5000)。" ("this variable") and "确认总共不超过 14 个数字." (an
English full stop) were shown under a clerk's field (found walking the demo);
fazhi/locale/zh_Hans says them as core.inputs.TOO_LONG does. English is
Django's own."""

from __future__ import annotations

from django import forms
from django.utils import translation


class _Form(forms.Form):
    title = forms.CharField(max_length=200)
    code = forms.CharField(min_length=4)
    amount = forms.DecimalField(max_digits=14, decimal_places=2)
    rate = forms.DecimalField(max_digits=5, decimal_places=2)


def _errors(language: str, data: dict[str, str]) -> dict[str, list[str]]:
    with translation.override(language):
        form = _Form(data)
        form.is_valid()
        return {name: [str(e) for e in errors] for name, errors in form.errors.items()}


def test_length_and_digits_read_as_fazhis_own_messages() -> None:
    data = {"title": "x" * 5000, "code": "ab", "amount": "1234567890123456", "rate": "1.234"}
    assert _errors("zh-hans", data) == {
        "title": ["最多200字，现有5000字。"],
        "code": ["最少4字，现有2字。"],
        "amount": ["总共不超过14位数字。"],
        "rate": ["小数不超过2位。"],
    }
    assert _errors("zh-hans", {**data, "rate": "1234.5"})["rate"] == ["小数点前不超过3位。"]
    english = _errors("en", data)
    assert english["title"] == ["Ensure this value has at most 200 characters (it has 5000)."]
