"""Ledger import (issue 18): cell values as ledgers hold them — dates in every
form, ID numbers Excel damaged, villages named loosely, headers with a title
row and merged group cells."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from fazhi.core.errors import RuleViolation
from fazhi.core.ledger_import import values as V
from fazhi.core.ledger_import.matching import core_name
from fazhi.core.ledger_import.reading import decode_csv, find_header, read_rows
from fazhi.core.validators import id_check_digit
from tests.factories import World

DAYS = st.dates(min_value=dt.date(1951, 1, 1), max_value=dt.date(2099, 12, 31))


@settings(max_examples=60, deadline=None)
@given(
    DAYS, st.sampled_from(["{y}.{m}.{d}", "{y}/{m}/{d}", "{y}-{m:02d}-{d:02d}", "{y}年{m}月{d}日"])
)
def test_every_date_form_reads_as_the_day(day: dt.date, form: str) -> None:
    text = form.format(y=day.year, m=day.month, d=day.day)
    assert V.parse_date(text) == day


@settings(max_examples=40, deadline=None)
@given(DAYS)
def test_excel_serials_and_cells(day: dt.date) -> None:
    serial = (day - dt.date(1899, 12, 30)).days
    assert V.parse_date(serial) == day
    assert V.parse_date(float(serial)) == day
    assert V.parse_date(str(serial)) == day
    assert V.parse_date(dt.datetime.combine(day, dt.time(9, 30))) == day


@pytest.mark.parametrize("text", ["2024-02-30", "2023.2.29", "2024年13月1日", "2024/4/31"])
def test_impossible_dates_refused(text: str) -> None:
    with pytest.raises(ValueError, match="不存在"):
        V.parse_date(text)


@pytest.mark.parametrize("text", ["三月五日", "2024", "12", "明天"])
def test_unreadable_dates_refused(text: str) -> None:
    with pytest.raises(ValueError):
        V.parse_date(text)


def _id(birth: str, seq: int) -> str:
    first17 = f"431127{birth}{seq:03d}"
    return first17 + id_check_digit(first17)


def test_id_numbers() -> None:
    good = _id("19800517", 3)
    assert V.parse_id_number(good) == (good, [])
    assert V.parse_id_number(f" {good} ") == (good, [])
    # An x check digit is accepted, normalised to X.
    x = next(
        f"43112719720101{s:03d}X"
        for s in range(1000)
        if id_check_digit(f"43112719720101{s:03d}") == "X"
    )
    assert V.parse_id_number(x.lower()) == (x, [])
    # A wrong check digit: accepted, warned, with the right one.
    bad = good[:-1] + ("0" if good[-1] != "0" else "1")
    number, warnings = V.parse_id_number(bad)
    assert number == bad and "校验位应为" in warnings[0] and not V.id_number_valid(bad)
    # Excel's damage: a number cell or scientific notation is refused.
    for damaged in (float(good[:17] + "1"), int(good[:17] + "1"), "4.31127E+17", "4.31127e17"):
        with pytest.raises(ValueError, match="末几位已丢失"):
            V.parse_id_number(damaged)
    with pytest.raises(ValueError, match="18位"):
        V.parse_id_number("43112719800517")
    with pytest.raises(ValueError, match="出生日期"):
        V.parse_id_number("431127198002300000")


def test_village_names() -> None:
    for name in ("洋峰村", "洋峰村委会", "洋峰村民委员会", " 洋峰 村 "):
        assert core_name(name) == "洋峰"
    assert core_name("村") == "村"


def test_csv_encodings() -> None:
    text = "姓名,身份证号\n王德华,430000\n"
    assert decode_csv(text.encode("gbk")) == text
    assert decode_csv(text.encode("gb18030")) == text
    assert decode_csv(text.encode("utf-8")) == text
    assert decode_csv(b"\xef\xbb\xbf" + text.encode("utf-8")) == text


def test_header_below_title_with_merged_group() -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(["某某乡2024年台账"])
    ws.merge_cells("A1:D1")
    ws.append(["序号", "信访人", None, "来访日期"])
    ws.merge_cells("B2:C2")
    ws.merge_cells("A2:A3")
    ws.merge_cells("D2:D3")
    ws.append([None, "姓名", "身份证号", None])
    ws.append([1, "王五", "x", "2024.3.5"])
    buf = io.BytesIO()
    wb.save(buf)
    rows = read_rows("a.xlsx", buf.getvalue())
    header = find_header(rows, {"序号", "姓名", "身份证号", "来访日期", "信访人"})
    assert header.row == 2
    assert header.labels == ["序号", "信访人/姓名", "信访人/身份证号", "来访日期"]
    with pytest.raises(RuleViolation, match="表头"):
        find_header([["无关"], ["内容"]], {"姓名", "序号"})
    with pytest.raises(RuleViolation, match="只能导入"):
        read_rows("a.docx", b"")


@pytest.mark.parametrize("name", ["台账.xlsx", "台账.XLS"])
def test_a_renamed_file_is_refused_in_the_clerks_words(name: str) -> None:
    """A program renamed .xlsx (found walking the import page): the reader's
    own "File is not a zip file" is not shown; the clerk is told what to do."""
    with pytest.raises(RuleViolation) as caught:
        read_rows(name, b"MZ\x90\x00" + b"\x00" * 2000)
    message = "".join(caught.value.messages)
    assert f"无法读取文件“{name}”" in message
    assert "另存为 .xlsx" in message
    assert "zip" not in message.lower() and "file" not in message.lower()


def test_no_header_is_refused_without_another_ledgers_columns() -> None:
    """A 规范性文件目录 without its header row was told to look for 来访日期
    (found walking /import/normative/): the refusal names no kind's columns."""
    with pytest.raises(RuleViolation) as caught:
        find_header(
            [["湘江源瑶族乡规范性文件"], ["某某办法", "湘源规〔2024〕1号"]], {"文号", "文件名称"}
        )
    message = "".join(caught.value.messages)
    assert "没有找到表头" in message and "样例台账" in message
    assert "来访日期" not in message and "身份证号" not in message


