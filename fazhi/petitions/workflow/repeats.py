"""Repeat detection (重复信访): earlier petitions of the same township that
are the same matter again, by the same person or in near-identical words."""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext_noop

from fazhi.core import rulesettings
from fazhi.core.fields import by_blind_index_in
from fazhi.core.i18n import stored

from .. import rules
from ..models import Petition, Petitioner
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
    matches: dict[int, RepeatMatch] = {}
    ids = [i for i in id_numbers if i]
    if ids:
        for other in (
            base.filter(**by_blind_index_in("id_number", ids, prefix="petitioners__"))
            .distinct()
            .only(*fields)
            .order_by("-received_on", "-pk")[:50]
        ):
            score = similarity(_matter(petition), _matter(other))
            matches[other.pk] = RepeatMatch(
                other,
                stored(
                    gettext_noop("同一信访人（身份证号码相同）：%(number)s"), number=other.number
                ),
                True,
                score,
            )
    since = petition.received_on - dt.timedelta(days=rules.REPEAT_LOOKBACK_DAYS)
    recent = base.filter(received_on__gte=since)
    ids_by_name: dict[str, set[str]] = {}
    for name, id_number in names:
        key = normalise(name)
        if key:
            ids_by_name.setdefault(key, set()).add(id_number)
    if ids_by_name:
        same_name = float(rulesettings.get(township, "petitions.repeat_similarity_same_name"))
        namesakes = (
            Petitioner.objects.filter(
                petition__in=recent.values("pk"), name__in=[n for n, _number in names]
            )
            .select_related("petition")
            .only("name", "id_number", *(f"petition__{f}" for f in fields))
            .order_by("-petition__received_on", "-petition__pk")[:100]
        )
        for person in namesakes:
            other = person.petition
            theirs = ids_by_name.get(normalise(person.name), set())
            # Two different ID numbers are two different people of one name.
            if other.pk in matches or (
                person.id_number and theirs and person.id_number not in theirs and "" not in theirs
            ):
                continue
            score = _same_subject(petition, other)
            if score >= same_name:
                matches[other.pk] = RepeatMatch(
                    other,
                    stored(
                        gettext_noop(
                            "同名信访人（%(name)s）反映相同事项（相似度%(similarity)s）：%(number)s"
                        ),
                        name=person.name,
                        similarity=f"{score:.0%}",
                        number=other.number,
                    ),
                    True,
                    score,
                )
    threshold = float(rulesettings.get(township, "petitions.repeat_similarity"))
    text = normalise(_matter(petition))
    candidates = recent.filter(category=petition.category).order_by("-received_on", "-pk")
    identified = bool(names) and all(id_number for _name, id_number in names)
    if identified:
        # Only matters with a petitioner of unknown identity can be the same person.
        candidates = candidates.filter(petitioners__id_number="").distinct()
    for other in candidates.only(*fields)[:300]:
        if other.pk in matches:
            continue
        matcher = difflib.SequenceMatcher(None, text, normalise(_matter(other)), autojunk=False)
        if matcher.real_quick_ratio() < threshold or matcher.quick_ratio() < threshold:
            continue
        score = matcher.ratio()
        if score >= threshold:
            matches[other.pk] = RepeatMatch(
                other,
                stored(
                    gettext_noop("事项相近（相似度%(similarity)s）：%(number)s"),
                    similarity=f"{score:.0%}",
                    number=other.number,
                ),
                False,
                score,
            )
    return sorted(
        matches.values(), key=lambda m: (m.petition.received_on, m.petition.pk), reverse=True
    )
