"""What an enforcement case contributes to the cross-module search
(core.search): case and decision numbers, the party (ID and phone numbers only
as blind indexes), the cause and the facts."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from fazhi.core import search

from .models import EnforcementCase


def document(c: EnforcementCase) -> search.Document:
    return search.Document(
        title=f"{c.number} {c.title}".strip(),
        unit=c.unit,
        names=[c.party_name],
        body=[c.facts, c.close_note],
        keys=[c.number, c.decision_number],
        ids=[c.id_number],
        phones=[c.phone],
    )


def register() -> None:
    search.register(
        EnforcementCase,
        module="enforcement",
        module_label=_("行政执法"),
        document=document,
        order=30,
    )
