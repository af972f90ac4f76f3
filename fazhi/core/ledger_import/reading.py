"""Reading a ledger file into rows of cells: .xlsx through openpyxl (tablib's
own reader drops merged ranges, and a ledger's header is often merged), .xls
and .csv through tablib (xlrd; charset-normalizer finds GBK/GB18030 or UTF-8,
with or without a BOM). Then the header: the row (or two rows, when a merged
group header sits above) that names the most known columns, below any title
rows."""

from __future__ import annotations

import datetime as dt
import io
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tablib
from charset_normalizer import from_bytes
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ..errors import RuleViolation

EXTENSIONS = (".xlsx", ".xls", ".csv")
HEADER_SEARCH_ROWS = 12
logger = logging.getLogger(__name__)
# Why a file with a ledger's extension could not be read, in the clerk's words
# (a damaged workbook, or another file renamed: a .exe or .docx called .xlsx).
UNREADABLE = {
    ".xlsx": gettext_noop(
        "文件已损坏，或不是真正的 Excel 文件（可能是其他文件改了扩展名）。"
        "请用 Excel 打开台账，另存为 .xlsx 后再上传。"
    ),
    ".xls": gettext_noop(
        "文件已损坏，或不是真正的 Excel 97-2003 文件（可能是其他文件改了扩展名）。"
        "请用 Excel 打开台账，另存为 .xlsx 后再上传。"
    ),
    ".csv": gettext_noop(
        "文件内容不是可读取的 CSV 文本。请用 Excel 打开台账，另存为 .xlsx 后再上传。"
    ),
}


def read_rows(filename: str, data: bytes) -> list[list[Any]]:
    name = filename.lower()
    try:
        if name.endswith(".xlsx"):
            return _read_xlsx(data)
        if name.endswith(".xls"):
            sheet = tablib.Dataset().load(data, format="xls", headers=False)
            return [list(r) for r in sheet]
        if name.endswith(".csv"):
            sheet = tablib.Dataset().load(decode_csv(data), format="csv", headers=False)
            return [list(r) for r in sheet]
    except RuleViolation:
        raise
    except Exception:  # a corrupt or mislabelled file: say so, never a 500
        # The reader's own words ("File is not a zip file") mean nothing to a
        # clerk: name the likely cause and the way out instead, and log the rest.
        logger.info("ledger file %r unreadable", filename, exc_info=True)
        raise RuleViolation(
            _("无法读取文件“%(name)s”：%(error)s")
            % {"name": filename, "error": _(UNREADABLE[Path(name).suffix])},
            field="file",
        ) from None
    raise RuleViolation(_("只能导入 .xlsx、.xls 或 .csv 文件。"), field="file")


def decode_csv(data: bytes) -> str:
    """UTF-8 (with or without BOM) first; otherwise what charset-normalizer
    finds, GB18030 (a superset of GBK and GB2312) for any Chinese guess."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    encoding = best.encoding if best is not None else "gb18030"
    if encoding.replace("_", "").lower() in {"gbk", "gb2312", "hz", "big5", "cp936"}:
        encoding = "gb18030"
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return data.decode("gb18030", errors="replace")


def _read_xlsx(data: bytes) -> list[list[Any]]:
    """The first sheet's cells from A1, as openpyxl gives them (an empty cell
    None, a whole number an int), read by calamine: openpyxl took 2 s of CPU
    for a 10^4-row ledger, each time it is previewed and again at the commit;
    calamine (Rust) 0.14 s."""
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    try:
        sheet = book.get_sheet_by_index(0)
        # From A1 (the empty rows and columns before the data kept), as the
        # merged ranges count.
        rows = [[_cell(v) for v in row] for row in sheet.to_python(skip_empty_area=False)]
        ranges = sheet.merged_cell_ranges or []
    finally:
        book.close()
    # A merged cell holds its value in the top-left cell only: spread it over
    # the range's header cells (a group header over two columns, a title over
    # the width of the sheet). Data rows merged vertically (one petitioner
    # over several rows) take it too, as the ledger means it.
    for (min_row, min_col), (max_row, max_col) in ranges:
        value = (
            rows[min_row][min_col] if min_row < len(rows) and min_col < len(rows[min_row]) else None
        )
        for r in range(min_row, min(max_row + 1, len(rows))):
            for c in range(min_col, max_col + 1):
                if c < len(rows[r]):
                    rows[r][c] = value
    return rows


# The largest whole number a float holds exactly: a longer one (an ID number
# that Excel made a number) stays a float, refused as having lost its digits.
_EXACT = 2**53


def _cell(value: Any) -> Any:
    if value == "" and isinstance(value, str):
        return None
    if type(value) is dt.date:  # openpyxl's date cell: midnight (the row's hash is unchanged)
        return dt.datetime(value.year, value.month, value.day)
    if type(value) is float and value.is_integer() and abs(value) < _EXACT:
        return int(value)
    return value


@dataclass
class Header:
    row: int  # 0-based index of the (lower) header row
    labels: list[str]  # per column: the label(s) joined with “/” when two rows
    candidates: list[list[str]] = field(default_factory=list)  # per column, most specific first


def _clean(value: Any) -> str:
    if value is None:
        return ""
    return "".join(str(value).split()).replace("：", "").replace(":", "")


def find_header(rows: Sequence[Sequence[Any]], known: Iterable[str]) -> Header:
    """The row naming the most known headers among the first rows; with a
    group header above (merged cells: “信访人” over “姓名 | 身份证号”) each
    column's candidates are its own label, then the group's."""
    names = {_clean(k) for k in known}
    best, best_score = -1, 0
    for i, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        # Distinct names: a group header merged over three columns counts once.
        score = len({_clean(cell) for cell in row} & names)
        if score >= best_score and score:
            best, best_score = i, score
    if best < 0 or best_score < 2:
        raise RuleViolation(
            # Every kind reads its header here: name no kind's columns (a
            # 规范性文件目录 has no 来访日期); the import page offers the samples.
            _(
                "没有找到表头：台账前几行中应有该台账的列名。请对照样例台账（导入页面可下载）核对表头。"
            ),
            field="file",
        )
    lower = [_clean(c) for c in rows[best]]
    upper = [_clean(c) for c in rows[best - 1]] if best > 0 else []
    width = max(len(lower), len(upper))
    # The row above is a group header when its cells repeat across a merged
    # range or name a known column, and it is not a one-cell title.
    group = bool(upper) and len({u for u in upper if u}) > 1
    candidates: list[list[str]] = []
    labels: list[str] = []
    for c in range(width):
        own = lower[c] if c < len(lower) else ""
        parent = upper[c] if group and c < len(upper) else ""
        cands = [x for x in (own, parent) if x]
        if own and parent and own != parent:
            cands.insert(0, f"{parent}{own}")
        candidates.append(cands)
        labels.append("/".join(dict.fromkeys(x for x in (parent, own) if x)))
    return Header(row=best, labels=labels, candidates=candidates)
