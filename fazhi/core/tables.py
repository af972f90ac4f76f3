from typing import Any

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from . import pii
from .models import Person


class PiiColumn(tables.Column):
    """A personal-data column: masked unless the viewing/exporting role may see it."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("orderable", False)
        super().__init__(*args, **kwargs)

    def render(self, value: Any, record: Any, table: Any = None, **kwargs: Any) -> str:
        user = getattr(getattr(table, "request", None), "user", None)
        return pii.display(record, str(self.accessor), user)

    def value(self, value: Any, record: Any, table: Any = None, **kwargs: Any) -> str:
        return self.render(value, record, table)


class PersonTable(tables.Table):
    name = tables.Column(linkify=True)
    unit = tables.Column(verbose_name=_("所属单位"), accessor="unit__name")
    id_number = PiiColumn(verbose_name=_("身份证号码"), accessor="id_number", empty_values=())
    phone = PiiColumn(verbose_name=_("联系电话"), accessor="phone", empty_values=())

    class Meta:
        model = Person
        fields = ("name", "gender", "ethnicity", "unit", "title", "id_number", "phone", "is_cadre")
        order_by = ("name",)
        attrs = {"class": "table table-sm table-hover align-middle"}
