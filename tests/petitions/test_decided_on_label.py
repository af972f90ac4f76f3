"""A matter's page names its decision date as the step that set it: a clerk
who entered 受理日期 2026-12-08 read 决定日期 2026-12-08 on the page, beside a
60-day clock 受理之日起 (found walking the demo as xinfang). An accepted matter
(and every stage after) says 受理日期; a matter not taken up (不予受理, 导入
法定程序) keeps 决定日期."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from lxml import html

from fazhi.petitions import workflow as wf

from .conftest import Leaders

pytestmark = pytest.mark.django_db


def _label_of(client: Any, pk: int, value: str) -> str:
    tree = html.fromstring(client.get(f"/petitions/{pk}/").content)
    dd = [d for d in tree.xpath("//dd") if d.text_content().strip().startswith(value)]
    assert dd, value
    return dd[0].getprevious().text_content().strip()


def test_the_decision_date_is_named_by_its_step(
    register: Any, leaders: Leaders, world: Any
) -> None:
    client = world.client(leaders.clerk)
    accepted = wf.accept(
        register(received_on=dt.date(2024, 9, 2)), by=leaders.clerk, on=dt.date(2024, 9, 3)
    )
    assert _label_of(client, accepted.pk, "2024-09-03") == "受理日期"
    declined = wf.decline(
        register(received_on=dt.date(2024, 9, 2)),
        by=leaders.clerk,
        on=dt.date(2024, 9, 4),
        competent_body="县人民法院",
        reason="属于诉讼事项",
    )
    assert _label_of(client, declined.pk, "2024-09-04") == "决定日期"
