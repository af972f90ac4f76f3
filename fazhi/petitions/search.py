"""What a petition contributes to the cross-module search (core.search):
its number, the petitioners' names (their ID and phone numbers only as blind
indexes), the subject, the facts, the requests and the handling notes; an
accusation its number and query code only."""

from __future__ import annotations

from typing import cast

from django.utils.translation import gettext_lazy as _

from fazhi.core import search
from fazhi.core.i18n import stored

from .models import Petition, Petitioner
from .queries import WITHHELD, needs_reason, petitioner_list, petitioners_listed

SEARCH_PEOPLE = "search_people"


def document(p: Petition) -> search.Document:
    if needs_reason(p):
        # An accusation (检举控告类) is found by its number and query code
        # only: its subject, facts and accusers are read on its page with a
        # reason, audited (《信访工作条例》第三十条), so a search for a
        # person's name or a phrase must not reveal who accused whom of what.
        return search.Document(
            # The index holds Chinese whoever writes it (core.i18n.stored).
            title=f"{p.number} {stored(cast(str, WITHHELD))}",
            unit=p.unit,
            extra_unit=p.responsible_unit,
            names=[],
            body=[],
            keys=[p.number, p.query_code],
            ids=[],
            phones=[],
        )
    people = petitioners_listed(p, SEARCH_PEOPLE)
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
        ).prefetch_related(
            # No address to decrypt.
            petitioner_list(SEARCH_PEOPLE, "name", "id_number", "phone")
        ),
        follows={Petitioner: lambda x: x.petition},
        order=10,
    )
