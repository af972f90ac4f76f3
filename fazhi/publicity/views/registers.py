"""Pages of the standing registers: culture sites, legal-literate villagers,
model villages."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from fazhi.core.listing import RecordCreateView, RecordUpdateView, ScopedListView

from .. import filters, tables, workflow
from .. import forms as pforms
from ..models import CultureSite, LegalLiterateVillager, ModelVillage
from ._common import Detail, simple_persist

# ---------------------------------------------------------------------------
# Sites, villagers, model villages
# ---------------------------------------------------------------------------


class CultureSiteList(ScopedListView):
    model = CultureSite
    table_class = tables.CultureSiteTable
    filterset_class = filters.CultureSiteFilter
    title: Any = _("法治文化阵地")
    export_name = _("法治文化阵地")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        if getattr(self.request.user, "can_write", False):
            ctx["create_url"] = reverse("publicity:site_create")
        return ctx

    def optimize(self, qs: QuerySet[Any]) -> QuerySet[Any]:
        return qs.select_related("unit")


class CultureSiteDetail(Detail):
    edit_url_name = "publicity:site_edit"
    model = CultureSite
    template_name = "publicity/simple_detail.html"
    fields = [
        "name",
        "kind",
        "unit",
        "location",
        "opened_on",
        "last_refreshed_on",
        "closed_on",
        "note",
    ]


class CultureSiteCreate(RecordCreateView):
    model = CultureSite
    form_class = pforms.CultureSiteForm
    title: Any = _("新增法治文化阵地")
    persist = simple_persist(workflow.save_culture_site)


class CultureSiteUpdate(RecordUpdateView):
    model = CultureSite
    form_class = pforms.CultureSiteForm
    title: Any = _("编辑法治文化阵地")
    persist = simple_persist(workflow.save_culture_site)


class VillagerList(ScopedListView):
    model = LegalLiterateVillager
    table_class = tables.VillagerTable
    filterset_class = filters.VillagerFilter
    title: Any = _("法律明白人")
    export_name = _("法律明白人")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        if getattr(self.request.user, "can_write", False):
            ctx["create_url"] = reverse("publicity:villager_create")
        return ctx

    def optimize(self, qs: QuerySet[Any]) -> QuerySet[Any]:
        return qs.select_related("unit", "person")


class VillagerDetail(Detail):
    edit_url_name = "publicity:villager_edit"
    model = LegalLiterateVillager
    template_name = "publicity/simple_detail.html"
    fields = ["person", "unit", "appointed_on", "ended_on", "training_hours", "note"]


class VillagerCreate(RecordCreateView):
    model = LegalLiterateVillager
    form_class = pforms.VillagerForm
    title: Any = _("新增法律明白人")
    persist = simple_persist(workflow.save_villager)


class VillagerUpdate(RecordUpdateView):
    model = LegalLiterateVillager
    form_class = pforms.VillagerForm
    title: Any = _("编辑法律明白人")
    persist = simple_persist(workflow.save_villager)


class ModelVillageList(ScopedListView):
    model = ModelVillage
    table_class = tables.ModelVillageTable
    title: Any = _("民主法治示范村")
    export_name = _("民主法治示范村")
    filterset_class = filters.ModelVillageFilter

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        if getattr(self.request.user, "can_write", False):
            ctx["create_url"] = reverse("publicity:modelvillage_create")
        return ctx

    def optimize(self, qs: QuerySet[Any]) -> QuerySet[Any]:
        return qs.select_related("unit")


class ModelVillageDetail(Detail):
    edit_url_name = "publicity:modelvillage_edit"
    model = ModelVillage
    template_name = "publicity/simple_detail.html"
    fields = ["unit", "level", "awarded_year", "revoked_year", "document_no"]


class ModelVillageCreate(RecordCreateView):
    model = ModelVillage
    form_class = pforms.ModelVillageForm
    title: Any = _("新增民主法治示范村")
    persist = simple_persist(workflow.save_model_village)


class ModelVillageUpdate(RecordUpdateView):
    model = ModelVillage
    form_class = pforms.ModelVillageForm
    title: Any = _("编辑民主法治示范村")
    persist = simple_persist(workflow.save_model_village)
