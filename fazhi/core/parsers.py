"""The API's JSON parser: a body is an object of named inputs, as every
operation of this API takes (checked against /api/schema/: no operation takes
a list). A JSON list, number, true or null there reached the steps' and the
reports' `request.data.get(…)` and answered 500 (issue 17's fuzzing, 30
examples per operation); now 400 naming the whole body. A module of its own:
DRF imports the parser classes while `rest_framework.views` is loading, and
core.api imports from there."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import JSONParser
from rest_framework.settings import api_settings


class JSONObjectParser(JSONParser):
    def parse(self, stream: Any, media_type: Any = None, parser_context: Any = None) -> Any:
        data = super().parse(stream, media_type, parser_context)
        if not isinstance(data, dict):
            raise ValidationError(
                {
                    api_settings.NON_FIELD_ERRORS_KEY: [
                        _("请求内容应为 JSON 对象（{…}），按名称给出各项。")
                    ]
                }
            )
        return data
