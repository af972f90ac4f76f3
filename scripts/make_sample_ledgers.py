"""Write the sample ledgers (synthetic people) the import pages offer and
the tests import: `python scripts/make_sample_ledgers.py`.

Each sample holds what real township ledgers hold and the importer must
handle: a title row above the header, merged header cells (a group header
over two rows), mixed date forms (2024.3.5, 2024/3/5, 2024年3月5日, a date
cell, an Excel serial number), an ID number ending in a lower-case x, one with
a wrong check digit (warned), one stored by Excel as a number (refused), and
villages named loosely (“荆竹村委会”). Also a GBK .csv and an .xls.
The mediation case register puts two parties in one cell (“唐小红、唐大军”)
and names a mediator fazhi does not know; the officer roster has an expired
certificate and an enforcement field fazhi does not know, and its GBK .csv
repeats a certificate number of the .xlsx with a new post (an update); the
publicity ledger has a form and an activity whose topic fazhi cannot tell.
The normative document catalogue (规范性文件目录) has a filing late by the
15-day period, an expired and a repealed document, an effect date before
publication (refused) and a 文号 twice (refused).

Names, ID numbers and phones are invented: the ID numbers use the county's
division code 431127 with made-up birth dates and sequence numbers."""

from __future__ import annotations

import csv
import datetime as dt
import io
import sys
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from fazhi.core.validators import id_check_digit  # noqa: E402


def id_number(birth: str, seq: int, *, x: bool = False) -> str:
    """A valid synthetic ID number; with `x`, a sequence whose check digit is X
    (written lower case, as ledgers often do)."""
    for s in range(seq, seq + 1000):
        first17 = f"431127{birth}{s % 1000:03d}"
        check = id_check_digit(first17)
        if (check == "X") == x:
            return first17 + (check.lower() if x else check)
    raise AssertionError


def wrong_check(number: str) -> str:
    last = number[-1].upper()
    return number[:-1] + ("1" if last != "1" else "2")


WANG = id_number("19650312", 11)
LI_X = id_number("19720101", 21, x=True)
ZHAO = id_number("19880506", 31)
CHEN_BAD = wrong_check(id_number("19791120", 41))
LIU = id_number("19590830", 51)
HUANG = id_number("19900214", 61)
ZHOU_FLOAT = float(id_number("19830707", 71)[:17] + "1")  # what Excel keeps of a number cell


def _stable(wb) -> None:  # type: ignore[no-untyped-def]
    """A fixed creation time, so regenerating changes no byte that matters."""
    wb.properties.created = wb.properties.modified = dt.datetime(2025, 1, 1)


def _title(ws, text: str, width: int) -> None:  # type: ignore[no-untyped-def]
    ws.append([text])
    ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row, end_column=width)
    ws.cell(ws.max_row, 1).font = Font(bold=True, size=14)
    ws.cell(ws.max_row, 1).alignment = Alignment(horizontal="center")


def _two_row_header(ws, groups: list[tuple[str, list[str]]]) -> int:  # type: ignore[no-untyped-def]
    """A header of two rows: a group's title merged over its columns, a lone
    column merged down over both rows. Returns the width."""
    top = ws.max_row + 1
    col = 1
    for group, cols in groups:
        if cols:
            ws.cell(top, col, group)
            for i, c in enumerate(cols):
                ws.cell(top + 1, col + i, c)
            if len(cols) > 1:
                ws.merge_cells(
                    start_row=top, start_column=col, end_row=top, end_column=col + len(cols) - 1
                )
            col += len(cols)
        else:
            ws.cell(top, col, group)
            ws.merge_cells(start_row=top, start_column=col, end_row=top + 1, end_column=col)
            col += 1
    return col - 1


def _workbook(  # type: ignore[no-untyped-def]
    path: Path,
    *,
    sheet: str,
    title: str,
    header: list,
    rows: list,
    first_row: int,
    text_columns: tuple[int, ...] = (),
    widths: tuple[int, ...] = (),
    finish=None,
) -> None:
    """A sample ledger as a township keeps it in Excel: a merged title row,
    the header (one row of names, or two rows when `header` holds (group,
    columns) pairs), the rows, the ID-number columns (`text_columns`, from
    `first_row`) formatted as text as they should be, `finish(ws)` for the
    one sample's own twist, column widths, and a fixed creation time."""
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    grouped = bool(header) and isinstance(header[0], tuple)
    width = sum(len(cols) or 1 for _, cols in header) if grouped else len(header)
    _title(ws, title, width)
    if grouped:
        _two_row_header(ws, header)
    else:
        ws.append(header)
    for row in rows:
        ws.append(row)
    for r in range(first_row, ws.max_row + 1):
        for c in text_columns:
            ws.cell(r, c).number_format = "@"
    if finish is not None:
        finish(ws)
    for column, w in zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ", widths, strict=False):
        ws.column_dimensions[column].width = w
    _stable(wb)
    wb.save(path)


