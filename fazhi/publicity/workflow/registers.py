"""The standing registers: legal culture sites (法治文化阵地), legal-literate
villagers (法律明白人) and democratic rule-of-law model villages (民主法治示范村)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from fazhi.core import steps
from fazhi.core.errors import RuleViolation
from fazhi.core.models import OrgUnit

from ..models import CultureSite, LegalLiterateVillager, ModelVillage
from ._common import save_record


@transaction.atomic
def save_culture_site(
    site: CultureSite, *, by: Any, version: int | None = None, before: dict[str, Any] | None = None
) -> CultureSite:
    """A site's dates are things that happened: opened, refreshed and closed
    not after today and not before it was opened."""
    if site.opened_on:
        steps.check_date(site.opened_on, "opened_on", _("建成日期"))
    if site.last_refreshed_on:
        steps.check_date(
            site.last_refreshed_on,
            "last_refreshed_on",
            _("最近更新日期"),
            not_before=site.opened_on,
            before_what=_("建成日期"),
        )
    if site.closed_on:
        steps.check_not_before(
            site.closed_on, site.opened_on, "closed_on", _("撤除日期"), _("建成日期")
        )
    return save_record(site, by=by, version=version, before=before)


@transaction.atomic
def save_villager(
    villager: LegalLiterateVillager,
    *,
    by: Any,
    version: int | None = None,
    before: dict[str, Any] | None = None,
) -> LegalLiterateVillager:
    """法律明白人 are villagers of their village: the person must be registered
    in the village (or a group under it), and is on the register once at a time."""
    person = villager.person
    if not person.unit.path.startswith(villager.unit.path):
        raise RuleViolation(
            _("“%(person)s”不是%(unit)s的人员。") % {"person": person, "unit": villager.unit},
            field="person",
        )
    if villager.appointed_on:
        steps.check_date(villager.appointed_on, "appointed_on", _("确定日期"))
    if villager.ended_on:
        steps.check_not_before(
            villager.ended_on, villager.appointed_on, "ended_on", _("退出日期"), _("确定日期")
        )
    _check_unique_active(villager)
    return save_record(villager, by=by, version=version, before=before)


def _check_unique_active(villager: LegalLiterateVillager) -> None:
    if villager.ended_on is None:
        clash = LegalLiterateVillager.objects.filter(person=villager.person, ended_on__isnull=True)
        if villager.pk:
            clash = clash.exclude(pk=villager.pk)
        if clash.exists():
            raise RuleViolation(
                _("“%(person)s”已是在册法律明白人。") % {"person": villager.person}, field="person"
            )


@transaction.atomic
def save_model_village(
    village: ModelVillage,
    *,
    by: Any,
    version: int | None = None,
    before: dict[str, Any] | None = None,
) -> ModelVillage:
    """Only a village or community is named a model village, in a year that
    has begun, and revoked no earlier than it was named."""
    if village.unit.kind not in (OrgUnit.Kind.VILLAGE, OrgUnit.Kind.COMMUNITY):
        raise RuleViolation(_("民主法治示范村应选择村或社区。"), field="unit")
    if village.awarded_year and village.awarded_year > steps.today().year:
        raise RuleViolation(_("命名年度不能晚于今年。"), field="awarded_year")
    if village.revoked_year and village.revoked_year < village.awarded_year:
        raise RuleViolation(_("撤销年度不能早于命名年度。"), field="revoked_year")
    return save_record(village, by=by, version=version, before=before)
