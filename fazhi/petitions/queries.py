"""Reads shared by pages, API, indicators and the benchmark; always from the user's scope."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import (
    Case,
    CharField,
    F,
    FilteredRelation,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from fazhi.core import clocks
from fazhi.core.dashboard import Figure, overdue_label, workload
from fazhi.core.models import Clock, ClockEvent, OrgUnit, Person, shown_provisional_year
from fazhi.core.workdays import due_soon_threshold

from . import rules
from .models import OPEN_STAGES, Category, Petition, Petitioner, ReceptionDuty
from .models import WITHHELD as WITHHELD  # shared with the API, the ledger and the search
from .workflow import leaders_of, township_of

CLOCK_STATE_CHOICES = [(key, label) for key, label in clocks.STATE_LABELS.items()]


def _soon(today: dt.date) -> dt.date:
    return due_soon_threshold(today, clocks.load_calendar(), clocks.due_soon_days())


def with_handling_clock(qs: QuerySet[Petition], today: dt.date) -> QuerySet[Petition]:
    """Join the 60-day handling clock (one LEFT JOIN) and add its due date and
    its state in SQL, so the ledger shows and sorts them without a query per row."""
    soon = _soon(today)
    qs = qs.annotate(
        hclock=FilteredRelation("clocks", condition=Q(clocks__kind=rules.CLOCK_HANDLING)),
    )
    running = Q(hclock__status=Clock.Status.RUNNING)
    stopped = Q(hclock__status=Clock.Status.STOPPED)
    return qs.annotate(
        handling_due=F("hclock__due_date"),
        handling_due_provisional=shown_provisional_year("hclock"),
        handling_state=Case(
            When(hclock__status=Clock.Status.PAUSED, then=Value("paused")),
            When(running & Q(hclock__due_date__lt=today), then=Value("overdue")),
            When(running & Q(hclock__due_date__lte=soon), then=Value("due_soon")),
            When(running, then=Value("on_time")),
            When(
                stopped & Q(hclock__stopped_on__gt=F("hclock__due_date")), then=Value("done_late")
            ),
            When(stopped, then=Value("done_on_time")),
            default=Value(""),
            output_field=CharField(),
        ),
    )


def ledger(user: Any, today: dt.date) -> QuerySet[Petition]:
    """The petition ledger a user may see, with everything the list shows."""
    qs = (
        Petition.objects.visible_to(user)
        .select_related("unit", "responsible_unit", "owner_leader", "handler__person")
        .prefetch_related("petitioners")
    )
    return with_handling_clock(qs, today)


def ledger_counted(user: Any) -> QuerySet[Petition]:
    """The ledger's rows to count: `ledger_rows` without the handling clock's
    join and the people it loads. A petition has one handling clock at most,
    so the LEFT JOIN never changes the count, but PostgreSQL still made it
    (13 ms against 1.5 ms for a township at 10^5 petitions); no filter needs
    it (`in_clock_state` is a subquery of its own)."""
    return Petition.objects.visible_to(user)


# What a ledger row reads of a petition and of the records it shows:
# PetitionTable's columns, the record's link (its pk) and whether it is an
# accusation (`needs_reason`). The 44 other columns of a petition (its content,
# the investigation, the reply...), 8 of its responsible unit's and 11 of its
# leader's were read, decoded and set on every row's instances, and never shown
# (docs/performance.md, "The ledger's fixed cost again").
LEDGER_FIELDS = (
    "number",
    "received_on",
    "channel",
    "category",
    "title",
    "stage",
    "is_repeat",
    "responsible_unit__name",
    "owner_leader__name",
)
# The attribute holding a ledger row's petitioners (`ledger_rows`).
LEDGER_PETITIONERS = "ledger_petitioners"


def petitioner_list(to_attr: str, *fields: str) -> Prefetch:
    """A petition's petitioners prefetched as a plain list on `to_attr`,
    reading `fields` of each (and the keys that tie them to it). Django's
    prefetch otherwise builds a related manager and a filtered queryset for
    every petition to hold the same rows (a fifth of re-indexing an imported
    ledger), and decrypts every personal field (core.fields) whether shown
    or not. The ledger's rows and the search index read them so."""
    return Prefetch(
        "petitioners",
        queryset=Petitioner.objects.only("petition_id", *fields),
        to_attr=to_attr,
    )


def petitioners_listed(petition: Petition, to_attr: str) -> list[Petitioner]:
    """The list `petitioner_list(to_attr, ...)` put on a petition, else its
    petitioners read in full (a petition loaded without it)."""
    people = getattr(petition, to_attr, None)
    return list(petition.petitioners.all()) if people is None else people


