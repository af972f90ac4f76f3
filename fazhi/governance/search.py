"""What a normative document contributes to the cross-module search
(core.search): its unified number and title."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from fazhi.core import search

from .models import NormativeDocument


def document(d: NormativeDocument) -> search.Document:
    return search.Document(
        title=f"{d.title}（{d.doc_no}）" if d.doc_no else d.title,
        unit=d.unit,
        keys=[d.doc_no],
    )


def register() -> None:
    search.register(
        NormativeDocument,
        module="governance",
        module_label=_("依法行政"),
        document=document,
        order=40,
    )