# One row per kind whose person takes an ID number, with a wrong check digit.
BAD_CHECK_DIGIT_ROWS = {
    "petitions": "姓名,身份证号码,来访日期,反映问题\n王五,{id},2024.3.6,反映道路破损\n",
    "disputes": (
        "排查日期,当事人,身份证号码,纠纷简述,风险等级\n2024.3.6,王五,{id},宅基地边界争议,低\n"
    ),
    "officers": (
        "姓名,身份证号码,执法证号,执法类别,发证日期,有效期至\n"
        "王五,{id},431127199999,农业农村,2024.3.6,2029.3.5\n"
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize("kind_name", sorted(BAD_CHECK_DIGIT_ROWS))
def test_a_wrong_check_digit_is_warned_once(world: World, kind_name: str) -> None:
    """Found walking the import preview: the column's “校验位应为6，请与原件核对”
    and the kind's “校验位错误，未录入身份证号码…” said the same thing twice on
    one row. One warning now, naming the column and saying the number is left out."""
    from fazhi.core import ledger_import
    from tests import ledgers

    good = _id("19800517", 3)
    bad = good[:-1] + ("0" if good[-1] != "0" else "1")
    data = BAD_CHECK_DIGIT_ROWS[kind_name].format(id=bad).encode()
    kind = ledger_import.get(kind_name)
    report = ledgers.run(kind, world, data=data, name="台账.csv", dry_run=True)
    (row,) = report.rows
    assert not row.reasons, row.reasons
    about_it = [w for w in row.warnings if "校验位" in w]
    assert len(about_it) == 1, row.warnings
    assert "身份证号码" in about_it[0] and "未录入" in about_it[0]


def test_a_kind_names_a_record_by_its_number_or_the_record_itself() -> None:
    from types import SimpleNamespace
    from typing import Any, cast

    from fazhi.core.ledger_import import named_by

    class Record(SimpleNamespace):
        def __str__(self) -> str:
            return "（无编号）"

    describe = named_by("doc_no")
    assert describe(cast(Any, Record(doc_no="湘源政发〔2024〕3号"))) == "湘源政发〔2024〕3号"
    assert describe(cast(Any, Record(doc_no=""))) == "（无编号）"
    assert describe(cast(Any, Record())) == "（无编号）"
