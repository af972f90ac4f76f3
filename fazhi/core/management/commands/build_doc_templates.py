"""Builds the shared official-document template (official.docx) with python-docx.

The built file is committed; a township replaces it by uploading its own
(DocumentTemplate). Run again after changing the layout here.
"""

from typing import Any

from django.utils.translation import gettext_lazy
from docx import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from fazhi.core.cli import Command as BaseCommand
from fazhi.core.documents import BUILTIN_DIR

# GB/T 9704-2012 §5.2.1 / §7: A4; 22 lines of 28 characters; fonts by element.
BODY_FONT, TITLE_FONT, H1_FONT, H2_FONT = "仿宋_GB2312", "方正小标宋简体", "黑体", "楷体_GB2312"
SIZE_2 = Pt(22)  # 二号
SIZE_3 = Pt(16)  # 三号
LINE = Pt(28.95)  # fixed line spacing for 22 lines per page


def _font(run: Any, name: str, size: Any, bold: bool = False) -> None:
    run.font.name = name
    run.font.size = size
    run.font.bold = bold
    run._element.rPr.rFonts.set(qn("w:eastAsia"), name)


def _para(
    doc: Any, text: str, font: str, size: Any, align: Any = None, indent: bool = False
) -> Any:
    p = doc.add_paragraph()
    fmt = p.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = LINE
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    if indent:
        fmt.first_line_indent = Pt(32)  # two characters
    if align is not None:
        p.alignment = align
    _font(p.add_run(text), font, size)
    return p


class Command(BaseCommand):
    help = gettext_lazy("生成公文版式模板 official.docx（GB/T 9704）")

    def handle(self, *args: Any, **options: Any) -> None:
        doc = DocxDocument()
        section = doc.sections[0]
        section.page_height, section.page_width = Mm(297), Mm(210)
        section.top_margin, section.bottom_margin = Mm(37), Mm(35)
        section.left_margin, section.right_margin = Mm(28), Mm(26)
        normal = doc.styles["Normal"]
        normal.font.name = BODY_FONT
        normal.font.size = SIZE_3
        normal.element.rPr.rFonts.set(qn("w:eastAsia"), BODY_FONT)

        _para(doc, "{%p if doc_no %}", BODY_FONT, SIZE_3)
        _para(doc, "{{ doc_no }}", BODY_FONT, SIZE_3, WD_ALIGN_PARAGRAPH.CENTER)
        _para(doc, "{%p endif %}", BODY_FONT, SIZE_3)
        _para(doc, "{{ title }}", TITLE_FONT, SIZE_2, WD_ALIGN_PARAGRAPH.CENTER)
        _para(doc, "", BODY_FONT, SIZE_3)
        _para(doc, "{%p if addressee %}", BODY_FONT, SIZE_3)
        _para(doc, "{{ addressee }}：", BODY_FONT, SIZE_3)
        _para(doc, "{%p endif %}", BODY_FONT, SIZE_3)
        _para(doc, "{%p for p in paragraphs %}", BODY_FONT, SIZE_3)
        _para(doc, "{%p if p.level == 1 %}", BODY_FONT, SIZE_3)
        _para(doc, "{{ p.text }}", H1_FONT, SIZE_3, indent=True)
        _para(doc, "{%p elif p.level == 2 %}", BODY_FONT, SIZE_3)
        _para(doc, "{{ p.text }}", H2_FONT, SIZE_3, indent=True)
        _para(doc, "{%p else %}", BODY_FONT, SIZE_3)
        _para(doc, "{{ p.text }}", BODY_FONT, SIZE_3, indent=True)
        _para(doc, "{%p endif %}", BODY_FONT, SIZE_3)
        _para(doc, "{%p endfor %}", BODY_FONT, SIZE_3)
        _para(doc, "", BODY_FONT, SIZE_3)
        _para(doc, "{{ signature }}", BODY_FONT, SIZE_3, WD_ALIGN_PARAGRAPH.RIGHT)
        _para(doc, "{{ date }}", BODY_FONT, SIZE_3, WD_ALIGN_PARAGRAPH.RIGHT)

        BUILTIN_DIR.mkdir(parents=True, exist_ok=True)
        target = BUILTIN_DIR / "official.docx"
        doc.save(str(target))
        self.stdout.write(str(target))
