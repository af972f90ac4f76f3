"""An API list's query string read as the OpenAPI schema states it (issues 15
and 17: schemathesis found lists answering 200 to values the schema calls
invalid, `AcceptedNegativeData`).

django-filter refuses a value its form field refuses (an unknown choice, a
date that is no date: 400 naming the parameter), but its form fields are made
for pages, where an empty field means "any" and a yes/no select may send
anything: so `?stage=`, `?is_cadre=maybe`, `?held_on=2024-1-5` and `?page=`
were answered as if the parameter had not been sent. On the API, whose schema
types each parameter (an enum, an integer id, a boolean, an ISO date), such a
value is refused, 400 naming the parameter with its field's own message, and
`page` that is not a page number is 404 (documented: core.api_schema). A
free-text filter (`CharFilter`: a name, a search) may still be empty; pages
keep their forms' leniency (core.listing does not use this backend)."""

from __future__ import annotations

import re
from typing import Any

import django_filters
from django.db import models
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
BOOLEANS = {"true", "false", "1", "0"}


def _message(flt: Any, field: Any, value: str) -> str:
    """The form field's own message for a value it cannot take (in Django's
    catalogue, so in the reader's language); a boolean's, the model field's
    (a yes/no form field has none of its own)."""
    if isinstance(flt, django_filters.BooleanFilter):
        return str(models.BooleanField.default_error_messages["invalid"]) % {"value": value}
    value = value or '""'
    messages = getattr(field, "error_messages", {}) or {}
    for key in ("invalid_choice", "invalid", "required"):
        if key in messages:
            try:
                return str(messages[key]) % {"value": value}
            except (KeyError, TypeError, ValueError):
                return str(messages[key])
    return _("输入有误：各字段的错误信息。")


def refused(filterset: Any, params: Any) -> dict[str, list[str]]:
    """Each filter parameter of `params` whose value the schema does not allow
    though the filter's form field lets it pass, with the field's message."""
    errors: dict[str, list[str]] = {}
    form_fields = filterset.form.fields
    for name, flt in filterset.filters.items():
        if name not in params:
            continue
        field = form_fields.get(name)
        for value in params.getlist(name):
            text = str(value)
            if isinstance(flt, django_filters.CharFilter):
                continue  # free text, empty included
            if text.strip() == "":
                bad = True
            elif isinstance(flt, django_filters.BooleanFilter):
                bad = text.lower() not in BOOLEANS
            elif isinstance(flt, django_filters.DateFilter):
                bad = not ISO_DATE.match(text)
            else:
                bad = False
            if bad:
                errors[name] = [_message(flt, field, text)]
                break
    return errors


class SchemaFilterBackend(DjangoFilterBackend):
    """django-filter's DRF backend, refusing what the schema refuses (`refused`)
    beside what the filterset's form refuses: one 400 naming every parameter."""

    def filter_queryset(self, request: Any, queryset: Any, view: Any) -> Any:
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return queryset
        errors = refused(filterset, request.query_params)
        if not filterset.is_valid():
            errors = {
                **{key: [str(m) for m in messages] for key, messages in filterset.errors.items()},
                **errors,
            }
        if errors:
            raise ValidationError(errors)
        return filterset.qs


class SchemaPageNumberPagination(PageNumberPagination):
    """DRF's page numbers, where an empty `page` is no page (404, as `page=0`
    or `page=abc` already were) rather than the first."""

    def get_page_number(self, request: Any, paginator: Any) -> Any:
        raw = request.query_params.get(self.page_query_param)
        if raw is not None and raw.strip() == "":
            raise NotFound(self.invalid_page_message.format(page_number=raw, message=""))
        return super().get_page_number(request, paginator)
