"""What the report pages share: a refusal shown as messages, a file download."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse

from ..forms import (
    AcceptForm,
    CreateReportForm,
    ReturnForm,
    ShortcomingForm,
    SubmitForm,
    TemplateSectionForm,
)

# The forms whose inputs a refusal may name. PublishForm is left out: its one
# label is the whole confirmation sentence, and the refusal already says 保密审查.
LABELLED = (
    SubmitForm,
    ReturnForm,
    AcceptForm,
    ShortcomingForm,
    CreateReportForm,
    TemplateSectionForm,
)


def field_label(field: str) -> str:
    """The label a clerk sees beside the input, never the input's code."""
    for form in LABELLED:
        if field in form.base_fields:
            return str(form.base_fields[field].label)
    return ""


def show_refusal(request: HttpRequest, exc: ValidationError) -> None:
    for field, errs in exc.message_dict.items():
        label = field_label(field)
        for err in errs:
            messages.error(request, f"{label}：{err}" if label else str(err))


def file_response(content: bytes, mime: str, name: str) -> HttpResponse:
    from urllib.parse import quote

    response = HttpResponse(content, content_type=mime)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response
