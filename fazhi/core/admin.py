"""Django admin for the system administrator: users, units, rule settings,
document templates and the work calendar (admin_calendar). Domain records
are never edited here: they change only through their workflows."""

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from . import (
    admin_calendar,  # noqa: F401  (registers CalendarYear/CalendarDay)
    audit,
)
from .models import DocumentTemplate, OrgUnit, Setting, User
from .roles import ADMIN_ROLES, Role
from .rulesettings import REGISTRY

admin.site.site_header = _("法治工作平台 · 系统管理")
admin.site.site_title = _("法治工作平台")
# The admin's log-in is locked as the site's own is (django-axes is the first
# authentication backend; core.security), and its pages need the second factor
# as every page does (core.twofactor.TwoFactorRequiredMiddleware).


# What only a superuser (created with `manage.py createsuperuser`) may grant or
# touch: no administrator can make an account a superuser or staff, hand out raw
# permissions or groups, or edit another administrator's account (三员分立).
PRIVILEGE_FIELDS = ("is_superuser", "is_staff", "groups", "user_permissions")
# The account fields whose changes are audited and shown to the security
# administrator (core.views.security_log).
ACCOUNT_FIELDS = ("username", "role", "home_unit", "person", "is_active", *PRIVILEGE_FIELDS)


def _account_snapshot(user: User) -> dict[str, Any]:
    snap: dict[str, Any] = {
        "username": user.username,
        "role": user.role,
        "home_unit": user.home_unit_id,
        "person": user.person_id,
        "is_active": user.is_active,
        "is_superuser": user.is_superuser,
        "is_staff": user.is_staff,
    }
    if user.pk:
        snap["groups"] = sorted(user.groups.values_list("name", flat=True))
        snap["user_permissions"] = sorted(user.user_permissions.values_list("codename", flat=True))
    return snap


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    """Accounts for the system administrator (create, role, unit, person) and
    the security administrator (activate, deactivate); every change is audited.
    Privileges beyond a role stay with the command-line superuser."""

    list_display = ("username", "display_name", "role", "home_unit", "is_active", "last_login")
    list_filter = ("role", "is_active", "home_unit__kind")
    search_fields = ("username", "person__name")
    autocomplete_fields = ("home_unit",)
    raw_id_fields = ("person",)
    fieldsets = (
        *BaseUserAdmin.fieldsets,  # type: ignore[misc]
        (_("法治平台"), {"fields": ("person", "home_unit", "role")}),
    )

    def get_queryset(self, request: HttpRequest) -> Any:
        return super().get_queryset(request).select_related("person", "home_unit")

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser:
            return fieldsets
        # Privilege fields are not even shown: a form cannot post what it does not hold.
        return [
            (name, {**opts, "fields": [f for f in opts["fields"] if f not in PRIVILEGE_FIELDS]})
            for name, opts in fieldsets
        ]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        readonly = list(super().get_readonly_fields(request, obj))
        if request.user.is_superuser:
            return readonly
        readonly += ["last_login", "date_joined"]
        if getattr(request.user, "role", None) == Role.SECURITY_ADMIN and obj is not None:
            # The security administrator activates and deactivates, nothing else.
            readonly += ["username", "first_name", "last_name", "email", "person"]
            readonly += ["home_unit", "role"]
        return readonly

    def formfield_for_choice_field(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "role" and not request.user.is_superuser:
            # An administrator role is given by the superuser only.
            kwargs["choices"] = [(v, label) for v, label in Role.choices if v not in ADMIN_ROLES]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def _protected(self, request: HttpRequest, obj: Any) -> bool:
        """A superuser's or another administrator's account: read-only here."""
        return (
            obj is not None
            and not request.user.is_superuser
            and obj.pk != request.user.pk
            and (obj.is_superuser or obj.role in ADMIN_ROLES)
        )

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if self._protected(request, obj) or (
            obj is not None and obj.pk == request.user.pk and not request.user.is_superuser
        ):
            return False  # nobody widens their own account
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if self._protected(request, obj):
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if not request.user.is_superuser:
            # Belt and braces beside the form: whatever was posted, no privilege
            # changes hands here.
            stored = User.objects.filter(pk=obj.pk).first() if obj.pk else None
            obj.is_superuser = stored.is_superuser if stored else False
            obj.is_staff = stored.is_staff if stored else False
            if obj.role in ADMIN_ROLES and (stored is None or stored.role != obj.role):
                raise PermissionDenied(gettext("只有超级管理员可以授予管理员角色。"))
        before = _account_snapshot(User.objects.get(pk=obj.pk)) if obj.pk else {}
        super().save_model(request, obj, form, change)
        request._fazhi_account_before = before  # type: ignore[attr-defined]

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        obj = form.instance
        before = getattr(request, "_fazhi_account_before", {})
        changes = audit.diff(before, _account_snapshot(obj))
        audit.record(
            obj,
            by=request.user,
            action="update" if change else "create",
            changes=changes,
            note=gettext_noop("账号变更") if change else gettext_noop("新建账号"),
            unit=obj.home_unit,
        )


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
        if declared is None:
            return "—"
        return gettext("%(label)s（默认 %(default)s；%(source)s）") % {
            "label": declared.label,
            "default": declared.default,
            "source": declared.source,
        }


@admin.register(DocumentTemplate)
class DocumentTemplateAdmin(admin.ModelAdmin):
    list_display = ("name", "unit", "uploaded_at")
    raw_id_fields = ("unit",)
