"""core.collecting (issue 19): a server process moves the loaded application
out of the cyclic collector's sight once, raises the young generation's
threshold, and collects after each response is sent (the whole heap every
WHOLE_EVERY responses), never on a request's path."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.signals import request_finished

from fazhi.core import collecting

# request_finished also runs Django's own receivers (closing old connections).
pytestmark = pytest.mark.django_db


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[tuple[str, Any]]]:
    seen: list[tuple[str, Any]] = []
    monkeypatch.setattr(gc, "freeze", lambda: seen.append(("freeze", None)))
    monkeypatch.setattr(gc, "collect", lambda generation=2: seen.append(("collect", generation)))
    monkeypatch.setattr(gc, "set_threshold", lambda *t: seen.append(("threshold", t)))
    monkeypatch.setattr(collecting, "_served", 0)
    yield seen
    request_finished.disconnect(dispatch_uid="fazhi.core.collecting")


def test_loading_freezes_and_raises_the_young_threshold(calls: list[tuple[str, Any]]) -> None:
    collecting.after_loading()
    assert calls == [("collect", 2), ("freeze", None), ("threshold", (collecting.YOUNG, 10, 10))]


def test_each_response_collects_young_and_every_nth_the_whole_heap(
    calls: list[tuple[str, Any]],
) -> None:
    collecting.after_loading()
    calls.clear()
    for _ in range(collecting.WHOLE_EVERY):
        request_finished.send(sender=None)
    generations = [g for what, g in calls if what == "collect"]
    assert len(generations) == collecting.WHOLE_EVERY
    assert generations[:-1] == [1] * (collecting.WHOLE_EVERY - 1)
    assert generations[-1] == 2


def test_not_connected_unless_a_server_loaded_it(calls: list[tuple[str, Any]]) -> None:
    request_finished.send(sender=None)
    assert calls == []
    collecting.after_loading()  # the fixture's teardown disconnects it
