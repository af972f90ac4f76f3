"""Attachments: size and type limits, SHA-256, stored under the owner's unit."""

from __future__ import annotations

import hashlib
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction

from . import audit
from .errors import RuleViolation
from .models import Attachment, OrgUnit


def check_upload(upload: UploadedFile, field: str = "file") -> None:
    limit = settings.FAZHI_ATTACHMENT_MAX_BYTES
    if upload.size and upload.size > limit:
        raise RuleViolation(
            f"附件“{upload.name}”大小为{upload.size // 1024}KB，"
            f"超过上限{limit // (1024 * 1024)}MB。",
            field=field,
        )
    ext = (upload.name or "").rsplit(".", 1)[-1].lower() if "." in (upload.name or "") else ""
    if ext not in settings.FAZHI_ATTACHMENT_EXTENSIONS:
        allowed = "、".join(settings.FAZHI_ATTACHMENT_EXTENSIONS)
        raise RuleViolation(
            f"附件“{upload.name}”的类型不允许，允许的类型：{allowed}。", field=field
        )


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
    check_upload(upload)
    att = Attachment(
        unit=unit,
        content_type=ContentType.objects.get_for_model(owner),
        object_id=owner.pk,
        name=(upload.name or "file")[:200],
        size=upload.size or 0,
        mime=getattr(upload, "content_type", "") or "",
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
        changes={"附件": [None, f"{att.name} sha256:{att.sha256[:12]}"]},
    )
    return att


def attachments_of(owner: models.Model) -> models.QuerySet[Attachment]:
    return Attachment.objects.filter(
        content_type=ContentType.objects.get_for_model(owner), object_id=owner.pk
    )
