"""The text engine: placeholders, empty figures, numbering (pure functions)."""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import given
from hypothesis import strategies as st

from fazhi.reports import render
from fazhi.reports.figures import Value, format_number

CTX = render.Context(year=2024, unit="湘江源瑶族乡", level="乡")


def v(key: str, value: float | None = None, text: str = "", has_records: bool = True) -> Value:
    return Value(
        key=key, label=key, value=value, text=text, has_records=has_records, registered=True
    )


@dataclass
class S:
    key: str
    title: str
    level: int
    text: str
    included: bool = True


def plain(paragraphs: list[list[render.Segment]]) -> str:
    return "\n".join("".join(s.text for s in p) for p in paragraphs)


def test_figures_are_substituted_and_referenced() -> None:
    text = "全{level}已建立调委会{m.c}个，其中乡调委会{m.t}个、村级调委会{m.v}个。"
    values = {"m.c": v("m.c", 6), "m.t": v("m.t", 1), "m.v": v("m.v", 5)}
    paragraphs, empty = render.render_text(text, values, {}, CTX)
    assert not empty
    assert plain(paragraphs) == "全乡已建立调委会6个，其中乡调委会1个、村级调委会5个。"
    assert [s.key for s in paragraphs[0] if s.key] == ["m.c", "m.t", "m.v"]


def test_zero_without_records_is_not_printed_as_an_achievement() -> None:
    text = "配备人民调解员{m.m}名。全年培训{e.h}学时。"
    values = {"m.m": v("m.m", 6), "e.h": v("e.h", 0, has_records=False)}
    paragraphs, _ = render.render_text(text, values, {}, CTX)
    out = plain(paragraphs)
    assert "配备人民调解员6名。" in out
    assert "0学时" not in out
    assert "关于e.h，本年度无相关记录。" in out


def test_real_zero_with_records_is_printed() -> None:
    paragraphs, _ = render.render_text("超期{x}件。", {"x": v("x", 0, has_records=True)}, {}, CTX)
    assert plain(paragraphs) == "超期0件。"


def test_section_with_only_empty_figures_says_no_records() -> None:
    text = "我乡持续规范行政执法行为。共有{e.c}名干部持有行政执法证。"
    paragraphs, empty = render.render_text(text, {}, {}, CTX)
    assert empty
    assert plain(paragraphs) == render.NO_RECORDS


def test_unregistered_placeholder_is_empty() -> None:
    paragraphs, _ = render.render_text("甲{a}个。乙{b}个。", {"a": v("a", 2)}, {}, CTX)
    assert plain(paragraphs) == "甲2个。关于b，本年度无相关记录。"


def test_previous_year_placeholder() -> None:
    paragraphs, _ = render.render_text(
        "今年{a}件，上年{a:prev}件。", {"a": v("a", 3)}, {"a": v("a", 5)}, CTX
    )
    assert plain(paragraphs) == "今年3件，上年5件。"
    assert [s.prev for s in paragraphs[0] if s.key] == [False, True]


def test_numbering_follows_included_sections() -> None:
    sections = [
        S("a", "甲", 1, ""),
        S("a1", "甲一", 2, ""),
        S("a2", "甲二", 2, "", included=False),
        S("a3", "甲三", 2, ""),
        S("b", "乙", 1, "", included=False),
        S("c", "{year}年度丙", 1, ""),
        S("c1", "丙一", 2, ""),
    ]
    blocks = render.compose(sections, {}, {}, CTX)
    assert [b.heading for b in blocks] == [
        "一、甲",
        "（一）甲一",
        "（二）甲三",
        "二、2024年度丙",
        "（一）丙一",
    ]


def test_problems_list_is_composed_like_the_seed() -> None:
    text = render.compose_items(["法治宣传覆盖面窄。", "执法培训较少"])
    assert text == "一是法治宣传覆盖面窄；二是执法培训较少。"
    # One problem is stated alone (一是 promises a 二是); past ten the count goes on.
    assert render.compose_items(["法治宣传覆盖面窄。", " "]) == "法治宣传覆盖面窄。"
    assert render.compose_items([]) == ""
    eleven = render.compose_items([f"问题{n}" for n in range(1, 12)])
    assert eleven.startswith("一是问题1；") and eleven.endswith("；十一是问题11。")
    assert render.expand_lists("存在的问题主要有：{report.problems}", {}) == (
        "存在的问题主要有：" + render.PENDING_PROBLEMS
    )


def test_typed_numbers_are_found_outside_placeholders() -> None:
    assert render.typed_numbers("2024年共有{e.c}名干部，另有3名") == ["3"]
    assert render.typed_numbers("{a}个{b:prev}个") == []


@given(st.integers(min_value=1, max_value=99))
def test_cn_number_is_chinese(n: int) -> None:
    out = render.cn_number(n)
    assert out and all(c in "一二三四五六七八九十" for c in out)
    assert render.cn_number(10) == "十" and render.cn_number(21) == "二十一"


@given(st.floats(min_value=0, max_value=1e9, allow_nan=False))
def test_format_number_never_shows_trailing_zeros(x: float) -> None:
    out = format_number(x)
    assert not out.endswith(".0")
    assert float(out) == round(x, 2) or abs(float(out) - x) < 0.01


@given(st.text(alphabet="甲乙，。；0123456789{}ab.", max_size=60))
def test_render_never_crashes_on_arbitrary_text(text: str) -> None:
    render.render_text(text, {"a.b": v("a.b", 1)}, {}, CTX)


def test_empty_figures_with_lazy_labels_are_named() -> None:
    """Indicator labels are lazy translations; a sentence whose figures have no
    records names them as text (a join over the lazy objects raised TypeError
    and the township's report page answered 500 on a synthetic province)."""
    from django.utils.translation import gettext_lazy

    empty = Value(
        key="e.h", label=gettext_lazy("培训学时"), value=0, has_records=False, registered=True
    )
    values = {"m.m": v("m.m", 6), "e.h": empty}
    paragraphs, _ = render.render_text("配备调解员{m.m}名。全年培训{e.h}学时。", values, {}, CTX)
    assert "关于培训学时，本年度无相关记录。" in plain(paragraphs)