# --- 信访台账 -------------------------------------------------------------------

PETITION_GROUPS = [
    ("序号", []),
    ("信访人", ["姓名", "身份证号码", "联系电话"]),
    ("村（社区）", []),
    ("来访日期", []),
    ("信访形式", []),
    ("信访类别", []),
    ("反映问题", []),
    ("办理情况", ["受理日期", "答复日期", "办结日期", "办理结果"]),
    ("处理意见", []),
    ("法律政策依据", []),
]

# 序号, 姓名, 身份证, 电话, 村, 来访日期, 形式, 类别, 反映问题, 受理, 答复, 办结, 结果, 意见, 依据
PETITIONS: list[list[object]] = [
    [
        1,
        "王德华",
        WANG,
        "13807461201",
        "荆竹村",
        "2024.3.5",
        "来访",
        "申诉求决类",
        "反映承包地被邻组占用，要求恢复边界",
        "2024.3.8",
        "2024.4.20",
        "2024.4.25",
        "经实地丈量，按1998年二轮承包台账恢复边界",
        "予以支持",
        "《农村土地承包法》第三十一条",
    ],
    [
        2,
        "李秀英",
        LI_X,
        "13907462202",
        "荆竹村委会",
        "2024/3/18",
        "来电",
        "建议意见类",
        "建议在村口增设路灯",
        "2024/3/19",
        "2024/4/2",
        "2024/4/3",
        "已列入年度民生实事，年内安装",
        "",
        "",
    ],
    [
        3,
        "赵国强",
        ZHAO,
        "13707463303",
        "紫良村",
        "2024年4月2日",
        "来信",
        "申诉求决类",
        "反映低保评定不公，要求重新评议",
        "2024年4月3日",
        "2024年6月20日",
        "2024年6月25日",
        "经重新入户核查，不符合低保条件，已作解释",
        "不予支持",
        "《社会救助暂行办法》第十一条",
    ],
    [
        4,
        "陈桂兰",
        CHEN_BAD,
        "0746-5123456",
        "紫良村民委员会",
        dt.datetime(2024, 5, 6),
        "来访",
        "申诉求决类",
        "反映宅基地审批久拖未办",
        dt.datetime(2024, 5, 7),
        None,
        None,
        "",
        "",
        "",
    ],
    [
        5,
        "刘建军",
        LIU,
        "13607465505",
        "荆竹村",
        45450,
        "网上信访",
        "检举控告类",
        "反映村务公开不及时",
        45451,
        45470,
        45471,
        "已督促村委会按季度公开村务",
        "",
        "",
    ],
    [
        6,
        "周美玲",
        ZHOU_FLOAT,
        "13507466606",
        "紫良村",
        "2024-07-01",
        "来访",
        "申诉求决类",
        "反映修路占地补偿未到位",
        "",
        "",
        "",
        "",
        "",
        "",
    ],
    [
        7,
        "王德华",
        WANG,
        "13807461201",
        "荆竹村",
        "2024.8.12",
        "来访",
        "申诉求决类",
        "再次反映承包地界桩被移动",
        "2024.8.12",
        "",
        "",
        "",
        "",
        "",
    ],
    [
        8,
        "黄志明",
        HUANG,
        "",
        "荆竹村",
        "2024.2.30",
        "来访",
        "建议意见类",
        "建议整治河道垃圾",
        "",
        "",
        "",
        "",
        "",
        "",
    ],
]


def petitions_xlsx(path: Path) -> None:
    def float_id(ws) -> None:  # type: ignore[no-untyped-def]
        ws.cell(ws.max_row - 2, 3).number_format = "0"  # the float one, as Excel left it

    _workbook(
        path,
        sheet="信访台账",
        title="湘江源瑶族乡2024年信访事项登记台账",
        header=PETITION_GROUPS,
        rows=PETITIONS,
        first_row=4,
        text_columns=(3,),
        finish=float_id,
    )


