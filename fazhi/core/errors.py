"""Errors a workflow raises when a rule is not met."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from fazhi.core.i18n import glossed

# The fields that hold a record's state. A refusal on one of them means the
# record is not (or no longer) in a state that allows the step: a conflict
# with the record as it is now, typically because someone else took a step
# first (the API answers 409, core.api.exception_handler).
STATE_FIELDS = frozenset({"stage", "status"})


StrOrPromise = str | Promise


def labelled(message: object, label: object) -> str:
    """An error under its field's label, “地点：这个字段是必填项。”, unless
    the message opens with the label already (core.steps and core.inputs
    name the field they check: “送达日期（2026-12-08）不能晚于今天。” read
    送达日期：送达日期（…） on the forms). Pages, the API and the serializers
    say it the same way."""
    text, name = str(message), str(label or "")
    if not name or text.startswith(name):
        return text
    return f"{name}：{text}"


class RuleViolation(ValidationError):
    """A workflow rule refused the action. `field` names the input at fault
    (or "__all__"), `rule` the article or setting behind it."""

    def __init__(self, message: StrOrPromise, *, field: str = "__all__", rule: str = "") -> None:
        self.field = field
        self.rule = rule
        # Translated when raised (a lazy message is rendered now): the API's
        # JSON and a form's errors get a plain str in the reader's language.
        text = str(message)
        if rule:
            # A law's title stays Chinese, glossed in English (core.i18n.glossed).
            text = _("%(message)s（依据：%(rule)s）") % {"message": text, "rule": glossed(rule)}
        super().__init__({field: [text]})

    def as_dict(self) -> dict[str, list[str]]:
        return {
            ("non_field_errors" if k == "__all__" else k): v for k, v in self.message_dict.items()
        }


class ConcurrentEdit(RuleViolation):
    """The record changed since the editor loaded it (its `version` moved on);
    the edit is refused, never saved over the other one."""

    def __init__(self, who: str, when: str) -> None:
        super().__init__(
            _("该记录已被%(who)s于%(when)s修改，请刷新后重新编辑，您的修改未保存。")
            % {"who": who, "when": when}
        )


def is_conflict(exc: RuleViolation) -> bool:
    """The refusal is about the record's current state, not the input: a stale
    version, or a step the record's stage/status no longer allows."""
    return isinstance(exc, ConcurrentEdit) or exc.field in STATE_FIELDS
