"""Django admin for the system administrator: users, units, rule settings,
document templates and the work calendar (admin_calendar). Domain records
are never edited here: they change only through their workflows."""

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from . import admin_calendar  # noqa: F401  (registers CalendarYear/CalendarDay)
from .models import DocumentTemplate, OrgUnit, Setting, User
from .rulesettings import REGISTRY

admin.site.site_header = _("法治工作平台 · 系统管理")
admin.site.site_title = _("法治工作平台")


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "display_name", "role", "home_unit", "is_active", "last_login")
    list_filter = ("role", "is_active", "home_unit__kind")
    search_fields = ("username", "person__name")
    raw_id_fields = ("home_unit", "person")
    fieldsets = (
        *BaseUserAdmin.fieldsets,  # type: ignore[misc]
        (_("法治平台"), {"fields": ("person", "home_unit", "role")}),
    )

    def get_queryset(self, request: HttpRequest) -> Any:
        return super().get_queryset(request).select_related("person", "home_unit")


@admin.register(OrgUnit)
class OrgUnitAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "parent", "division_code", "abbreviation", "ethnic_minority")
    list_filter = ("kind",)
    search_fields = ("name", "division_code")
    raw_id_fields = ("parent",)
    ordering = ("path",)


@admin.register(Setting)
class SettingAdmin(admin.ModelAdmin):
    list_display = ("key", "label", "unit", "value", "note")
    list_filter = ("key",)
    raw_id_fields = ("unit",)

    @admin.display(description=_("说明"))
    def label(self, obj: Setting) -> str:
        declared = REGISTRY.get(obj.key)
        return (
            f"{declared.label}（默认 {declared.default}；{declared.source}）" if declared else "—"
        )


@admin.register(DocumentTemplate)
class DocumentTemplateAdmin(admin.ModelAdmin):
    list_display = ("name", "unit", "uploaded_at")
    raw_id_fields = ("unit",)
