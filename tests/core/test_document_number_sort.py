"""A ledger sorted by its number reads as a clerk counts (core.tables.DocumentNumberColumn):
湘源信〔2024〕2号 before 〔2024〕10号, the years in order, on every page and both ways.
As text the serial without leading zeros sorted 9, 8 … 4, 34, 33 … 30, 3, 29."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from fazhi.core import demo, listing

pytestmark = pytest.mark.django_db

NUMBER = re.compile(r">([^<>]*?〔\d{4}〕)(\d+)号</a>")


def _numbers(client: Client, url: str) -> list[tuple[str, int]]:
    """(issuer and year, serial) of each row's number, in the page's order."""
    html = client.get(url).content.decode()
    return [(head, int(serial)) for head, serial in NUMBER.findall(html)]


@pytest.mark.parametrize(
    ("user", "path"),
    [
        ("xinfang", "/petitions/"),
        ("sifasuo", "/mediation/disputes/"),
        ("sifasuo", "/mediation/cases/"),
        ("zhifa", "/enforcement/cases/"),
    ],
)
def test_a_ledger_sorted_by_number_counts_its_serials(
    user: str, path: str, monkeypatch: Any
) -> None:
    monkeypatch.setattr(listing.ScopedListView, "paginate_by", 4)
    world = demo.build()
    client = Client()
    client.force_login(world.users[user])
    for sort, reverse in (("number", False), ("-number", True)):
        shown: list[tuple[str, int]] = []
        page = 1
        # A page past the last shows the last again: read until one repeats.
        while (rows := _numbers(client, f"{path}?sort={sort}&page={page}")) and not set(rows) & set(
            shown
        ):
            shown += rows
            page += 1
        assert page > 3 and len(shown) >= 9, (path, shown)  # several pages of numbers
        # Each issuer-and-year's numbers together (in the database's order of
        # text, which is its collation's), their serials counted in order.
        heads = [head for head, _serial in shown]
        groups = [head for i, head in enumerate(heads) if i == 0 or heads[i - 1] != head]
        assert len(groups) == len(set(groups)), (path, sort, groups)
        for head in groups:
            serials = [serial for h, serial in shown if h == head]
            assert serials == sorted(serials, reverse=reverse), (path, sort, head, serials)
        # Within one year the years read in order too (the year is in the head).
        years = [head[-5:-1] for head in groups if head.startswith(groups[0][:-6])]
        assert years == sorted(years, reverse=reverse), (path, sort, groups)