def ledger_rows(user: Any, today: dt.date) -> QuerySet[Petition]:
    """The ledger page's and its export's rows: what PetitionTable shows and
    no more. The people on a row carry personal data encrypted at rest
    (core.fields), decrypted as each row loads: of the petitioners only the
    name and ID number are shown, of the leader only the name, and the
    handler and the unit not at all (a county's 10^4-row export decrypted
    three fields for every petitioner and every leader; docs/performance.md,
    "The export and the ledger page")."""
    qs = (
        Petition.objects.visible_to(user)
        .select_related("responsible_unit", "owner_leader")
        .only(*LEDGER_FIELDS)
        .prefetch_related(petitioner_list(LEDGER_PETITIONERS, "name", "id_number"))
    )
    return with_handling_clock(qs, today)


def in_clock_state(
    qs: QuerySet[Petition],
    state: str,
    today: dt.date,
    user: Any = None,
    *,
    own_work: bool = False,
) -> QuerySet[Petition]:
    """Petitions with any of their statutory clocks in `state` (only the
    clocks in `user`'s scope are looked at; with `own_work`, only those of
    their work, core.clocks.in_work_of)."""
    return qs.filter(
        pk__in=clocks.holders_in_state(
            Petition, state, today, kinds=rules.CLOCK_KINDS, user=user, own_work=own_work
        )
    )


@dataclass
class ClockView:
    clock: Clock
    state: str
    state_label: str
    events: list[ClockEvent]


def clock_views(petition: Petition, today: dt.date) -> list[ClockView]:
    """Each clock of a matter with its state and its events (the steps are stored on the clock)."""
    rows = list(clocks.clocks_for(petition).prefetch_related("events"))
    if not rows:
        return []
    calendar = clocks.load_calendar()
    out = []
    for c in rows:
        state = clocks.state(c, today, calendar)
        out.append(ClockView(c, state, str(clocks.STATE_LABELS[state]), list(c.events.all())))
    return out


def leader_people(unit: OrgUnit) -> list[Person]:
    return [m.person for m in leaders_of(township_of(unit))]


def key_cases_of(user: Any, person: Person, today: dt.date) -> QuerySet[Petition]:
    return (
        ledger(user, today)
        .filter(owner_leader=person, is_key_case=True)
        .order_by("-received_on", "-pk")
    )


def key_cases_open(user: Any, today: dt.date) -> QuerySet[Petition]:
    """Key cases (领导包案) in the user's scope still in progress, whatever
    year they were received in: the leaders' dashboard's card, by owning leader."""
    return (
        Petition.objects.visible_to(user)
        .filter(is_key_case=True, stage__in=OPEN_STAGES)
        .select_related("owner_leader", "unit")
        .order_by("received_on", "pk")
    )


def public_rota(since: dt.date) -> QuerySet[ReceptionDuty]:
    """Published reception days from `since` on (public site: names and posts
    of leaders are public; nothing about petitioners)."""
    return (
        ReceptionDuty.objects.filter(published=True, date__gte=since)
        .select_related("leader", "unit")
        .order_by("date", "slot", "pk")
    )


def dashboard_panel(user: Any, today: dt.date) -> list[Figure]:
    """Home page (core.dashboard): matters in progress in the user's scope,
    the petitions past a statutory time limit (as the leaders' dashboard
    counts them: a petition's clocks in any stage), and the user's own
    (handled by them, or key cases they own as leader) in progress and those
    of them overdue. Two aggregate queries."""
    mine = Q(handler_id=user.pk)
    if getattr(user, "person_id", None):
        mine |= Q(owner_leader_id=user.person_id, is_key_case=True)
    url = reverse("petitions:list")
    return workload(
        Petition.objects.visible_to(user),
        active=Q(stage__in=OPEN_STAGES),
        overdue=Q(
            pk__in=clocks.holders_in_state(
                Petition, "overdue", today, kinds=rules.CLOCK_KINDS, user=user
            )
        ),
        mine=mine,
        overdue_matters=clocks.overdue_matters(user, today, "petitions", "petition"),
        labels=(_("办理中的信访事项"), overdue_label(user), _("我承办/包案的"), _("其中已超期")),
        url=url,
        overdue_url=f"{url}?clock_state=overdue{clocks.own_work_query(user)}",
    )


def needs_reason(petition: Petition) -> bool:
    """An accusation (检举控告类) is read only with a reason, audited
    (《信访工作条例》第三十条 keeps it from the accused; PIPL 第六条)."""
    return petition.category == Category.ACCUSATION
