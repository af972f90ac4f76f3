import django_filters
from django.utils.translation import gettext_lazy as _

from .models import OrgUnit, Person


class UnitFilterMixin(django_filters.FilterSet):
    """Filter by a unit and everything below it."""

    unit_tree = django_filters.ModelChoiceFilter(
        label=_("单位（含下级）"), queryset=OrgUnit.objects.all(), method="filter_unit_tree"
    )

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        from .scope import units_visible_to

        if self.request is not None:
            self.filters["unit_tree"].queryset = units_visible_to(self.request.user)

    def filter_unit_tree(self, queryset, name, value):  # type: ignore[no-untyped-def]
        field = getattr(queryset.model, "scope_field", "unit")
        return queryset.filter(**{f"{field}__in_subtree": value.path})


class PersonFilter(UnitFilterMixin):
    name = django_filters.CharFilter(label=_("姓名"), lookup_expr="contains")

    class Meta:
        model = Person
        fields = ["name", "gender", "is_cadre"]