def petitions_csv(path: Path) -> None:
    """The same ledger saved as CSV from a Chinese Excel: GBK, one header row."""
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(
        [
            "序号",
            "信访人姓名",
            "身份证号",
            "电话",
            "所在村",
            "登记日期",
            "信访方式",
            "问题类别",
            "主要诉求",
            "办理结果",
            "办结日期",
        ]
    )
    w.writerow(
        [
            1,
            "孙丽华",
            id_number("19700101", 81),
            "13300001111",
            "荆竹村",
            "2023.11.2",
            "来访",
            "建议意见类",
            "建议硬化组级道路",
            "已纳入明年计划",
            "2023.11.30",
        ]
    )
    w.writerow(
        [
            2,
            "吴志刚",
            id_number("19750505", 91),
            "13300002222",
            "紫良村委会",
            "2023/12/5",
            "来电",
            "建议意见类",
            "反映自来水水压不足",
            "",
            "",
        ]
    )
    path.write_bytes(out.getvalue().encode("gbk"))


# --- 矛盾纠纷排查台账 -------------------------------------------------------------

DISPUTE_GROUPS = [
    ("序号", []),
    ("排查日期", []),
    ("村（社区）", []),
    ("纠纷类型", []),
    ("当事人", ["当事人", "身份证号码", "联系电话"]),
    ("被申请人", []),
    ("纠纷简述", []),
    ("风险等级", []),
    ("风险判断理由", []),
    ("调处情况", ["化解情况", "化解日期", "是否化解"]),
]

# 序号, 排查日期, 村, 类型, 当事人, 身份证, 电话, 被申请人, 简述, 风险, 理由,
# 化解情况, 化解日期, 是否化解
DISPUTES: list[list[object]] = [
    [
        1,
        "2024.1.8",
        "荆竹村",
        "邻里纠纷",
        "蒋春生",
        id_number("19600101", 101),
        "13807460001",
        "蒋秋生",
        "两户因排水沟走向发生争执",
        "低",
        "",
        "经村调委会调解，重新开沟",
        "2024.1.12",
        "是",
    ],
    [
        2,
        "2024/1/8",
        "荆竹村委会",
        "土地纠纷",
        "唐小红",
        id_number("19750909", 111, x=True),
        "13807460002",
        "唐大军",
        "责任田边界争议",
        "中",
        "",
        "",
        "",
        "",
    ],
    [
        3,
        "2024年2月3日",
        "紫良村",
        "婚姻家庭",
        "雷金花",
        wrong_check(id_number("19820315", 121)),
        "13807460003",
        "",
        "赡养老人费用分担争议",
        "低",
        "",
        "兄弟三人达成轮流赡养约定",
        "2024年2月20日",
        "是",
    ],
    [
        4,
        dt.datetime(2024, 3, 1),
        "紫良村民委员会",
        "山林纠纷",
        "盘石贵",
        float(id_number("19580808", 131)[:17] + "1"),
        "13807460004",
        "盘石富",
        "祖山林权属争议，双方聚众对峙",
        "高",
        "涉及两个家族数十人，有械斗苗头",
        "",
        "",
        "",
    ],
    [
        5,
        45400,
        "荆竹村",
        "债务纠纷",
        "邓永发",
        id_number("19700620", 141),
        "13807460005",
        "邓永财",
        "借款三万元到期未还",
        "低",
        "",
        "债务人拒绝协商，已告知诉讼途径",
        45420,
        "否",
    ],
]


def disputes_xlsx(path: Path) -> None:
    _workbook(
        path,
        sheet="排查台账",
        title="湘江源瑶族乡2024年矛盾纠纷排查化解台账",
        header=DISPUTE_GROUPS,
        rows=DISPUTES,
        first_row=4,
        text_columns=(6,),
    )


