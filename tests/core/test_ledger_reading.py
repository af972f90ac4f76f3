"""An .xlsx ledger's cells as the importer reads them (calamine since issue
18's speed work; openpyxl before): from A1 with the empty rows and columns
before the data, a merged cell's value spread over its range, an empty cell
None, a whole number an int, a date cell a datetime at midnight, and an ID
number Excel made a number kept a float (its last digits are lost: the
importer refuses it)."""

from __future__ import annotations

import datetime as dt
import io

from openpyxl import Workbook

from fazhi.core.ledger_import.reading import read_rows


def _xlsx() -> bytes:
    book = Workbook()
    sheet = book.active
    sheet["B2"] = "湘江源瑶族乡信访台账"
    sheet.merge_cells("B2:E2")
    sheet.append([None, "序号", "姓名", "身份证号码", "来访日期"])
    sheet.append([None, 1, "唐小红", 4.31127199001011e17, dt.date(2024, 3, 5)])
    sheet.append([None, 2.5, "  ", "43112719900101100X", "2024.3.5"])
    sheet["F5"] = 13907461234
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def test_cells_read_as_the_importer_expects() -> None:
    rows = read_rows("台账.xlsx", _xlsx())
    assert rows == [
        [None] * 6,
        [
            None,
            "湘江源瑶族乡信访台账",
            "湘江源瑶族乡信访台账",
            "湘江源瑶族乡信访台账",
            "湘江源瑶族乡信访台账",
            None,
        ],
        [None, "序号", "姓名", "身份证号码", "来访日期", None],
        [None, 1, "唐小红", 4.31127199001011e17, dt.datetime(2024, 3, 5), None],
        [None, 2.5, "  ", "43112719900101100X", "2024.3.5", 13907461234],
    ]
    assert type(rows[3][1]) is int and type(rows[3][3]) is float
