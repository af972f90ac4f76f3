"""Open government information published on the office's own initiative
(主动公开, 政府信息公开条例第二十条至第二十六条): the township catalogue and each
item published within 20 working days."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from fazhi.core import audit, steps
from fazhi.core import workflow as core_workflow
from fazhi.core.errors import RuleViolation
from fazhi.core.i18n import stored
from fazhi.core.models import OrgUnit

from .. import rules
from ..models import DisclosureCatalogueItem, ProactiveDisclosure
from ._common import CLOCK_PROACTIVE, _users, _within_parent

# 条例第二十一条 (township items) and the general items of 第二十条 a township holds.
STANDARD_CATALOGUE: list[tuple[str, str, str]] = [
    ("20-01", gettext_noop("行政法规、规章和规范性文件"), gettext_noop("第二十条第一项")),
    (
        "20-02",
        gettext_noop("机关职能、机构设置、办公地址、办公时间、联系方式、负责人姓名"),
        gettext_noop("第二十条第二项"),
    ),
    (
        "20-06",
        gettext_noop("行政处罚、行政强制的依据、条件、程序及有社会影响的决定"),
        gettext_noop("第二十条第六项"),
    ),
    ("20-08", gettext_noop("财政预算、决算信息"), gettext_noop("第二十条第八项")),
    (
        "20-11",
        gettext_noop("扶贫、教育、医疗、社会保障、促进就业等方面的政策、措施及其实施情况"),
        gettext_noop("第二十条第十一项"),
    ),
    ("21-01", gettext_noop("贯彻落实农业农村政策的情况"), gettext_noop("第二十一条")),
    ("21-02", gettext_noop("农田水利工程建设运营的情况"), gettext_noop("第二十一条")),
    ("21-03", gettext_noop("农村土地承包经营权流转的情况"), gettext_noop("第二十一条")),
    ("21-04", gettext_noop("宅基地使用情况审核"), gettext_noop("第二十一条")),
    ("21-05", gettext_noop("土地征收"), gettext_noop("第二十一条")),
    ("21-06", gettext_noop("房屋征收"), gettext_noop("第二十一条")),
    ("21-07", gettext_noop("筹资筹劳"), gettext_noop("第二十一条")),
    ("21-08", gettext_noop("社会救助"), gettext_noop("第二十一条")),
]


@transaction.atomic
def load_standard_catalogue(unit: OrgUnit, *, by: Any) -> int:
    """Give a township the catalogue of 条例第二十条、第二十一条 as data
    (idempotent: existing codes are kept as the township edited them)."""
    steps.check_writer(by)
    core_workflow.check_unit_in_scope(unit, by)
    existing = set(DisclosureCatalogueItem.objects.filter(unit=unit).values_list("code", flat=True))
    rows = [
        DisclosureCatalogueItem(
            unit=unit,
            code=code,
            name=name,
            article=f"{rules.OGI_REG}{article}",
            order=i,
            created_by=by,
        )
        for i, (code, name, article) in enumerate(STANDARD_CATALOGUE)
        if code not in existing
    ]
    DisclosureCatalogueItem.objects.bulk_create(rows)
    return len(rows)


@transaction.atomic
def register_proactive(pd: ProactiveDisclosure, *, by: Any) -> ProactiveDisclosure:
    """Register information to publish; 20 working days from its creation or
    change (条例第二十六条)."""
    _within_parent(pd, "item")
    core_workflow.create_record(pd, by=by)
    c = steps.start_clock(
        pd,
        kind=CLOCK_PROACTIVE,
        label=stored(gettext_noop("主动公开：%(title)s"), title=pd.title[:60]),
        start_date=pd.created_on,
        length=rules.PROACTIVE_WORKING_DAYS,
        unit="working",
        by=by,
        legal_basis=rules.PROACTIVE_RULE,
        recipients=_users(by),
    )
    ProactiveDisclosure.objects.filter(pk=pd.pk).update(due_date=c.due_date)
    pd.due_date = c.due_date
    return pd


@transaction.atomic
def publish_proactive(pd: ProactiveDisclosure, *, on: dt.date, by: Any) -> ProactiveDisclosure:
    """Publish the information; on time if within 20 working days of its
    creation or change (条例第二十六条), as the clock says."""
    pd = steps.lock(pd, by=by)
    if pd.status != ProactiveDisclosure.Status.PENDING:
        raise RuleViolation(_("该信息已公开或已撤回。"))
    steps.check_not_before(on, pd.created_on, "on", _("公开日期"), _("信息形成日期"))
    before = audit.snapshot(pd)
    c = steps.stop_clock(pd, CLOCK_PROACTIVE, on, by)
    pd.status = ProactiveDisclosure.Status.PUBLISHED
    pd.published_on = on
    due = c.due_date if c is not None else pd.due_date
    pd.on_time = due is None or on <= due
    return steps.save_audited(
        pd,
        by=by,
        before=before,
        note=gettext_noop("公开") if pd.on_time else gettext_noop("公开（超过20个工作日）"),
        clean=True,
    )


@transaction.atomic
def withdraw_proactive(
    pd: ProactiveDisclosure, *, on: dt.date, reason: str, by: Any
) -> ProactiveDisclosure:
    """Withdraw information not to be published, with the reason; its clock stops."""
    pd = steps.lock(pd, by=by)
    reason = steps.require_text(reason, "reason", _("撤回理由"))
    # The 20-working-day clock runs from the day the information was formed; a
    # withdrawal dated earlier is refused rather than moved (core.steps.stop_clock
    # would stop the clock on its first day).
    steps.check_not_before(on, pd.created_on, "on", _("撤回日期"), _("信息形成日期"))
    before = audit.snapshot(pd)
    steps.stop_clock(pd, CLOCK_PROACTIVE, on, by)
    pd.status = ProactiveDisclosure.Status.WITHDRAWN
    return steps.save_audited(
        pd,
        by=by,
        before=before,
        note=stored(gettext_noop("撤回：%(reason)s"), reason=reason),
        clean=True,
    )