def disputes_xls(path: Path) -> None:
    """The same ledger in the old .xls format (Excel 2003), one header row."""
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("排查台账")
    sheet.write_merge(0, 0, 0, 13, "湘江源瑶族乡2023年矛盾纠纷排查台账")
    headers = [
        "序号",
        "发现日期",
        "所在村",
        "纠纷类别",
        "申请人",
        "身份证号",
        "电话",
        "对方当事人",
        "矛盾纠纷简要情况",
        "风险等级",
        "风险理由",
        "处理结果",
        "办结日期",
        "是否化解",
    ]
    for c, h in enumerate(headers):
        sheet.write(1, c, h)
    rows = [
        [
            1,
            "2023.10.9",
            "荆竹村",
            "合同纠纷",
            "毛建国",
            id_number("19660406", 151),
            "13807460006",
            "毛建业",
            "合伙养殖分红争议",
            "低",
            "",
            "按合伙协议结算分红",
            "2023.10.30",
            "是",
        ],
        [
            2,
            "2023.11.15",
            "紫良村",
            "劳动争议",
            "彭小兵",
            id_number("19920101", 161),
            "13807460007",
            "某建筑队",
            "拖欠务工工资八千元",
            "中",
            "",
            "",
            "",
            "",
        ],
    ]
    for r, row in enumerate(rows, start=2):
        for c, v in enumerate(row):
            sheet.write(r, c, v)
    book.save(str(path))


# --- 人民调解案件登记台账 ---------------------------------------------------------

CASE_GROUPS = [
    ("序号", []),
    ("受理日期", []),
    ("村（社区）", []),
    ("当事人", ["申请人", "被申请人"]),
    ("身份证号码", []),
    ("联系电话", []),
    ("纠纷类型", []),
    ("纠纷简要情况", []),
    ("风险等级", []),
    ("调解员", []),
    ("调解日期", []),
    ("调解结果", []),
    ("协议形式", []),
    ("协议内容", []),
    ("履行情况", []),
    ("司法确认", []),
    ("回访日期", []),
]
CASE_MEDIATOR = "盘秀娥"  # the township committee's full-time mediator (demo and tests)

# 序号, 受理日期, 村, 申请人, 被申请人, 身份证, 电话, 类型, 简要情况, 风险等级, 调解员, 调解日期,
# 调解结果, 协议形式, 协议内容, 履行情况, 司法确认, 回访日期
CASES: list[list[object]] = [
    [
        1,
        "2024.3.5",
        "荆竹村",
        "蒋春生",
        "蒋秋生",
        id_number("19600101", 201) + "、" + id_number("19630303", 211),
        "13807461001",
        "邻里纠纷",
        "两户因宅基地滴水檐越界发生争执",
        "低",
        CASE_MEDIATOR,
        "2024.3.12",
        "调解成功",
        "书面",
        "蒋秋生于2024年3月底前拆除越界滴水檐，蒋春生不再主张赔偿",
        "已履行",
        "2024.3.20",
        "2024.4.15",
    ],
    [
        2,
        "2024/4/8",
        "紫良村委会",
        "唐小红、唐大军",
        "唐家旺",
        id_number("19750909", 221, x=True) + "、" + id_number("19730412", 231),
        "13807461002",
        "土地纠纷",
        "责任田边界争议，双方多次争吵",
        "中",
        CASE_MEDIATOR,
        "2024/4/20",
        "调解成功",
        "口头",
        "按二轮承包台账重新确定边界并埋设界桩",
        "已履行",
        "否",
        "2024/5/10",
    ],
    [
        3,
        dt.datetime(2024, 5, 6),
        "荆竹村",
        "雷金花",
        "雷金生",
        wrong_check(id_number("19820315", 241)),
        "13807461003",
        "婚姻家庭",
        "赡养老人费用分担争议",
        "低",
        CASE_MEDIATOR,
        dt.datetime(2024, 6, 20),
        "调解成功",
        "书面",
        "兄弟二人每月各负担赡养费五百元，轮流照料",
        "部分履行",
        "",
        "2024年7月20日",
    ],
    [
        4,
        45474,
        "荆竹村",
        "邓永发",
        "邓永财",
        float(id_number("19700620", 251)[:17] + "1"),
        "13807461004",
        "债务纠纷",
        "借款三万元到期未还",
        "低",
        CASE_MEDIATOR,
        45480,
        "调解成功",
        "书面",
        "分三期还清借款",
        "",
        "",
        "",
    ],
    [
        5,
        "2024.8.2",
        "紫良村",
        "彭小兵",
        "某建筑队",
        id_number("19920101", 261),
        "13807461005",
        "劳动争议",
        "拖欠务工工资八千元",
        "中",
        CASE_MEDIATOR,
        "2024.8.20",
        "调解不成功，已告知当事人申请劳动仲裁或向法院起诉",
        "",
        "",
        "",
        "",
        "",
    ],
    [
        6,
        "2024.9.9",
        "荆竹村",
        "毛建国",
        "毛建业",
        id_number("19660406", 271),
        "13807461006",
        "合同纠纷",
        "合伙养殖分红争议",
        "低",
        CASE_MEDIATOR,
        "",
        "",
        "",
        "",
        "",
        "",
        "",
    ],
    [
        7,
        "2024.2.30",
        "荆竹村",
        "黄志明",
        "黄志强",
        id_number("19900214", 281),
        "13807461007",
        "邻里纠纷",
        "猪圈气味影响邻居",
        "低",
        CASE_MEDIATOR,
        "2024.3.2",
        "调解成功",
        "口头",
        "迁移猪圈",
        "",
        "",
        "",
    ],
    [
        8,
        "2024.10.8",
        "荆竹村",
        "冯春花",
        "冯秋生",
        id_number("19850505", 291),
        "13807461008",
        "损害赔偿纠纷",
        "耕牛踩坏秧田",
        "低",
        "张无名",
        "2024.10.9",
        "调解成功",
        "口头",
        "赔偿秧苗损失三百元",
        "",
        "",
        "",
    ],
]


