"""Every record form is drawn with Bootstrap's classes (core.forms.style_fields
from ScopedModelForm): a governance record's and a person's new page drew
bare widgets, and 关联规范性文件's drop-down, as wide as its longest
document, ran past a phone's screen (found walking the demo as sifasuo at
390×844: /governance/consultations/new/ 465 px wide)."""

from __future__ import annotations

import pytest
from lxml import html

from tests.factories import World

pytestmark = pytest.mark.django_db

PAGES = [
    "/governance/consultations/new/",
    "/governance/plans/new/",
    "/governance/proactive/new/",
    "/governance/rectifications/new/",
    "/people/new/",
    # Pages whose forms styled themselves already, unchanged.
    "/mediation/disputes/new/",
    "/petitions/outreach/new/",
]
EXPECTED = {"select": "form-select", "textarea": "form-control", "input": "form-control"}


@pytest.mark.parametrize("path", PAGES)
def test_a_record_forms_fields_carry_bootstraps_classes(world: World, path: str) -> None:
    response = world.client(world.owner).get(path)
    assert response.status_code == 200
    form = html.fromstring(response.content).xpath("//main//form[@method='post']")[-1]
    fields = form.xpath(
        ".//select|.//textarea|.//input[not(@type='hidden') and not(@type='checkbox')"
        " and not(@type='radio') and not(@type='file')]"
    )
    assert fields
    bare = [f.get("name") for f in fields if EXPECTED[f.tag] not in (f.get("class") or "").split()]
    assert not bare, (path, bare)
