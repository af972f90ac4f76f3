"""What the report pages share: a refusal shown as messages, a file download."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse


def show_refusal(request: HttpRequest, exc: ValidationError) -> None:
    for field, errs in exc.message_dict.items():
        for err in errs:
            prefix = "" if field in ("__all__", "non_field_errors") else f"{field}："
            messages.error(request, f"{prefix}{err}")


def file_response(content: bytes, mime: str, name: str) -> HttpResponse:
    from urllib.parse import quote

    response = HttpResponse(content, content_type=mime)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response