def mediation_cases_xlsx(path: Path) -> None:
    _workbook(
        path,
        sheet="调解案件登记台账",
        title="湘江源瑶族乡人民调解委员会2024年人民调解案件登记台账",
        header=CASE_GROUPS,
        rows=CASES,
        first_row=4,
        text_columns=(6,),
    )


# --- 行政执法人员名册 -------------------------------------------------------------

ROSTER_HEADERS = [
    "序号",
    "姓名",
    "性别",
    "身份证号码",
    "执法主体",
    "职务",
    "执法证号",
    "执法类别",
    "发证机关",
    "发证日期",
    "有效期至",
    "联系电话",
]
AUTHORITY = "湖南省人民政府"
TOWNSHIP_GOV = "湘江源瑶族乡人民政府"

# 序号, 姓名, 性别, 身份证, 执法主体, 职务, 证号, 类别, 发证机关, 发证日期, 有效期至, 电话
ROSTER: list[list[object]] = [
    [
        1,
        "欧阳明",
        "男",
        id_number("19780412", 301),
        TOWNSHIP_GOV,
        "综合行政执法办主任",
        "431127190001",
        "自然资源、农业农村",
        AUTHORITY,
        "2022.11.1",
        "2027.10.31",
        "13807462001",
    ],
    [
        2,
        "李春燕",
        "女",
        id_number("19860923", 312, x=True),
        TOWNSHIP_GOV,
        "副主任",
        "431127190002",
        "应急管理（安全生产）",
        AUTHORITY,
        "2023/6/15",
        "2028/6/14",
        "13807462002",
    ],
    [
        3,
        "王建设",
        "男",
        wrong_check(id_number("19810101", 321)),
        TOWNSHIP_GOV,
        "执法队员",
        "431127190003",
        "林业、生态环境",
        AUTHORITY,
        "2024年1月10日",
        "2029年1月9日",
        "13807462003",
    ],
    [
        4,
        "赵德胜",
        "男",
        float(id_number("19750303", 331)[:17] + "1"),
        TOWNSHIP_GOV,
        "执法队员",
        "431127190004",
        "农业农村",
        AUTHORITY,
        "2022.11.1",
        "2027.10.31",
        "13807462004",
    ],
    [
        5,
        "陈志刚",
        "男",
        id_number("19680808", 341),
        TOWNSHIP_GOV,
        "执法队员",
        "431127180005",
        "城乡建设、市容",
        AUTHORITY,
        "2018.7.1",
        "2023.6.30",
        "13807462005",
    ],
    [
        6,
        "黄丽华",
        "女",
        id_number("19900606", 352),
        TOWNSHIP_GOV,
        "执法队员",
        "431127190006",
        "综合执法",
        AUTHORITY,
        "2022.11.1",
        "2027.10.31",
        "13807462006",
    ],
    [
        7,
        "刘卫东",
        "男",
        id_number("19791212", 361),
        TOWNSHIP_GOV,
        "执法队员",
        "431127190007",
        "水利",
        AUTHORITY,
        "2024.2.30",
        "2029.2.28",
        "13807462007",
    ],
    [
        8,
        "唐国庆",
        "男",
        id_number("19831001", 371),
        TOWNSHIP_GOV,
        "执法队员",
        "431127190008",
        "市场监管",
        AUTHORITY,
        44927,
        46752,
        "13807462008",
    ],
]


