"""An empty list reads as a word, not as Python's None (found walking the
English pages): 无 under an empty list is translated in its context
(空列表 → "(none)"), and no catalogue entry is a bare None, True or False."""

from __future__ import annotations

from pathlib import Path

import polib

from tests.core.test_i18n import _english, _visible_texts
from tests.factories import World
from tests.sweep.checks import PY_WORDS

PO = Path(__file__).resolve().parents[2] / "fazhi/locale/en/LC_MESSAGES/django.po"


def test_no_translation_is_a_python_word() -> None:
    bare = [
        (e.msgctxt, e.msgid, e.msgstr)
        for e in polib.pofile(str(PO))
        if e.msgstr.strip().strip(".") in {"None", "True", "False"}
    ]
    assert not bare, bare


def test_empty_lists_on_the_home_page_in_english(world: World) -> None:
    """A new clerk's home page: nothing overdue, nothing due, no reminders."""
    texts = _visible_texts(_english(world.client(world.owner)).get("/").content)
    assert not [t for t in texts if PY_WORDS.search(t)], texts
    assert texts.count("(none)") == 3, texts
