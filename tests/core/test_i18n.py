"""The English catalogue: complete, compiled, and used by the pages.

Chinese is the default language; the language switch (/i18n/setlang/, the
`django_language` cookie) must turn every marked string of a page into English.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.test import Client
from django.utils import translation
from lxml import html

from tests.factories import World

PO = Path(__file__).resolve().parents[2] / "fazhi" / "locale" / "en" / "LC_MESSAGES" / "django.po"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


def _catalogue() -> polib.POFile:
    return polib.pofile(str(PO))


def test_every_entry_has_an_english_translation() -> None:
    catalogue = _catalogue()
    missing = [e.msgid for e in catalogue.untranslated_entries() + catalogue.fuzzy_entries()]
    assert not missing, f"{len(missing)} strings have no English entry, e.g. {missing[:5]}"


def test_translations_keep_their_placeholders() -> None:
    """A dropped %(name)s would raise KeyError or lose a figure at render time."""
    wrong = [
        (e.msgid, e.msgstr)
        for e in _catalogue()
        if e.msgstr
        and sorted(PLACEHOLDER.findall(e.msgid)) != sorted(PLACEHOLDER.findall(e.msgstr))
    ]
    assert not wrong, wrong[:5]


def test_compiled_catalogue_is_used() -> None:
    with translation.override("en"):
        assert translation.gettext("信访台账") == "Petition ledger"
        assert translation.gettext("矛盾纠纷台账") == "Dispute ledger"
    with translation.override("zh-hans"):
        assert translation.gettext("信访台账") == "信访台账"


def _visible_texts(content: bytes) -> list[str]:
    tree = html.fromstring(content)
    for node in tree.xpath("//script|//style"):
        node.drop_tree()
    return [t.strip() for t in tree.itertext() if t.strip()]


@pytest.mark.parametrize("url", ["/", "/petitions/", "/enforcement/cases/", "/mediation/disputes/"])
def test_pages_switch_to_english(world: World, url: str) -> None:
    """Every text node that is a catalogue entry is shown in English, and the
    page declares its language; Chinese stays the default."""
    msgids = {e.msgid for e in _catalogue() if len(e.msgid) > 1 and "%" not in e.msgid}
    client = Client()
    client.force_login(world.colleague)

    chinese = client.get(url)
    assert chinese.status_code == 200
    assert b'<html lang="zh-hans">' in chinese.content
    assert msgids & set(_visible_texts(chinese.content)), "the default page should be Chinese"

    client.cookies["django_language"] = "en"
    english = client.get(url)
    assert english.status_code == 200
    assert b'<html lang="en">' in english.content
    untranslated = msgids & set(_visible_texts(english.content))
    assert not untranslated, f"{url} shows untranslated strings: {sorted(untranslated)[:10]}"


@pytest.mark.skipif(
    shutil.which("xgettext") is None and not os.environ.get("CI"),
    reason="GNU gettext (xgettext) is not installed",
)
def test_catalogue_is_current(tmp_path: Path) -> None:
    """`makemessages` over the code finds no string the catalogue lacks: a new
    `_()` or `{% translate %}` without an English entry fails here. Runs on a copy
    of the tree so the checked-in catalogue is never touched."""
    root = PO.parents[4]
    copy = tmp_path / "repo"
    shutil.copytree(
        root / "fazhi",
        copy / "fazhi",
        ignore=shutil.ignore_patterns("vendor", "__pycache__", "*.mo"),
    )
    shutil.copy(root / "manage.py", copy / "manage.py")
    env = {**os.environ, "PYTHONPATH": str(copy), "DJANGO_SETTINGS_MODULE": "fazhi.settings"}
    env.pop("DATABASE_URL", None)
    subprocess.run(
        [
            sys.executable,
            str(copy / "manage.py"),
            "makemessages",
            "-l",
            "en",
            "--no-obsolete",
            "--no-location",
            "--ignore",
            "static/vendor/*",
        ],
        cwd=copy / "fazhi",
        env=env,
        check=True,
        capture_output=True,
    )
    fresh = polib.pofile(str(copy / "fazhi" / "locale" / "en" / "LC_MESSAGES" / "django.po"))
    known = {e.msgid for e in _catalogue() if e.translated()}
    missing = sorted(e.msgid for e in fresh if e.msgid not in known)
    assert not missing, (
        f"{len(missing)} strings in the code have no English entry; run `make messages` "
        f"and translate them in fazhi/locale/en/LC_MESSAGES/django.po: {missing[:10]}"
    )


def test_chinese_stays_the_default_whatever_the_browser_asks(world: World) -> None:
    """Only the language switch (its cookie) changes the language, not the
    browser's Accept-Language."""
    client = Client(HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    client.force_login(world.colleague)
    assert b'<html lang="zh-hans">' in client.get("/").content
    switched = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert switched.status_code == 302
    assert b'<html lang="en">' in client.get("/").content
    client.cookies["django_language"] = "xx"
    assert b'<html lang="zh-hans">' in client.get("/").content
