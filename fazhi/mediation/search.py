"""What disputes and mediation cases contribute to the cross-module search
(core.search): the parties' names (ID and phone numbers only as blind
indexes), the facts and the agreement."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from fazhi.core import search
from fazhi.core.models import Person

from .models import Agreement, Dispute, DisputeParty, MediationCase


def _parties(dispute: Dispute) -> list:
    return [party.person for party in dispute.parties.all()]


def dispute_document(d: Dispute) -> search.Document:
    people = _parties(d)
    return search.Document(
        title=f"{d.number} {d.title}".strip(),
        unit=d.unit,
        names=[p.name for p in people],
        body=[d.facts, d.risk_reason, d.outcome_note],
        keys=[d.number],
        ids=[p.id_number for p in people],
        phones=[p.phone for p in people],
    )


def case_document(c: MediationCase) -> search.Document:
    people = _parties(c.dispute)
    agreement = getattr(c, "agreement", None)
    body = [c.dispute.title, c.request, c.dispute.facts]
    keys = [c.number]
    if agreement is not None:
        body += [agreement.facts, agreement.issues, agreement.responsibilities, agreement.terms]
        keys.append(agreement.number)
    return search.Document(
        title=f"{c.number} {c.dispute.title}".strip(),
        unit=c.unit,
        names=[p.name for p in people] + ([c.applicant] if c.applicant else []),
        body=body,
        keys=keys,
        ids=[p.id_number for p in people],
        phones=[p.phone for p in people],
    )


def _case_of_agreement(a: Agreement) -> MediationCase:
    return a.case


# A case's entry shows its dispute's title, facts and parties (case_document):
# an edit of the dispute, of a party row, or of a party's own record (a phone
# corrected on the person's page, `manage.py renormalise_phones`) re-indexes
# the cases too, as it does the dispute.


def _cases_of_dispute(d: Dispute) -> Any:
    return d.cases.all()


def _cases_of_party(party: DisputeParty) -> Any:
    return MediationCase.objects.filter(dispute_id=party.dispute_id)


def _disputes_of_person(person: Person) -> Any:
    return Dispute.objects.filter(parties__person=person).distinct()


def _cases_of_person(person: Person) -> Any:
    return MediationCase.objects.filter(dispute__parties__person=person).distinct()


def register() -> None:
    search.register(
        Dispute,
        module="mediation",
        module_label=_("矛盾纠纷调处"),
        document=dispute_document,
        queryset=lambda: Dispute.objects.select_related("unit").prefetch_related("parties__person"),
        follows={DisputeParty: lambda x: x.dispute, Person: _disputes_of_person},
        order=20,
    )
    search.register(
        MediationCase,
        module="mediation",
        module_label=_("矛盾纠纷调处"),
        document=case_document,
        queryset=lambda: MediationCase.objects.select_related(
            "unit", "dispute", "agreement"
        ).prefetch_related("dispute__parties__person"),
        follows={
            Agreement: _case_of_agreement,
            Dispute: _cases_of_dispute,
            DisputeParty: _cases_of_party,
            Person: _cases_of_person,
        },
        order=21,
    )
