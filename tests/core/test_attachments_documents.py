import hashlib
import io

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from docx.shared import Mm

from fazhi.core.attachments import attach
from fazhi.core.documents import Document, render
from fazhi.core.errors import RuleViolation
from fazhi.core.models import Attachment
from tests.factories import PersonFactory, World

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(tmp_path, settings):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path


def test_attach_stores_sha256_and_serves_in_scope_only(world: World) -> None:
    owner = PersonFactory(unit=world.village)
    content = b"\xff\xd8\xff\xe0\x00\x10JFIF evidence photo bytes"  # a JPEG's signature
    att = attach(
        owner,
        SimpleUploadedFile("证据.jpg", content, "image/jpeg"),
        unit=world.village,
        by=world.owner,
    )
    assert att.sha256 == hashlib.sha256(content).hexdigest() and att.size == len(content)
    url = f"/attachments/{att.pk}/"
    assert world.client(world.owner).get(url).status_code == 200
    assert world.client(world.village2_cadre).get(url).status_code == 404
    assert world.client(world.outsider).get(url).status_code == 404


@override_settings(FAZHI_ATTACHMENT_MAX_BYTES=10)
def test_oversize_upload_refused_nothing_saved(world: World) -> None:
    owner = PersonFactory(unit=world.village)
    with pytest.raises(RuleViolation) as exc:
        attach(owner, SimpleUploadedFile("大.pdf", b"x" * 11), unit=world.village, by=world.owner)
    assert "超过上限" in str(exc.value)
    assert not Attachment.objects.exists()


def test_disallowed_type_refused(world: World) -> None:
    owner = PersonFactory(unit=world.village)
    with pytest.raises(RuleViolation) as exc:
        attach(owner, SimpleUploadedFile("病毒.exe", b"MZ"), unit=world.village, by=world.owner)
    assert "类型不允许" in str(exc.value)


def test_official_document_layout() -> None:
    doc = Document(title="信访事项受理告知书", doc_no="湘源信〔2024〕3号", addressee="盘阿妹")
    doc.add("一、基本情况", 1).add("您反映的问题已受理。")
    data = render(doc)
    parsed = docx.Document(io.BytesIO(data))
    texts = [p.text for p in parsed.paragraphs]
    assert "信访事项受理告知书" in texts and "湘源信〔2024〕3号" in texts and "盘阿妹：" in texts
    section = parsed.sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(1) and abs(section.page_height - Mm(297)) < Mm(1)
    title = next(p for p in parsed.paragraphs if p.text == "信访事项受理告知书")
    assert title.runs[0].font.size.pt == 22  # 二号
    body = next(p for p in parsed.paragraphs if p.text == "您反映的问题已受理。")
    assert body.runs[0].font.size.pt == 16  # 三号
    east_asia = body.runs[0]._element.rPr.rFonts.get(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia"
    )
    assert east_asia == "仿宋_GB2312"


def test_template_escapes_user_text() -> None:
    doc = Document(title="<标题&>").add("正文 <w:p> & 内容")
    parsed = docx.Document(io.BytesIO(render(doc)))
    assert "正文 <w:p> & 内容" in [p.text for p in parsed.paragraphs]


def test_document_context_prints_no_python_values() -> None:
    """A generated document never shows True/False/None or an ISO date."""
    import datetime as dt

    from fazhi.core.documents import Document

    doc = Document(
        title="通知",
        extra={
            "flag": True,
            "off": False,
            "nothing": None,
            "on": dt.date(2024, 3, 5),
            "rows": [{"ok": True, "day": dt.date(2026, 12, 4)}],
        },
    )
    ctx = doc.context()
    assert (ctx["flag"], ctx["off"], ctx["nothing"], ctx["on"]) == ("是", "否", "", "2024年3月5日")
    assert ctx["rows"] == [{"ok": "是", "day": "2026年12月4日"}]
