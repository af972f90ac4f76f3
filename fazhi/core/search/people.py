"""What a person record contributes to the search: the name (ID and phone
numbers only as blind indexes). Core's own model, registered here; the
domain apps register theirs from their registry.py."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from ..models import Person
from .registry import Document, register


def document(p: Person) -> Document:
    return Document(
        title=p.name,
        unit=p.unit,
        names=[p.name],
        body=[getattr(p, "title", "") or ""],
        ids=[p.id_number],
        phones=[p.phone],
    )


register(
    Person,
    module="people",
    module_label=_("人员"),
    document=document,
    queryset=lambda: Person.objects.select_related("unit"),
    order=90,
)
