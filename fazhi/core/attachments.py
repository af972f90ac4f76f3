"""Attachments: size, extension and content checks, SHA-256, stored under a
random name in the owner's unit (docs/security.md, "Uploads").

The extension must be one a township allows (FAZHI_ATTACHMENT_EXTENSIONS), the
browser's declared type must fit it, and the first bytes must be what the
extension says: `filetype` reads the file's signature, so an .exe renamed .pdf
is refused with a message naming the file. The file is stored under a random
name (core.models.support.attachment_path); the name the user gave is kept in
the row for display and for the download's Content-Disposition.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

import filetype
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from . import audit
from .errors import RuleViolation
from .models import Attachment, OrgUnit

# Bytes read to recognise a file (filetype's own window).
SNIFF_BYTES = 8192
# What a browser sends when it does not know a file's type: never a refusal.
GENERIC_DECLARED = frozenset(
    {"", "application/octet-stream", "binary/octet-stream", "application/unknown"}
)
# Office 97-2003 files (.doc, .xls) are OLE compound files; filetype names the
# common ones and leaves the rest unnamed, so the container's signature is
# accepted for these extensions.
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
OLE = "application/x-ole-storage"
TEXT = "text/plain"
_ZIP_FAMILY = frozenset(
    {
        "application/zip",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "application/vnd.oasis.opendocument.text",
        "application/vnd.oasis.opendocument.spreadsheet",
        "application/epub+zip",
    }
)
_OLE_FAMILY = frozenset(
    {OLE, "application/msword", "application/vnd.ms-excel", "application/vnd.ms-powerpoint"}
)
# Programs: refused whatever the extension.
_EXECUTABLE = frozenset(
    {
        "application/x-msdownload",
        "application/x-executable",
        "application/x-mach-binary",
        "application/x-shockwave-flash",
        "application/x-google-chrome-extension",
        "application/x-deb",
        "application/x-rpm",
        "application/wasm",
    }
)


_ZIP_DECLARED = frozenset(
    {"application/zip", "application/x-zip-compressed", "application/x-zip", "multipart/x-zip"}
)


@dataclass(frozen=True)
class Kind:
    """What the content of a file with this extension may be recognised as
    (`sniffed`), and which types a browser may declare for it (`declared`)."""

    sniffed: frozenset[str]
    declared: frozenset[str]


def _kind(sniffed: set[str] | frozenset[str], declared: set[str] | frozenset[str]) -> Kind:
    return Kind(frozenset(sniffed), frozenset(declared))


_DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
KINDS: dict[str, Kind] = {
    "pdf": _kind({"application/pdf"}, {"application/pdf", "application/x-pdf"}),
    "doc": _kind(_OLE_FAMILY, {"application/msword"}),
    "xls": _kind(_OLE_FAMILY, {"application/vnd.ms-excel", "application/msexcel"}),
    "docx": _kind({_DOCX, "application/zip"}, {_DOCX} | _ZIP_DECLARED),
    "xlsx": _kind({_XLSX, "application/zip"}, {_XLSX} | _ZIP_DECLARED),
    "jpg": _kind({"image/jpeg"}, {"image/jpeg", "image/pjpeg", "image/jpg"}),
    "jpeg": _kind({"image/jpeg"}, {"image/jpeg", "image/pjpeg", "image/jpg"}),
    "png": _kind({"image/png"}, {"image/png", "image/x-png"}),
    "txt": _kind({TEXT}, {TEXT}),
    # OFD (GB/T 33190) is a zip package.
    "ofd": _kind(_ZIP_FAMILY, {"application/ofd"} | _ZIP_DECLARED),
    "zip": _kind(_ZIP_FAMILY, _ZIP_DECLARED),
    "mp3": _kind({"audio/mpeg"}, {"audio/mpeg", "audio/mp3", "audio/mpeg3"}),
    "mp4": _kind(
        {"video/mp4", "video/x-m4v", "video/quicktime", "audio/mp4"},
        {"video/mp4", "audio/mp4", "application/mp4"},
    ),
}


def extension_of(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def sniff(upload: UploadedFile) -> str:
    """The file's type as its first bytes say (filetype); `text/plain` for
    content no signature names and holding no NUL byte; "" when unknown."""
    upload.seek(0)
    head = upload.read(SNIFF_BYTES)
    upload.seek(0)
    if isinstance(head, str):  # a text-mode file object
        head = head.encode()
    found = filetype.guess_mime(bytearray(head))
    if found:
        return str(found)
    if head.startswith(OLE_SIGNATURE):
        return OLE
    if b"\x00" not in head:
        return TEXT
    return ""


def check_upload(upload: UploadedFile, field: str = "file") -> str:
    """Refuse a file too large, of an extension not allowed, declared as another
    type, or whose content is not what its extension says. Returns the
    recognised type (stored as the attachment's `mime`)."""
    name = upload.name or ""
    limit = settings.FAZHI_ATTACHMENT_MAX_BYTES
    if upload.size and upload.size > limit:
        raise RuleViolation(
            _("附件“%(name)s”大小为%(size)sKB，超过上限%(limit)sMB。")
            % {"name": name, "size": upload.size // 1024, "limit": limit // (1024 * 1024)},
            field=field,
        )
    ext = extension_of(name)
    if ext not in settings.FAZHI_ATTACHMENT_EXTENSIONS:
        raise RuleViolation(
            _("附件“%(name)s”的类型不允许，允许的类型：%(allowed)s。")
            % {"name": name, "allowed": "、".join(settings.FAZHI_ATTACHMENT_EXTENSIONS)},
            field=field,
        )
    kind = KINDS.get(ext)
    declared = (getattr(upload, "content_type", "") or "").split(";")[0].strip().lower()
    if kind and declared not in GENERIC_DECLARED and declared not in kind.declared:
        raise RuleViolation(
            _("附件“%(name)s”声明的类型（%(declared)s）与扩展名“.%(ext)s”不符，已拒收。")
            % {"name": name, "declared": declared, "ext": ext},
            field=field,
        )
    sniffed = sniff(upload)
    # An extension a township added that has no entry in KINDS: any
    # recognised content but a program passes.
    unknown_ok = kind is None and sniffed and sniffed not in _EXECUTABLE
    if not unknown_ok and (kind is None or sniffed not in kind.sniffed):
        raise RuleViolation(
            _("附件“%(name)s”的内容与扩展名“.%(ext)s”不符（内容为%(found)s），已拒收。")
            % {"name": name, "ext": ext, "found": sniffed or _("无法识别的格式")},
            field=field,
        )
    return sniffed


def sha256_of(upload: UploadedFile) -> str:
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


@transaction.atomic
def attach(
    owner: models.Model, upload: UploadedFile, *, unit: OrgUnit, by: Any, description: str = ""
) -> Attachment:
    mime = check_upload(upload)
    att = Attachment(
        unit=unit,
        content_type=ContentType.objects.get_for_model(owner),
        object_id=owner.pk,
        name=(upload.name or "file")[:200],
        size=upload.size or 0,
        mime=mime[:100],
        sha256=sha256_of(upload),
        description=description,
        uploaded_by=by if getattr(by, "is_authenticated", False) else None,
    )
    att.file.save(att.name, upload, save=False)
    att.save()
    audit.record(
        owner,
        by=by,
        action="update",
        changes={audit.ATTACHMENT_KEY: [None, f"{att.name} sha256:{att.sha256[:12]}"]},
    )
    return att


def attachments_of(owner: models.Model) -> models.QuerySet[Attachment]:
    return Attachment.objects.filter(
        content_type=ContentType.objects.get_for_model(owner), object_id=owner.pk
    )
