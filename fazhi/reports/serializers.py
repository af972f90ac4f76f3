from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from fazhi.core import inputs
from fazhi.core.serializers import BoundedInputs, LabelledModelSerializer

from . import queries
from .models import AnnualReport, ReportFigure, ReportSection


class SectionSerializer(LabelledModelSerializer):
    class Meta:
        model = ReportSection
        fields = [
            "id",
            "key",
            "title",
            "level",
            "order",
            "included",
            "mandatory_item",
            "text",
            "edited",
            "version",
        ]


class FigureSerializer(LabelledModelSerializer):
    class Meta:
        model = ReportFigure
        fields = ["key", "label", "value", "text", "unit_label", "has_records", "registered"]


class ReportSerializer(LabelledModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    # The clocks' due dates (AnnualReport.submit_due; a list loads them with
    # its rows, queries.with_deadlines), in the shape the stored dates had.
    submit_due = serializers.DateField(read_only=True, allow_null=True, label=_("报送截止日"))
    publish_due = serializers.DateField(read_only=True, allow_null=True, label=_("公开截止日"))

    class Meta:
        model = AnnualReport
        fields = [
            "id",
            "unit",
            "unit_name",
            "year",
            "title",
            "status",
            "status_display",
            "frozen_at",
            "submit_due",
            "publish_due",
            "submitted_at",
            "accepted_at",
            "published_at",
            "review_comment",
            "version",
        ]
        read_only_fields = fields


class ReportDetailSerializer(ReportSerializer):
    sections = SectionSerializer(many=True, read_only=True)
    figures = FigureSerializer(many=True, read_only=True)
    text = serializers.SerializerMethodField()

    class Meta(ReportSerializer.Meta):
        fields = [*ReportSerializer.Meta.fields, "sections", "figures", "text"]
        read_only_fields = fields

    def get_text(self, obj: AnnualReport) -> list[dict[str, Any]]:
        return [
            {
                "key": b.key,
                "heading": b.heading,
                "level": b.level,
                "paragraphs": b.plain_paragraphs(),
            }
            for b in queries.render_report(obj)
        ]


class CreateSerializer(serializers.Serializer):
    unit = serializers.IntegerField(label=_("单位"))
    year = serializers.IntegerField(label=_("年度"))


class SectionEditSerializer(BoundedInputs, serializers.Serializer):
    text_limits = {"text": inputs.DOCUMENT}  # a report's section (core.inputs)

    text = serializers.CharField(label=_("正文"), required=False, allow_blank=True)
    title = serializers.CharField(label=_("标题"), max_length=200, required=False, allow_blank=True)
    included = serializers.BooleanField(label=_("纳入报告"), required=False)
    order = serializers.IntegerField(label=_("排序"), required=False, min_value=0)
    version = serializers.IntegerField(label=_("版本"))
