"""What a petition contributes to the cross-module search (core.search):
its number, the petitioners' names (their ID and phone numbers only as blind
indexes), the subject, the facts, the requests and the handling notes."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from fazhi.core import search

from .models import Petition, Petitioner


def document(p: Petition) -> search.Document:
    people = list(p.petitioners.all())
    return search.Document(
        title=f"{p.number} {p.title}",
        unit=p.unit,
        extra_unit=p.responsible_unit,
        names=[x.name for x in people],
        body=[
            p.content,
            p.reply_request,
            p.reply_facts,
            p.decision_note,
            p.investigation,
            p.settlement,
            p.sending_ref,
        ],
        keys=[p.number, p.query_code, p.sending_ref],
        ids=[x.id_number for x in people],
        phones=[x.phone for x in people],
    )


def register() -> None:
    search.register(
        Petition,
        module="petitions",
        module_label=_("信访"),
        document=document,
        queryset=lambda: Petition.objects.select_related(
            "unit", "responsible_unit"
        ).prefetch_related("petitioners"),
        follows={Petitioner: lambda x: x.petition},
        order=10,
    )
