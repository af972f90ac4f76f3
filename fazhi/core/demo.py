"""The demo township, built by `manage.py load_demo`.

Core builds 蓝山县 → 湘江源瑶族乡 with its villages, offices, leadership group
and one user per role; each module registers a builder (in its AppConfig.ready)
that adds a year of its records. Builders are idempotent: they look records up
by natural keys, so running the command twice changes nothing.

Place names are real (the village list comes from a public encyclopedia page
LAW.md §12 calls unreliable); all people are fictional and their ID numbers are
generated with a valid GB 11643 check digit.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from . import passwords
from .models import GroupMembership, LeadershipGroup, LeadershipRole, OrgUnit, Person, User
from .roles import Role
from .validators import id_check_digit

DEMO_PASSWORD = "fazhi-demo-2024"  # noqa: S105 - printed for the demo on purpose
COUNTY = "蓝山县"
TOWNSHIP = "湘江源瑶族乡"
VILLAGES = ["荆竹村", "紫良村", "坪源村", "大桥村", "源桐村"]
OFFICES = [
    "党政综合办公室",
    "司法所",
    "综治中心（信访办）",
    "综合行政执法队",
    "社会事务综合服务中心",
]


@dataclass
class DemoWorld:
    county: OrgUnit
    township: OrgUnit
    villages: list[OrgUnit]
    offices: dict[str, OrgUnit]
    users: dict[str, User]
    people: dict[str, Person] = field(default_factory=dict)
    rng: random.Random = field(default_factory=lambda: random.Random(2024))
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def admin(self) -> User:
        return self.users["admin"]


Builder = Callable[[DemoWorld], None]
_builders: list[tuple[int, str, Builder]] = []
Setup = Callable[[DemoWorld], object]
_setups: list[tuple[int, str, Setup]] = []


def register(name: str, builder: Builder, order: int = 50) -> None:
    if all(n != name for _, n, _ in _builders):
        _builders.append((order, name, builder))


def register_setup(name: str, setup: Setup, order: int = 50) -> None:
    """A module's part of the township's first-day set-up: the organisations
    and posts its ledgers refer to but do not create (mediation: the
    committees and their mediators, whom a case register names). Run by
    `build_organisation` before any ledger is imported; the module's demo
    builder runs it itself (so it must be idempotent)."""
    if all(n != name for _, n, _ in _setups):
        _setups.append((order, name, setup))


def make_id_number(area: str, birth: dt.date, serial: int, female: bool) -> str:
    seq = serial * 2 + (0 if female else 1)
    first17 = f"{area}{birth:%Y%m%d}{seq % 1000:03d}"
    return first17 + id_check_digit(first17)


def person(world: DemoWorld, name: str, unit: OrgUnit, **fields: Any) -> Person:
    """Get or create a demo person by (unit, name)."""
    key = f"{unit.pk}:{name}"
    if key in world.people:
        return world.people[key]
    obj = Person.objects.filter(unit=unit, name=name).first()
    if obj is None:
        serial = Person.objects.count() + 1
        female = fields.get("gender") == Person.Gender.FEMALE
        birth = fields.pop("birth", dt.date(1970 + serial % 30, 1 + serial % 12, 1 + serial % 27))
        fields.setdefault("id_number", make_id_number("431127", birth, serial, female))
        fields.setdefault("phone", f"1{3 + serial % 6}{serial:09d}"[:11])
        obj = Person.objects.create(
            unit=unit, name=name, created_by=world.users.get("admin"), **fields
        )
    world.people[key] = obj
    return obj


VILLAGE_SECRETARIES = [
    # village, name, gender
    ("荆竹村", "盘有德", Person.Gender.MALE),
    ("紫良村", "赵春生", Person.Gender.MALE),
    ("坪源村", "李德明", Person.Gender.MALE),
    ("大桥村", "邓桂芳", Person.Gender.FEMALE),
    ("源桐村", "盘石生", Person.Gender.MALE),
]
SECRETARY_TITLE = "村党支部书记"


def village_secretaries(world: DemoWorld) -> list[Person]:
    """The five village Party secretaries (cadres), in village order. Shared by
    the builders that need them (publicity's law study, governance's 述法)."""
    villages = {v.name: v for v in world.villages}
    out = []
    for village, name, gender in VILLAGE_SECRETARIES:
        p = person(
            world,
            name,
            villages[village],
            gender=gender,
            is_cadre=True,
            title=SECRETARY_TITLE,
            ethnicity="瑶族" if name.startswith("盘") else "汉族",
        )
        if not p.is_cadre or p.title != SECRETARY_TITLE:
            Person.objects.filter(pk=p.pk).update(is_cadre=True, title=SECRETARY_TITLE)
            p.refresh_from_db()
        out.append(p)
    return out


def _unit(name: str, kind: str, parent: OrgUnit | None, **fields: Any) -> OrgUnit:
    unit, _ = OrgUnit.objects.get_or_create(
        parent=parent, name=name, defaults={"kind": kind, **fields}
    )
    return unit


DEMO_USERS: list[tuple[str, str, str, str]] = [
    # username, role, unit key, person
    ("leader", Role.TOWNSHIP_LEADER, "township", "盘建国"),
    ("sifasuo", Role.JUDICIAL_OFFICE, "司法所", "赵文清"),
    ("xinfang", Role.PETITION_OFFICE, "综治中心（信访办）", "李秀英"),
    ("zhifa", Role.ENFORCEMENT_OFFICER, "综合行政执法队", "邓志刚"),
    ("shenhe", Role.LEGAL_REVIEWER, "司法所", "黄立法"),
    ("cun", Role.VILLAGE_CADRE, "荆竹村", "盘有德"),
    ("county", Role.COUNTY_SUPERVISOR, "county", "陈监督"),
    ("sysadmin", Role.SYSTEM_ADMIN, "township", ""),
    ("secadmin", Role.SECURITY_ADMIN, "township", ""),
    ("auditadmin", Role.AUDIT_ADMIN, "township", ""),
]


def build_core() -> DemoWorld:
    county = _unit(
        COUNTY, OrgUnit.Kind.COUNTY, None, division_code="431127000000", abbreviation="蓝"
    )
    township = _unit(
        TOWNSHIP, OrgUnit.Kind.TOWNSHIP, county, abbreviation="湘源", ethnic_minority="瑶族"
    )
    villages = [_unit(v, OrgUnit.Kind.VILLAGE, township, order=i) for i, v in enumerate(VILLAGES)]
    offices = {
        o: _unit(o, OrgUnit.Kind.DEPARTMENT, township, order=10 + i) for i, o in enumerate(OFFICES)
    }
    units = {"county": county, "township": township, **offices, **{v.name: v for v in villages}}

    admin, created = User.objects.get_or_create(
        username="admin", defaults={"is_superuser": True, "is_staff": True, "home_unit": county}
    )
    if created:
        admin.set_password(DEMO_PASSWORD)
        admin.save()
        passwords.mark_chosen(admin)  # the demo logs in straight away (no forced change)
    world = DemoWorld(
        county=county, township=township, villages=villages, offices=offices, users={"admin": admin}
    )

    for username, role, unit_key, name in DEMO_USERS:
        unit = units[unit_key]
        user = User.objects.filter(username=username).first()
        if user is None:
            p = person(world, name, unit, is_cadre=True) if name else None
            user = User(
                username=username,
                role=role,
                home_unit=unit,
                person=p,
                is_staff=role in {Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN},
            )
            user.set_password(DEMO_PASSWORD)
            user.save()
            passwords.mark_chosen(user)
        world.users[username] = user
    _admin_groups(world)
    _leadership_group(world)
    return world


# 三员分立: the system administrator manages users, units, settings and the
# calendar; the security administrator only activates/deactivates accounts.
ADMIN_GROUPS = {
    "系统管理员": (
        Role.SYSTEM_ADMIN,
        ["user", "orgunit", "setting", "documenttemplate", "calendaryear", "calendarday"],
        ["add", "change", "view", "delete"],
    ),
    "安全管理员": (Role.SECURITY_ADMIN, ["user"], ["change", "view"]),
}


def _admin_groups(world: DemoWorld) -> None:
    from django.contrib.auth.models import Group, Permission

    for name, (role, models, actions) in ADMIN_GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        codenames = [f"{a}_{m}" for m in models for a in actions]
        group.permissions.set(
            Permission.objects.filter(content_type__app_label="core", codename__in=codenames)
        )
        for user in User.objects.filter(role=role):
            user.groups.add(group)


LEADERS = [
    # name, title, position, leadership role, first responsible
    ("盘建国", "乡党委书记", GroupMembership.Position.CHAIR, LeadershipRole.PARTY_SECRETARY, True),
    (
        "赵永明",
        "乡党委副书记、乡长",
        GroupMembership.Position.VICE_CHAIR,
        LeadershipRole.TOWNSHIP_HEAD,
        False,
    ),
    (
        "李桂兰",
        "乡人大主席",
        GroupMembership.Position.VICE_CHAIR,
        LeadershipRole.CONGRESS_CHAIR,
        False,
    ),
]
MEMBERS = [
    ("赵文清", "司法所所长", "司法所"),
    ("李秀英", "综治中心主任", "综治中心（信访办）"),
    ("邓志刚", "综合行政执法队队长", "综合行政执法队"),
    ("冯晓东", "党政综合办公室主任", "党政综合办公室"),
]


def _leadership_group(world: DemoWorld) -> None:
    group, _ = LeadershipGroup.objects.get_or_create(
        unit=world.township,
        name="湘江源瑶族乡推进依法行政工作领导小组",
        defaults={
            "established_on": dt.date(2024, 2, 20),
            "document_no": "湘源发〔2024〕3号",
            "duties": "负责组织、协调、推进全乡依法行政工作。",
        },
    )
    order = 0
    for name, title, position, role, first in LEADERS:
        p = person(
            world,
            name,
            world.township,
            title=title,
            is_cadre=True,
            gender=Person.Gender.FEMALE if name == "李桂兰" else Person.Gender.MALE,
            ethnicity="瑶族" if name.startswith("盘") else "汉族",
        )
        GroupMembership.objects.get_or_create(
            group=group,
            person=p,
            defaults={
                "position": position,
                "leadership_role": role,
                "title": title,
                "is_first_responsible": first,
                "order": order,
            },
        )
        order += 1
    for name, title, office in MEMBERS:
        p = person(world, name, world.offices[office], title=title, is_cadre=True)
        GroupMembership.objects.get_or_create(
            group=group,
            person=p,
            defaults={"position": GroupMembership.Position.MEMBER, "title": title, "order": order},
        )
        order += 1
    world.extra["leadership_group"] = group


def build_organisation() -> DemoWorld:
    """What a township sets up on its first day, before any ledger comes in:
    its units and accounts, its leadership group (`build_core`), and each
    module's set-up (`register_setup`). No records of the year's work."""
    world = build_core()
    for _, _name, setup in sorted(_setups, key=lambda b: b[0]):
        setup(world)
    return world


def build_from_ledgers(*, dry_run: bool = False) -> tuple[DemoWorld, list[Any]]:
    """The demo township rebuilt from its ledgers (issue 18): the set-up
    (`build_organisation`), then every ledger kind's demo ledgers imported
    into the township through the engine `manage.py import_ledger` runs,
    as its default importer (the first superuser), one transaction per file.
    Returns the world and each file's `engine.Report`. Importing again
    changes nothing (every row 重复跳过)."""
    from . import ledger_import
    from .ledger_import import engine

    world = build_organisation()
    reports = []
    for kind in ledger_import.all_kinds():
        for path in kind.demo:
            reports.append(
                engine.run(
                    kind,
                    path.name,
                    path.read_bytes(),
                    unit=world.township,
                    by=world.admin,
                    dry_run=dry_run,
                )
            )
    return world, reports


@transaction.atomic
def build() -> DemoWorld:
    world = build_core()
    for _, _name, builder in sorted(_builders, key=lambda b: b[0]):
        builder(world)
    # Builders may write rows in bulk, past the audit hook: the demo ends with
    # a current search index (issue 18).
    from . import search

    search.rebuild()
    return world
