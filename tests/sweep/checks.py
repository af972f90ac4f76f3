"""What no page, export or generated document may show a person.

Shared by the render sweep (tests/sweep/test_render_sweep.py) and the browser
journeys (tests/browser/): each `problems_in_*` function takes what a user
receives and returns a list of readable problems (empty when clean).

Checked, on visible text only (text nodes outside <script>/<style>/<template>,
option labels included, attribute values not, except for template syntax):
- template syntax: ``{#``, ``{%``, ``{{`` (a comment or tag the template engine
  did not consume, in text or in an attribute value);
- internal markers meant for developers: ``[S]``, ``[C]``, ``UNCONFIRMED``, ``LAW.md``;
- Python's ``None``, ``True``, ``False`` as words;
- a raw value of a model field's choices where its label differs
  (``applied`` instead of 已申请): flagged when it is a whole text node, a whole
  table cell, or one side of ``→`` / ``:`` in a text node. Only values that
  contain an ASCII letter and are no label of any choice count, so digits and
  words that are also labels never give a false alarm.
"""

from __future__ import annotations

import functools
import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from typing import Any

from lxml import html as lxml_html

TEMPLATE_SYNTAX = ("{#", "{%", "{{")
MARKERS = ("[S]", "[C]", "UNCONFIRMED", "LAW.md")
PY_WORDS = re.compile(r"(?<![A-Za-z_])(None|True|False)(?![A-Za-z_])")
# A text node is split on these to find a raw code on one side of a history
# line ("applied → accepted", "stage : clue").
SEPARATORS = re.compile(r"\s*(?:→|->|⇒|:|：|=)\s*")
INVISIBLE = {"script", "style", "template", "noscript"}
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@functools.cache
def raw_choice_values() -> dict[str, str]:
    """Every model field's choice value that differs from its label → "model.field 'label'"."""
    from django.apps import apps

    values: dict[str, str] = {}
    labels: set[str] = set()
    for model in apps.get_models():
        for field in model._meta.get_fields():
            choices = getattr(field, "flatchoices", None)
            if not choices:
                continue
            for value, label in choices:
                labels.add(str(label))
                code = str(value)
                if code == str(label) or not re.search(r"[A-Za-z]", code):
                    continue
                values.setdefault(code, f"{model._meta.label}.{field.name} “{label}”")
    return {code: where for code, where in values.items() if code not in labels}


def visible_text_nodes(root: Any) -> Iterator[tuple[Any, str]]:
    """(element, text) for every visible text node below root, in document order."""
    for element in root.iter():
        if not isinstance(element.tag, str):  # comments, processing instructions
            parent = element.getparent()
            if element.tail and parent is not None and not _hidden(parent):
                yield parent, element.tail
            continue
        if _hidden(element):
            continue
        if element.text:
            yield element, element.text
        parent = element.getparent()
        if element.tail and parent is not None and not _hidden(parent):
            yield parent, element.tail


def _hidden(element: Any) -> bool:
    while element is not None:
        if isinstance(element.tag, str) and element.tag.lower() in INVISIBLE:
            return True
        element = element.getparent()
    return False


def problems_in_text(texts: Iterable[str], where: str = "") -> list[str]:
    """Markers, template syntax and Python words in texts a person reads."""
    found: list[str] = []
    for text in texts:
        for token in TEMPLATE_SYNTAX:
            if token in text:
                found.append(f"{where}template syntax {token!r} in {_clip(text)!r}")
        for marker in MARKERS:
            if marker in text:
                found.append(f"{where}internal marker {marker!r} in {_clip(text)!r}")
        match = PY_WORDS.search(text)
        if match:
            found.append(f"{where}Python {match.group(1)!r} shown in {_clip(text)!r}")
    return found


def raw_codes_in(text: str, whole_cell: bool = False) -> list[str]:
    """Raw choice values in one text node (or one whole cell)."""
    codes = raw_choice_values()
    text = text.strip()
    if not text:
        return []
    if text in codes:
        return [f"raw code {text!r} (label of {codes[text]}) shown as text"]
    if whole_cell:
        return []
    found = []
    parts = SEPARATORS.split(text)
    if len(parts) > 1:
        for part in parts:
            part = part.strip()
            if part in codes:
                found.append(f"raw code {part!r} (label of {codes[part]}) in {_clip(text)!r}")
    return found


