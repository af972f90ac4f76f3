"""The search page (/search/?q=) and its API (/api/v1/search/?q=): one box
over every module in the user's scope (core.search)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from . import search as engine

PAGE = 20
MORE = 100  # one module's hits, when the page is narrowed to it


def _limit(module: str) -> int:
    return MORE if module else PAGE


@login_required
def search(request: HttpRequest) -> HttpResponse:
    q = (request.GET.get("q") or "").strip()
    module = (request.GET.get("module") or "").strip()
    result = (
        engine.search(request.user, q, limit=_limit(module), module=module or None) if q else None
    )
    return render(
        request,
        "core/search.html",
        {"title": _("全文检索"), "q": q, "module": module, "result": result},
    )


class HitSerializer(serializers.Serializer):
    module = serializers.CharField()
    # Not `label`: a serializer field's own attribute of that name.
    record = serializers.CharField(source="label", help_text=gettext_lazy("记录类型（app.model）"))
    kind = serializers.CharField(help_text=gettext_lazy("记录类型名称"))
    object_id = serializers.IntegerField()
    title = serializers.CharField(
        help_text=gettext_lazy("标题（HTML，已转义，匹配词以 <mark> 标出）")
    )
    snippet = serializers.CharField(help_text=gettext_lazy("摘要（HTML，已转义，个人信息已屏蔽）"))
    url = serializers.CharField()
    unit = serializers.CharField()
    matched = serializers.CharField(
        help_text=gettext_lazy("按完整号码命中时的原因：身份证号码相符、联系电话相符；否则为空")
    )


class GroupSerializer(serializers.Serializer):
    module = serializers.CharField()
    module_label = serializers.CharField()
    count = serializers.IntegerField(
        help_text=gettext_lazy("本模块命中数（capped 为真时至少为此数）")
    )
    capped = serializers.BooleanField()
    hits = HitSerializer(many=True)


class ResultSerializer(serializers.Serializer):
    q = serializers.CharField()
    exact = serializers.BooleanField(help_text=gettext_lazy("按身份证号或电话号码精确检索"))
    total = serializers.IntegerField()
    groups = GroupSerializer(many=True)


class SearchViewSet(viewsets.ViewSet):
    """全文检索：姓名、身份证号（精确）、电话号码（精确）、文号案号、事实请求中的词语，
    范围为当前用户可见的各模块记录，按模块分组、按相关度排序。"""

    # One object (query, total, groups), not a list of records: core.api_schema.
    list_returns_object = True

    @extend_schema(
        parameters=[
            OpenApiParameter("q", str, required=True, description=gettext_lazy("检索词")),
            OpenApiParameter(
                "module", str, required=False, description=gettext_lazy("只检索一个模块")
            ),
        ],
        responses=ResultSerializer,
    )
    def list(self, request: Request) -> Response:
        q = (request.query_params.get("q") or "").strip()
        module = (request.query_params.get("module") or "").strip()
        if not q:
            raise serializers.ValidationError({"q": [_("请填写检索词。")]})
        result = engine.search(request.user, q, limit=_limit(module), module=module or None)
        data: dict[str, Any] = {
            "q": result.q,
            "exact": result.exact,
            "total": result.total,
            "groups": result.groups,
        }
        return Response(ResultSerializer(data).data)
