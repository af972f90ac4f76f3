"""The rule-of-law assessment (法治政府建设考核): scores computed from the
platform's indicators, and scores entered with evidence."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from fazhi.core import audit, steps
from fazhi.core.errors import RuleViolation
from fazhi.core.i18n import stored
from fazhi.core.indicators import REGISTRY as INDICATORS
from fazhi.core.indicators import Period
from fazhi.core.models import OrgUnit
from fazhi.core.scope import units_visible_to

from ..models import Assessment, AssessmentItem, AssessmentScore


def computable(item: AssessmentItem) -> bool:
    """An item the platform scores itself: its `source_key` names a rate
    indicator (core.indicators); any other item is entered by hand."""
    ind = INDICATORS.get(item.source_key)
    return ind is not None and ind.is_rate


def manual_items(assessment: Assessment) -> QuerySet[AssessmentItem]:
    """The items of `assessment` scored by hand: those the platform does not
    score itself (`computable`). 录入得分 takes these only; its form offers
    them."""
    rates = [key for key, ind in INDICATORS.items() if ind.is_rate]
    return AssessmentItem.objects.filter(assessment=assessment).exclude(source_key__in=rates)


@transaction.atomic
def compute_scores(assessment: Assessment, *, targets: Iterable[OrgUnit], by: Any) -> int:
    """Score the items whose data the platform holds: max × rate / 100 from the
    indicator named by `source_key` over the target's records of the year. A
    target with no such records that year (no request to answer, no finding
    to rectify) has nothing to deduct for: full marks, and the evidence says
    why (考核细则: 未发生此类事项的，不扣分)."""
    assessment = steps.lock(assessment, by=by)
    period = Period.year(assessment.year)
    allowed = set(units_visible_to(by).values_list("pk", flat=True))
    n = 0
    for item in assessment.items.all():
        if not computable(item):
            continue
        for target in targets:
            if target.pk not in allowed or not assessment.unit.contains(target):
                raise RuleViolation(
                    _("被考核单位“%(target)s”不在考核范围内。") % {"target": target},
                    field="targets",
                )
            value = INDICATORS[item.source_key].compute(target, period)
            label = INDICATORS[item.source_key].label
            if value is None:
                score = item.max_score
                evidence = stored(
                    gettext_noop("%(year)s年无“%(label)s”所计事项，不扣分"),
                    year=assessment.year,
                    label=label,
                )
            else:
                rate = Decimal(str(value))
                score = (item.max_score * rate / Decimal(100)).quantize(Decimal("0.1"))
                evidence = stored(
                    gettext_noop("系统按“%(label)s”%(value)s%%计算"), label=label, value=value
                )
            AssessmentScore.objects.update_or_create(
                item=item,
                target=target,
                defaults={
                    "assessment": assessment,
                    "score": score,
                    "computed": True,
                    "evidence": evidence,
                },
            )
            n += 1
    audit.record(
        assessment,
        by=by,
        action="update",
        note=stored(gettext_noop("系统计算考核得分 %(n)s 项"), n=n),
    )
    return n


@transaction.atomic
def enter_score(
    assessment: Assessment,
    *,
    item: AssessmentItem,
    target: OrgUnit,
    score: Decimal,
    evidence: str,
    by: Any,
) -> AssessmentScore:
    """Enter a score the platform cannot compute; evidence is required."""
    assessment = steps.lock(assessment, by=by)
    if item.assessment_id != assessment.pk:
        raise RuleViolation(_("考核指标不属于本次考核。"), field="item")
    if not manual_items(assessment).filter(pk=item.pk).exists():
        raise RuleViolation(_("该指标由系统根据业务数据计算，不能手工录入。"), field="item")
    if (
        not assessment.unit.contains(target)
        or not units_visible_to(by).filter(pk=target.pk).exists()
    ):
        raise RuleViolation(_("被考核单位不在考核范围内。"), field="target")
    if score < 0 or score > item.max_score:
        raise RuleViolation(
            _("得分应在0至%(max_score)s之间。") % {"max_score": item.max_score}, field="score"
        )
    evidence = steps.require_text(evidence, "evidence", _("评分依据或佐证材料"))
    row, _created = AssessmentScore.objects.update_or_create(
        item=item,
        target=target,
        defaults={
            "assessment": assessment,
            "score": score,
            "computed": False,
            "evidence": evidence,
        },
    )
    audit.record(
        assessment, by=by, action="update", changes={f"{target} {item}": [None, str(score)]}
    )
    return row
