"""What a publicity activity contributes to the cross-module search
(core.search): its title and place."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from fazhi.core import search

from .models import PublicityActivity


def document(a: PublicityActivity) -> search.Document:
    return search.Document(
        title=a.title,
        unit=a.unit,
        body=[a.venue, a.laws],
    )


def register() -> None:
    search.register(
        PublicityActivity,
        module="publicity",
        module_label=_("普法与学法"),
        document=document,
        order=50,
    )