def roster_xlsx(path: Path) -> None:
    _workbook(
        path,
        sheet="执法人员名册",
        title="湘江源瑶族乡行政执法人员名册",
        header=ROSTER_HEADERS,
        rows=ROSTER,
        first_row=3,
        text_columns=(4, 7),
    )


def roster_csv(path: Path) -> None:
    """The county's roster as a GBK CSV with other headers: 欧阳明's certificate
    (already in the .xlsx) with his new post, and one officer more."""
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(
        [
            "序号",
            "姓名",
            "性别",
            "身份证号",
            "单位",
            "职务",
            "证件编号",
            "执法领域",
            "发证机关",
            "发证日期",
            "有效期",
            "电话",
        ]
    )
    w.writerow(
        [
            1,
            "欧阳明",
            "男",
            id_number("19780412", 301),
            TOWNSHIP_GOV,
            "综合行政执法办主任、四级主任科员",
            "431127190001",
            "自然资源（土地、矿产）、农业农村",
            AUTHORITY,
            "2022.11.1",
            "2027.10.31",
            "13807462001",
        ]
    )
    w.writerow(
        [
            2,
            "盘小勇",
            "男",
            id_number("19880315", 381),
            TOWNSHIP_GOV,
            "执法队员",
            "431127190009",
            "文化旅游",
            AUTHORITY,
            "2024/3/1",
            "2029/2/28",
            "13807462009",
        ]
    )
    path.write_bytes(out.getvalue().encode("gbk"))


# --- 普法活动台账 ---------------------------------------------------------------

ACTIVITY_HEADERS = [
    "序号",
    "活动日期",
    "活动名称/主题",
    "活动形式",
    "地点",
    "参与人数",
    "主办单位",
    "覆盖对象",
]
# 序号, 活动日期, 活动名称/主题, 活动形式, 地点, 参与人数, 主办单位, 覆盖对象
ACTIVITIES: list[list[object]] = [
    [
        1,
        "2024.3.15",
        "3·15消费者权益保护法治宣传",
        "集中宣传",
        "乡政府广场",
        120,
        "湘江源瑶族乡司法所",
        "群众、商户",
    ],
    [
        2,
        "2024/4/15",
        "全民国家安全教育日宣传进校园",
        "法治讲座",
        "湘江源瑶族乡中心小学",
        "300人",
        "湘江源瑶族乡人民政府",
        "师生",
    ],
    [
        3,
        "2024年6月26日",
        "禁毒知识文艺演出",
        "文艺演出",
        "荆竹村文化广场",
        200,
        "荆竹村委会",
        "村民",
    ],
    [
        4,
        dt.datetime(2024, 11, 8),
        "反诈宣传进村入户",
        "入户宣传",
        "紫良村各组",
        85,
        "紫良村",
        "村民、老年人",
    ],
    [
        5,
        45630,
        "12·4国家宪法日宣传",
        "展板",
        "乡政府门口",
        500,
        "湘江源瑶族乡人民政府",
        "机关、群众",
    ],
    [
        6,
        "2024.2.30",
        "春节期间平安法治宣传",
        "集中宣传",
        "圩场",
        150,
        "湘江源瑶族乡人民政府",
        "群众",
    ],
    [7, "2024.9.10", "秋季开学法治课", "快闪", "中心小学", 260, "湘江源瑶族乡人民政府", "学生"],
    [
        8,
        "2024.10.1",
        "国庆节庆祝活动",
        "文艺演出",
        "乡政府广场",
        400,
        "湘江源瑶族乡人民政府",
        "群众",
    ],
]


def activities_xlsx(path: Path) -> None:
    _workbook(
        path,
        sheet="普法活动台账",
        title="湘江源瑶族乡2024年普法活动台账",
        header=ACTIVITY_HEADERS,
        rows=ACTIVITIES,
        first_row=3,
    )


# --- 规范性文件目录 (governance) ---------------------------------------------------

NORMATIVE_HEADER = [
    "序号",
    "文件名称",
    "文号",
    "制定机关",
    "发布日期",
    "施行日期",
    "是否经合法性审核",
    "备案情况",
    "报备日期",
    "有效状态",
    "清理情况",
]


