"""行政执法人员名册 imported (issue 18): each row an officer and the
certificate they hold, recorded through `workflow.record_roster_entry` — the
officer registered (or their title and fields brought up to date), the
certificate recorded with the dates the roster gives, or, when fazhi already
holds that certificate number, updated instead of duplicated. A certificate
whose validity has ended imports as expired; importing the same roster again
changes nothing."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.core.errors import RuleViolation
from fazhi.core.ledger_import import Column, Context, LedgerKind, register
from fazhi.core.ledger_import import values as V
from fazhi.core.ledger_import.matching import Units
from fazhi.core.models import OrgUnit, Person
from fazhi.core.roles import Role

from . import workflow
from .models import Certificate, EnforcementField

SAMPLES = Path(__file__).resolve().parent / "samples"
DEFAULT_AUTHORITY = "湖南省人民政府"

GENDERS: dict[str, str] = {
    "男": Person.Gender.MALE,
    "男性": Person.Gender.MALE,
    "女": Person.Gender.FEMALE,
    "女性": Person.Gender.FEMALE,
}

COLUMNS = (
    Column("seq", "序号"),
    Column("name", "姓名", ("执法人员姓名", "持证人"), required=True),
    Column("gender", "性别", (), type="choice", choices=GENDERS),
    Column("id_number", "身份证号码", ("身份证号", "公民身份号码"), type="id_number"),
    Column("unit_name", "单位", ("执法主体", "单位/执法主体", "所在单位", "工作单位", "执法单位")),
    Column("title", "职务", ("职务/职级", "职级", "职务职级")),
    Column(
        "cert_number",
        "执法证号",
        ("执法证件号", "执法证编号", "执法证件编号", "证件编号", "证号", "执法证件号码"),
        required=True,
    ),
    Column(
        "fields",
        "执法类别",
        ("执法领域", "执法类别/执法领域", "执法范围", "执法种类", "执法门类"),
        required=True,
    ),
    Column("authority", "发证机关", ("发证单位",)),
    Column("issued_on", "发证日期", ("发证时间", "领证日期"), type="date", required=True),
    Column(
        "expires_on",
        "有效期至",
        ("有效期", "有效期限", "证件有效期", "有效日期", "有效期截止"),
        type="date",
        required=True,
    ),
    Column("phone", "联系电话", ("电话", "手机", "手机号码", "联系方式"), type="phone"),
)
FIELD_COLUMNS = {
    "number": "cert_number",
    "issuing_authority": "authority",
    "person": "name",
}
_TOKENS = re.compile(r"[、，,；;／/\s]+")
_BRACKETS = str.maketrans("", "", "（）()")


def _field_keys(field: EnforcementField) -> list[str]:
    """“自然资源（土地、矿产）” answers to 自然资源, 土地 and 矿产."""
    head, _sep, inner = field.name.partition("（")
    return [field.name, head, *(k for k in _TOKENS.split(inner.rstrip("）")) if k)]


def parse_fields(text: str) -> list[EnforcementField]:
    """The enforcement fields a roster's 执法类别 cell names, loosely; a word
    that names none is refused with the fields fazhi knows."""
    known = list(EnforcementField.objects.all())
    found: dict[int, EnforcementField] = {}
    unknown: list[str] = []
    for token in _TOKENS.split(text.translate(_BRACKETS)):
        if not token:
            continue
        hits = [
            f
            for f in known
            if any(k and (k in token or (len(token) >= 2 and token in k)) for k in _field_keys(f))
        ]
        if hits:
            found.update((f.pk, f) for f in hits)
        else:
            unknown.append(token)
    if unknown:
        names = "、".join(f.name for f in known)
        raise RuleViolation(
            _("“%(unknown)s”不在本系统的执法领域中（%(names)s）。")
            % {"unknown": "、".join(unknown), "names": names},
            field="fields",
        )
    return list(found.values())


def _unit(text: str, ctx: Context) -> OrgUnit:
    """The roster's 单位/执法主体 (“湘江源瑶族乡人民政府”) as a unit of the
    import; a body fazhi does not hold as a unit is the import's unit."""
    if not text:
        return ctx.unit
    short = text.removesuffix("人民政府").removesuffix("政府") or text
    units = Units(ctx.unit)
    for candidate in (text, short):
        try:
            unit, _warning = units.match(candidate)
        except ValueError:
            continue
        return unit
    if ctx.unit.name not in text:
        ctx.warn(
            _("“%(text)s”不是系统中的单位，按“%(unit)s”登记，请确认")
            % {"text": text, "unit": ctx.unit.name}
        )
    return ctx.unit


def _person(values: dict[str, Any], ctx: Context, unit: OrgUnit) -> Person:
    """The holder: the person of the certificate fazhi already holds under
    this number (its name must agree), else the one Person for this name,
    ID number and phone."""
    name = values["name"]
    number = values["cert_number"]
    held = Certificate.objects.filter(number=number).select_related("officer__person").first()
    if held is not None:
        if not Certificate.objects.visible_to(ctx.by).filter(pk=held.pk).exists():
            raise RuleViolation(
                _("执法证号%(number)s已由其他单位登记，请核对。") % {"number": number},
                field="number",
            )
        if held.officer.person.name != name:
            raise RuleViolation(
                _("执法证号%(number)s已登记为“%(name)s”的证件，与本行姓名不符，请核对。")
                % {"number": number, "name": held.officer.person.name},
                field="name",
            )
        return held.officer.person
    id_number = values.get("id_number") or ""
    if id_number and not V.id_number_valid(id_number):
        # The column's warning has said so (values.parse_id_number).
        id_number = ""
    return ctx.person(name, id_number, values.get("phone") or "", unit, values.get("gender") or "")


def create(values: dict[str, Any], ctx: Context) -> Certificate:
    unit = _unit(values.get("unit_name") or "", ctx)
    person = _person(values, ctx, unit)
    authority = values.get("authority") or ""
    if not authority:
        authority = DEFAULT_AUTHORITY
        ctx.warn(_("未填发证机关，按“%(authority)s”登记") % {"authority": DEFAULT_AUTHORITY})
    cert, result = workflow.record_roster_entry(
        workflow.RosterEntry(
            person=person,
            unit=unit,
            title=values.get("title") or "",
            fields=parse_fields(values["fields"]),
            number=values["cert_number"],
            issuing_authority=authority,
            issued_on=values["issued_on"],
            expires_on=values["expires_on"],
        ),
        by=ctx.by,
    )
    ctx.result = result
    if cert.status == Certificate.Status.EXPIRED:
        ctx.warn(
            _("执法证已于%(date)s到期，按“已过期”登记") % {"date": cert.expires_on.isoformat()}
        )
    return cert


def _describe(cert: Any) -> str:
    return f"{cert.officer.person.name} {cert.number}"


KIND = register(
    LedgerKind(
        name="officers",
        label=gettext_lazy("行政执法人员名册"),
        columns=COLUMNS,
        create=create,
        key_fields=("cert_number",),
        list_url="enforcement:officer_list",
        samples=(SAMPLES / "行政执法人员名册样例.xlsx", SAMPLES / "行政执法人员名册样例_GBK.csv"),
        demo=(SAMPLES / "demo" / "湘江源瑶族乡行政执法人员名册.xlsx",),
        writer_roles=frozenset(
            {Role.TOWNSHIP_LEADER, Role.JUDICIAL_OFFICE, Role.ENFORCEMENT_OFFICER}
        ),
        describe=_describe,
        order=40,
        updates=True,
        field_columns=FIELD_COLUMNS,
    )
)