def problems_in_html(content: str | bytes) -> list[str]:
    if isinstance(content, bytes):
        content = content.decode("utf-8", errors="replace")
    if not content.strip():
        return []
    root = lxml_html.fromstring(content)
    texts: list[str] = []
    found: list[str] = []
    for element, text in visible_text_nodes(root):
        texts.append(text)
        found.extend(raw_codes_in(text))
    # A whole table cell (its text nodes together) holding a code.
    for cell in root.iter("td", "th", "dd", "option"):
        if _hidden(cell):
            continue
        whole = " ".join(t.strip() for t in cell.itertext() if t.strip())
        found.extend(raw_codes_in(whole, whole_cell=True))
    found.extend(problems_in_text(texts))
    # Template syntax left in an attribute value (value="{{ x }}").
    for element in root.iter():
        if not isinstance(element.tag, str) or _hidden(element):
            continue
        for name, value in element.attrib.items():
            for token in TEMPLATE_SYNTAX:
                if token in value:
                    found.append(
                        f"template syntax {token!r} in <{element.tag} {name}={_clip(value)!r}>"
                    )
    return _unique(found)


def problems_in_xlsx(content: bytes) -> list[str]:
    """Per sheet and column (named by its header): what is wrong, in how many rows."""
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(content), read_only=True)
    found: dict[str, list[int]] = {}
    for sheet in workbook.worksheets:
        header: dict[int, str] = {}
        for row_number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            if not header and sum(v is not None for v in row) > 1:
                header = {i: str(v) for i, v in enumerate(row, start=1) if v is not None}
            for column, value in enumerate(row, start=1):
                if value is None:
                    continue
                where = f"{sheet.title}, column {column} “{header.get(column, '?')}”: "
                problems: list[str] = []
                if isinstance(value, bool):
                    problems = [f"boolean {value} (write 是/否)"]
                elif isinstance(value, str):
                    if value.strip() in {"True", "False", "None"}:
                        problems = [f"Python '{value.strip()}'"]
                    else:
                        problems = raw_codes_in(value, whole_cell=True)
                        problems += problems_in_text([value])
                for problem in problems:
                    found.setdefault(where + problem, []).append(row_number)
    workbook.close()
    return [
        f"{problem} (row {rows[0]}" + (f" and {len(rows) - 1} more)" if len(rows) > 1 else ")")
        for problem, rows in found.items()
    ]


def problems_in_docx(content: bytes) -> list[str]:
    import docx

    document = docx.Document(io.BytesIO(content))
    found: list[str] = []
    texts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                texts.append(cell.text)
                found.extend(raw_codes_in(cell.text, whole_cell=True))
    for section in document.sections:
        for part in (section.header, section.footer):
            texts.extend(p.text for p in part.paragraphs)
    for text in texts:
        found.extend(raw_codes_in(text))
    found.extend(problems_in_text(texts))
    return _unique(found)


def problems_in_zip(content: bytes) -> list[str]:
    found: list[str] = []
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        for name in archive.namelist():
            if name.endswith(".docx"):
                found.extend(f"{name}: {p}" for p in problems_in_docx(archive.read(name)))
            elif name.endswith(".xlsx"):
                found.extend(f"{name}: {p}" for p in problems_in_xlsx(archive.read(name)))
    return found


def kind_of(content_type: str, url: str = "") -> str:
    """html, xlsx, docx, zip, pdf or other, from the response's content type."""
    content_type = content_type.split(";")[0].strip().lower()
    if content_type == "text/html":
        return "html"
    if content_type == XLSX_MIME or url.endswith(".xlsx"):
        return "xlsx"
    if content_type == DOCX_MIME or url.endswith(".docx"):
        return "docx"
    if content_type in {"application/zip", "application/x-zip-compressed"}:
        return "zip"
    if content_type == "application/pdf":
        return "pdf"
    return "other"


def problems_in(kind: str, content: bytes) -> list[str]:
    if kind == "html":
        return problems_in_html(content)
    if kind == "xlsx":
        return problems_in_xlsx(content)
    if kind == "docx":
        return problems_in_docx(content)
    if kind == "zip":
        return problems_in_zip(content)
    return []


def _clip(text: str, width: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))
