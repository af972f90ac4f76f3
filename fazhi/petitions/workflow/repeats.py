"""Repeat detection (重复信访): earlier petitions of the same township that
are the same matter again, by the same person or in near-identical words."""

from __future__ import annotations

import bisect
import datetime as dt
import difflib
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_noop

from fazhi.core import rulesettings
from fazhi.core.fields import by_blind_index_in
from fazhi.core.i18n import stored
from fazhi.core.models import OrgUnit

from .. import rules
from ..models import Petition, Petitioner, Stage
from ._common import township_of


@dataclass
class RepeatMatch:
    petition: Petition
    reason: str
    same_person: bool
    similarity: float


_SPACE = re.compile(r"[\s，。、；：,.;:!！?？“”\"'‘’（）()《》【】\[\]—\-…·]+")


def normalise(text: str) -> str:
    """The matter text as compared: full-width letters and digits folded
    (NFKC), spaces and punctuation dropped, so retyping a matter with other
    punctuation or a stray space does not make it a different matter."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", text or "")).lower()


def similarity(a: str, b: str) -> float:
    """difflib's ratio (2·matches / total length) of the normalised texts: 1.0
    for the same text, high when one is the other with a few characters
    changed, added or dropped. Chinese has no word boundaries, so characters
    are compared, in order (unlike an n-gram set, the order of the words counts)."""
    return difflib.SequenceMatcher(None, normalise(a), normalise(b), autojunk=False).ratio()


def _matter(p: Petition) -> str:
    return p.title + p.content


def _same_subject(new: Petition, other: Petition) -> float:
    """How alike two matters of the same named petitioner are: the subject
    line (信访事由) or the whole matter, whichever is closer (a clerk retypes
    the content in other words but names the subject the same way)."""
    return max(similarity(new.title, other.title), similarity(_matter(new), _matter(other)))


def find_repeats(
    petition: Petition,
    id_numbers: Sequence[str],
    names: Sequence[tuple[str, str]] = (),
) -> list[RepeatMatch]:
    """Earlier petitions (open or closed, the same day included) of the same
    township that are the same matter again, newest first:

    - by the same petitioner: the same ID number, whatever the matter;
    - by a petitioner of the same name (no ID number, or the same one) on a
      near-identical subject: `_same_subject` at least the setting
      `petitions.repeat_similarity_same_name`;
    - on a near-identical matter of the same category where the two cannot
      be told apart as different people (one side has a petitioner without
      an ID number: an unsigned letter, a call): the whole matter's
      `similarity` at least `petitions.repeat_similarity` (a stricter
      threshold, the person being unknown). Two identified people with
      different ID numbers on the same kind of matter (neighbours each asking
      for a bus line) are two petitions, not a repeat (重复信访 is the same
      person coming back).

    `names` are the new petitioners' (name, ID number). The lookback for the
    last two is `rules.REPEAT_LOOKBACK_DAYS`. The thresholds are township
    settings: no law fixes them (LAW.md gives none)."""
    township = township_of(petition.unit)
    base = (
        Petition.objects.in_unit(township)
        .exclude(pk=petition.pk)
        .filter(received_on__lte=petition.received_on)
    )
    fields = ("id", "number", "title", "content", "stage", "received_on")
    ids = [i for i in id_numbers if i]
    same_id: list[Petition] = []
    if ids:
        same_id = list(
            base.filter(**by_blind_index_in("id_number", ids, prefix="petitioners__"))
            .distinct()
            .only(*fields)
            .order_by("-received_on", "-pk")[:ID_LIMIT]
        )
    since = petition.received_on - dt.timedelta(days=rules.REPEAT_LOOKBACK_DAYS)
    recent = base.filter(received_on__gte=since)
    namesakes: list[tuple[str, str, Petition]] = []
    if any(normalise(name) for name, _number in names):
        namesakes = [
            (person.name, person.id_number, person.petition)
            for person in Petitioner.objects.filter(
                petition__in=recent.values("pk"), name__in=[n for n, _number in names]
            )
            .select_related("petition")
            .only("name", "id_number", *(f"petition__{f}" for f in fields))
            .order_by("-petition__received_on", "-petition__pk")[:NAMESAKE_LIMIT]
        ]
    candidates = recent.filter(category=petition.category).order_by("-received_on", "-pk")
    if identified(names):
        # Only matters with a petitioner of unknown identity can be the same person.
        candidates = candidates.filter(petitioners__id_number="").distinct()
    return score_repeats(
        petition,
        names,
        same_id,
        namesakes,
        lambda: candidates.only(*fields)[:CANDIDATE_LIMIT],
        thresholds(township),
        key=lambda p: (p.received_on, p.pk),
    )


# How many earlier matters each of the three look-ups compares, newest first.
ID_LIMIT, NAMESAKE_LIMIT, CANDIDATE_LIMIT = 50, 100, 300


def identified(names: Sequence[tuple[str, str]]) -> bool:
    """Every new petitioner has an ID number (then only earlier matters with
    a petitioner of unknown identity can be the same person's)."""
    return bool(names) and all(id_number for _name, id_number in names)


def thresholds(township: OrgUnit) -> tuple[float, float]:
    """(same-name threshold, anyone's threshold): township settings."""
    return (
        float(rulesettings.get(township, "petitions.repeat_similarity_same_name")),
        float(rulesettings.get(township, "petitions.repeat_similarity")),
    )


def score_repeats(
    petition: Any,
    names: Sequence[tuple[str, str]],
    same_id: Iterable[Any],
    namesakes: Iterable[tuple[str, str, Any]],
    candidates: Callable[[], Iterable[Any]],
    limits: tuple[float, float],
    *,
    key: Callable[[Any], Any],
) -> list[RepeatMatch]:
    """The rule of `find_repeats` over matters already found (newest first):
    `same_id` by an ID number, `namesakes` as (name, ID number, matter) of
    the petitioners of the same names in the lookback, `candidates` (read
    only when needed) of the same category in the lookback. Pure: the step
    reads them from the database, the ledger's `register_many` from what it
    read once for its batch and its own earlier rows. `key` orders and
    identifies a matter (received date, then the order it was registered)."""
    same_name, threshold = limits
    matches: dict[Any, RepeatMatch] = {}
    for other in same_id:
        score = similarity(_matter(petition), _matter(other))
        matches[key(other)] = RepeatMatch(
            other,
            stored(gettext_noop("同一信访人（身份证号码相同）：%(number)s"), number=other.number),
            True,
            score,
        )
    ids_by_name: dict[str, set[str]] = {}
    for name, id_number in names:
        name_key = normalise(name)
        if name_key:
            ids_by_name.setdefault(name_key, set()).add(id_number)
    if ids_by_name:
        for name, id_number, other in namesakes:
            theirs = ids_by_name.get(normalise(name), set())
            # Two different ID numbers are two different people of one name.
            if key(other) in matches or (
                id_number and theirs and id_number not in theirs and "" not in theirs
            ):
                continue
            score = _same_subject(petition, other)
            if score >= same_name:
                matches[key(other)] = RepeatMatch(
                    other,
                    stored(
                        gettext_noop(
                            "同名信访人（%(name)s）反映相同事项（相似度%(similarity)s）：%(number)s"
                        ),
                        name=name,
                        similarity=f"{score:.0%}",
                        number=other.number,
                    ),
                    True,
                    score,
                )
    text = normalise(_matter(petition))
    for other in candidates():
        if key(other) in matches:
            continue
        matcher = difflib.SequenceMatcher(None, text, normalise(_matter(other)), autojunk=False)
        if matcher.real_quick_ratio() < threshold or matcher.quick_ratio() < threshold:
            continue
        score = matcher.ratio()
        if score >= threshold:
            matches[key(other)] = RepeatMatch(
                other,
                stored(
                    gettext_noop("事项相近（相似度%(similarity)s）：%(number)s"),
                    similarity=f"{score:.0%}",
                    number=other.number,
                ),
                False,
                score,
            )
    return [matches[k] for k in sorted(matches, reverse=True)]


def repeat_fields(repeats: Sequence[RepeatMatch]) -> dict[str, Any]:
    """What a new matter records of its repeats (the newest first): the
    flag, the matter it repeats, why, and whether one of them was closed by
    a re-review (第三十六条第三款)."""
    first = repeats[0]
    return {
        "is_repeat": True,
        "repeat_of": first.petition,
        "repeat_reason": "；".join(m.reason for m in repeats[:3])[:200],
        "after_final": any(
            m.petition.stage == Stage.FINAL and (not m.same_person or m.similarity >= 0.5)
            for m in repeats
        ),
    }


# (received day, order registered, matter): sorted, newest last.
_Entry = tuple[int, int, Any]


class RepeatPool:
    """A township's earlier matters for the repeat detection of a batch (a
    ledger import's `register_many`): read once — those of the petitioners'
    ID numbers, and those received in the lookback before the batch's
    dates — and the batch's own matters added as they are registered, so
    each matter is compared, by `score_repeats`, with exactly what
    `find_repeats` would have found in the database had the batch been
    registered row by row (newest first, the same limits)."""

    def __init__(
        self, township: OrgUnit, first: dt.date, last: dt.date, id_numbers: Iterable[str]
    ) -> None:
        self.township = township
        self.limits = thresholds(township)
        self._order: dict[int, int] = {}  # id(matter) -> the order it was registered in
        self._next = 10**15  # after every id the database has given
        self._by_id: dict[str, list[_Entry]] = {}
        self._by_name: dict[str, list[tuple[int, int, int, str, str, Any]]] = {}
        self._by_category: dict[str, list[_Entry]] = {}
        self._unknown: dict[str, list[_Entry]] = {}  # with a petitioner without an ID number
        base = Petition.objects.in_unit(township).filter(received_on__lte=last)
        ids = sorted({i for i in id_numbers if i})
        same_id: set[int] = set()
        for start in range(0, len(ids), 500):
            same_id |= set(
                Petitioner.objects.filter(
                    petition__in=base.values("pk"),
                    **by_blind_index_in("id_number", ids[start : start + 500]),
                ).values_list("petition_id", flat=True)
            )
        since = first - dt.timedelta(days=rules.REPEAT_LOOKBACK_DAYS)
        found = base.filter(Q(received_on__gte=since) | Q(pk__in=same_id))
        petitions = {
            p.pk: p
            for p in found.only(
                "id", "number", "title", "content", "stage", "received_on", "category"
            )
        }
        people: dict[int, list[tuple[str, str]]] = {}
        for row in (
            Petitioner.objects.filter(petition__in=found.values("pk"))
            .only("petition_id", "name", "id_number")
            .order_by("pk")
        ):
            people.setdefault(row.petition_id, []).append((row.name, row.id_number))
        for pk in sorted(petitions):
            self._put(petitions[pk], pk, people.get(pk, []))

    def _key(self, matter: Any) -> tuple[dt.date, int]:
        return (matter.received_on, self._order[id(matter)])

    def _put(self, matter: Any, order: int, names: Sequence[tuple[str, str]]) -> None:
        self._order[id(matter)] = order
        day = matter.received_on.toordinal()
        entry = (day, order, matter)
        for _name, number in names:
            if number:
                bisect.insort(self._by_id.setdefault(number, []), entry)
        for seq, (name, number) in enumerate(names):
            bisect.insort(
                self._by_name.setdefault(name, []), (day, order, seq, name, number, matter)
            )
        bisect.insort(self._by_category.setdefault(matter.category, []), entry)
        if any(not number for _name, number in names):
            bisect.insort(self._unknown.setdefault(matter.category, []), entry)

    def add(self, matter: Any, names: Sequence[tuple[str, str]]) -> None:
        """A matter of the batch, registered after all before it."""
        self._next += 1
        self._put(matter, self._next, names)

    def match(self, matter: Any, names: Sequence[tuple[str, str]]) -> list[RepeatMatch]:
        """`find_repeats` for a new matter (not yet added) of petitioners `names`."""
        day = matter.received_on.toordinal()
        since = day - rules.REPEAT_LOOKBACK_DAYS
        top = (day, float("inf"))
        same: dict[int, tuple[int, int, Any]] = {}
        for number in {n for _name, n in names if n}:
            rows = self._by_id.get(number, [])
            for entry in rows[: bisect.bisect_right(rows, top)]:
                same[entry[1]] = entry
        same_id = [e[2] for e in sorted(same.values(), reverse=True)[:ID_LIMIT]]
        namesakes: list[tuple[int, int, int, str, str, Any]] = []
        if any(normalise(name) for name, _number in names):
            for name in {n for n, _number in names}:
                people = self._by_name.get(name, [])
                lo = bisect.bisect_left(people, (since,))
                namesakes += people[lo : bisect.bisect_right(people, top)]
            # Newest first; a matter's petitioners of one name in their order.
            namesakes.sort(key=lambda r: (-r[0], -r[1]))
        pool = (self._unknown if identified(names) else self._by_category).get(matter.category, [])

        def candidates() -> list[Any]:
            lo = bisect.bisect_left(pool, (since,))
            hi = bisect.bisect_right(pool, top)
            return [e[2] for e in reversed(pool[max(lo, hi - CANDIDATE_LIMIT) : hi])]

        return score_repeats(
            matter,
            names,
            same_id,
            [(r[3], r[4], r[5]) for r in namesakes[:NAMESAKE_LIMIT]],
            candidates,
            self.limits,
            key=self._key,
        )