def normative_xlsx(path: Path) -> None:
    """A township's catalogue of its normative documents as the county's
    cleanup asks for it: dates in mixed forms, a filing written in words with
    its filing number, one filed late (the 15-day period), one expired and one
    repealed in a cleanup, one with an effect date before publication
    (refused), one whose 文号 repeats an earlier row with a different title
    (refused), a 合计 line under the table."""
    gov = "湘江源瑶族乡人民政府"
    rows = [
        [
            1,
            "湘江源瑶族乡村规民约备案审查办法",
            "湘源规〔2019〕1号",
            gov,
            "2019.4.8",
            "2019.5.8",
            "是",
            "已备案",
            "2019.4.18",
            "失效",
            "2024年清理：到期失效（2024年5月7日）",
        ],
        [
            2,
            "湘江源瑶族乡农村建房管理实施细则",
            "湘源规〔2021〕1号",
            "党政综合办公室",
            "2021年6月1日",
            "2021年7月1日",
            "经合法性审核（2021.5.20）",
            "已报县司法局备案 蓝司备〔2021〕12号",
            "2021-06-10",
            "废止",
            "2024年清理：废止（2024-06-30）",
        ],
        [
            3,
            "湘江源瑶族乡河道采砂管理办法",
            "湘源规〔2023〕1号",
            gov,
            dt.date(2023, 3, 15),
            "2023-04-15",
            "是",
            "已备案",
            "2023-04-10",
            "有效",
            "2024年清理：继续有效",
        ],
        [
            4,
            "湘江源瑶族乡森林防火责任追究办法",
            "湘源规〔2024〕1号",
            gov,
            "2024/2/20",
            "2024/3/21",
            "已审核",
            "已备案",
            "2024/3/1",
            "有效",
            "",
        ],
        [
            5,
            "湘江源瑶族乡集体经济组织财务管理办法",
            "湘源规〔2024〕2号",
            "司法所",
            "2024-05-06",
            "2024-06-06",
            "是",
            "已备案（逾期）",
            "2024-05-31",
            "有效",
            "",
        ],
        [
            6,
            "湘江源瑶族乡农村人居环境整治奖惩办法",
            "湘源规〔2024〕3号",
            gov,
            "2024年9月2日",
            "2024年8月1日",
            "是",
            "已备案",
            "2024年9月12日",
            "有效",
            "",
        ],
        [
            7,
            "湘江源瑶族乡殡葬改革实施意见",
            "湘源规〔2024〕4号",
            gov,
            45579,
            "2024-11-15",
            "是",
            "未备案",
            "",
            "有效",
            "",
        ],
        [
            8,
            "湘江源瑶族乡河道采砂管理办法（修订）",
            "湘源规〔2023〕1号",
            gov,
            "2024-12-02",
            "2025-01-01",
            "是",
            "",
            "",
            "有效",
            "",
        ],
        ["合计", "8件", "", "", "", "", "", "", "", "", ""],
    ]
    _workbook(
        path,
        sheet="规范性文件目录",
        title="湘江源瑶族乡人民政府行政规范性文件目录（2019—2024年）",
        header=NORMATIVE_HEADER,
        rows=rows,
        first_row=3,
        widths=(6, 36, 18, 18, 14, 14, 16, 30, 14, 10, 30),
    )


def main() -> None:
    samples = ROOT / "fazhi" / "petitions" / "samples"
    samples.mkdir(exist_ok=True)
    petitions_xlsx(samples / "信访台账样例.xlsx")
    petitions_csv(samples / "信访台账样例_GBK.csv")
    mediation = ROOT / "fazhi" / "mediation" / "samples"
    mediation.mkdir(exist_ok=True)
    disputes_xlsx(mediation / "矛盾纠纷排查台账样例.xlsx")
    disputes_xls(mediation / "矛盾纠纷排查台账样例.xls")
    mediation_cases_xlsx(mediation / "人民调解案件登记台账样例.xlsx")
    enforcement = ROOT / "fazhi" / "enforcement" / "samples"
    enforcement.mkdir(exist_ok=True)
    roster_xlsx(enforcement / "行政执法人员名册样例.xlsx")
    roster_csv(enforcement / "行政执法人员名册样例_GBK.csv")
    publicity = ROOT / "fazhi" / "publicity" / "samples"
    publicity.mkdir(exist_ok=True)
    activities_xlsx(publicity / "普法活动台账样例.xlsx")
    governance = ROOT / "fazhi" / "governance" / "samples"
    governance.mkdir(exist_ok=True)
    normative_xlsx(governance / "规范性文件目录样例.xlsx")
    print("samples written under", samples)


if __name__ == "__main__":
    main()
