"""Uploads (issue 17, "Transport, headers, uploads"; docs/security.md "Uploads"):
the content is sniffed against the extension and the declared type, the size
limit is a setting, the file is stored under a random name, and it is served
as a download the browser may not sniff, to the owner and a colleague in scope
only (the outsider gets 404)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from fazhi.core.attachments import attach, check_upload
from fazhi.core.errors import RuleViolation
from fazhi.core.models import Attachment, Person
from tests.factories import PersonFactory, World

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 200
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 64
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64
OLE_DOC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1024


@pytest.fixture(autouse=True)
def media(tmp_path: Path, settings) -> Path:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def owner_record(world: World) -> Person:
    return PersonFactory(unit=world.village)


def _docx() -> bytes:
    document = docx.Document()
    document.add_paragraph("调解协议书")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _xlsx() -> bytes:
    out = io.BytesIO()
    openpyxl.Workbook().save(out)
    return out.getvalue()


def _zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("照片说明.txt", "现场照片")
    return out.getvalue()


def _refusal(name: str, content: bytes, declared: str = "") -> str:
    with pytest.raises(RuleViolation) as exc:
        check_upload(SimpleUploadedFile(name, content, declared or None))
    return " ".join(exc.value.messages)


# --- content sniffing -----------------------------------------------------


def test_exe_renamed_pdf_is_refused_with_a_message_naming_the_file(
    world: World, owner_record: Person, media: Path
) -> None:
    with pytest.raises(RuleViolation) as exc:
        attach(
            owner_record,
            SimpleUploadedFile("调查报告.pdf", EXE, "application/pdf"),
            unit=world.village,
            by=world.owner,
        )
    message = " ".join(exc.value.messages)
    assert "调查报告.pdf" in message and "不符" in message, message
    assert exc.value.field == "file"
    assert not Attachment.objects.exists()
    assert not any(p.is_file() for p in media.rglob("*")), "nothing written to disk"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("照片.jpg", ELF),
        ("照片.png", JPEG),
        ("笔录.docx", PDF),
        ("报表.xlsx", EXE),
        ("笔录.txt", b"\x00\x01\x02binary"),
        ("录音.mp3", PDF),
        ("压缩包.zip", EXE),
    ],
)
def test_content_that_is_not_what_the_extension_says_is_refused(name: str, content: bytes) -> None:
    message = _refusal(name, content)
    assert name in message and "不符" in message


def test_declared_type_must_fit_the_extension() -> None:
    message = _refusal("决定书.pdf", PDF, "application/x-msdownload")
    assert "决定书.pdf" in message and "application/x-msdownload" in message


@pytest.mark.parametrize(
    ("name", "content", "declared", "recognised"),
    [
        ("决定书.pdf", PDF, "application/pdf", "application/pdf"),
        ("决定书.PDF", PDF, "application/octet-stream", "application/pdf"),
        ("协议书.docx", _docx(), "", "application/vnd.openxmlformats-officedocument"),
        (
            "台账.xlsx",
            _xlsx(),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "application/vnd.openxmlformats-officedocument",
        ),
        ("旧文件.doc", OLE_DOC, "application/msword", "application/x-ole-storage"),
        ("现场.jpg", JPEG, "image/jpeg", "image/jpeg"),
        ("现场.png", PNG, "image/png", "image/png"),
        ("笔录.txt", "2024年3月7日现场勘验笔录".encode(), "text/plain", "text/plain"),
        ("材料.zip", _zip(), "application/x-zip-compressed", "application/zip"),
    ],
)
def test_genuine_files_pass_and_their_recognised_type_is_returned(
    name: str, content: bytes, declared: str, recognised: str
) -> None:
    assert check_upload(SimpleUploadedFile(name, content, declared or None)).startswith(recognised)


def test_the_extension_list_is_still_checked_first() -> None:
    assert "类型不允许" in _refusal("病毒.exe", EXE)


@override_settings(FAZHI_ATTACHMENT_EXTENSIONS=["pdf", "dwg"])
def test_an_extension_a_township_adds_still_refuses_programs() -> None:
    assert "图纸.dwg" in _refusal("图纸.dwg", EXE)


# --- size limit -----------------------------------------------------------


def test_size_limit_is_a_setting_of_20_mb_by_default() -> None:
    assert django_settings.FAZHI_ATTACHMENT_MAX_BYTES == 20 * 1024 * 1024


@override_settings(FAZHI_ATTACHMENT_MAX_BYTES=1024 * 1024)
def test_a_file_over_the_limit_is_refused_naming_it() -> None:
    message = _refusal("大文件.pdf", PDF + b"0" * (1024 * 1024))
    assert "大文件.pdf" in message and "超过上限1MB" in message
    assert check_upload(SimpleUploadedFile("小文件.pdf", PDF, None)) == "application/pdf"


# --- storage under a random name -----------------------------------------


def test_stored_under_a_random_name_the_given_name_kept_for_display(
    world: World, owner_record: Person, media: Path
) -> None:
    first = attach(
        owner_record,
        SimpleUploadedFile("../../证据 1.pdf", PDF, None),
        unit=world.village,
        by=world.owner,
    )
    second = attach(
        owner_record,
        SimpleUploadedFile("../../证据 1.pdf", PDF, None),
        unit=world.village,
        by=world.owner,
    )
    assert first.name == "证据 1.pdf"  # shown and sent back on download, path dropped
    for att in (first, second):
        stored = att.file.name
        assert "证据" not in stored and ".." not in stored and att.sha256 not in stored
        assert stored.startswith("attachments/") and stored.endswith(".pdf")
        assert (media / stored).read_bytes() == PDF
    assert first.file.name != second.file.name


# --- download -------------------------------------------------------------


def test_download_is_an_attachment_the_browser_may_not_sniff(
    world: World, owner_record: Person
) -> None:
    att = attach(
        owner_record,
        SimpleUploadedFile("调解协议书.pdf", PDF, "application/pdf"),
        unit=world.village,
        by=world.owner,
    )
    response = world.client(world.owner).get(f"/attachments/{att.pk}/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''%E8%B0%83%E8%A7%A3" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"
    assert "sandbox" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content) == PDF  # type: ignore[attr-defined]


def test_download_owner_and_colleague_in_scope_outsider_404(
    world: World, owner_record: Person
) -> None:
    att = attach(
        owner_record,
        SimpleUploadedFile("证据.jpg", JPEG, "image/jpeg"),
        unit=world.village,
        by=world.owner,
    )
    url = f"/attachments/{att.pk}/"
    assert world.client(world.owner).get(url).status_code == 200
    assert world.client(world.colleague).get(url).status_code == 200
    assert world.client(world.outsider).get(url).status_code == 404
    assert world.client(world.village2_cadre).get(url).status_code == 404
