"""A petition's page on a phone (390 px), as a walk of the demo found it: the
petitioners' table squeezed a name to one character a line (李 / 建 / 华) and
the time limits broke a date at its hyphen (2025-01- / 13)."""

from __future__ import annotations

import re
from typing import Any

import pytest

from .conftest import Leaders

pytestmark = pytest.mark.django_db


def test_the_petitioners_table_scrolls_and_dates_stay_whole(
    register: Any, leaders: Leaders, world: Any
) -> None:
    p = register()
    html = world.client(leaders.clerk).get(f"/petitions/{p.pk}/").content.decode()
    # The table keeps each cell on one line and scrolls inside its own box.
    assert re.search(
        r'<div class="table-responsive"><table class="[^"]*text-nowrap[^"]*" '
        r'data-testid="petitioners">',
        html,
    )
    # Each time limit's line (start, due and done dates; its 计算说明 is
    # prose) and each stage change's date, whole.
    lines = re.findall(r'<div class="small">(.*?)</div>', html.split("办理时限", 1)[1])
    history = html.split('data-testid="stage-history"', 1)[1].split("</table>", 1)[0]
    for part in [*lines, history]:
        for day in re.findall(r"\d{4}-\d{2}-\d{2}", part):
            assert re.search(rf'(<span|<td) class="text-nowrap">{day}<', part), (day, part)
    assert lines and "text-nowrap" in history  # a registered petition runs its receipt notice
