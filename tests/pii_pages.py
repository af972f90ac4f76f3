"""What every page holding personal data must do (issue 17, PIPL 第六条): no
full ID number, phone or address in the HTML for any role; the "显示" button
(core.templatetags.pii_tags) beside each value for a role that may see it in
full, none for the others. Shared by tests/<app>/test_pii_pages.py."""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any

from openpyxl import load_workbook

REVEAL = 'data-testid="reveal"'


def masked_page(client: Any, url: str, full: Iterable[str], *, reveal: bool) -> str:
    """The page at `url` (200) holds none of the `full` values, and the
    reveal button if and only if `reveal`."""
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.content.decode()
    for value in full:
        assert value and value not in html, (url, value)
    assert (REVEAL in html) is reveal, url
    return html


def reveal_urls(html: str) -> list[str]:
    """The reveal buttons' targets, in page order."""
    import re

    return re.findall(r'hx-post="(/pii/\d+/\d+/[a-z_]+/)"', html)


def export_cells(client: Any, url: str, reason: str = "办理需要") -> set[str]:
    """Every non-empty cell of the list's .xlsx export, given a reason."""
    sep = "&" if "?" in url else "?"
    response = client.get(f"{url}{sep}export=xlsx&reason={reason}")
    assert response.status_code == 200, response.content[:500]
    ws = load_workbook(io.BytesIO(response.content)).active
    return {str(c) for row in ws.iter_rows(values_only=True) for c in row if c not in (None, "")}


def reveal_with_reason(client: Any, url: str, reason: str = "verify") -> tuple[str, str]:
    """Post the button (answered by the reason form, nothing shown), then the
    form with `reason`: the first and second answers' text."""
    asked = client.post(url)
    assert asked.status_code == 200
    shown = client.post(url, {"reason_choice": reason, "reason_detail": ""})
    assert shown.status_code == 200
    return asked.content.decode(), shown.content.decode()
