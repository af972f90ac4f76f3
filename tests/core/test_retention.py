"""Retention of personal information (issue 17, PIPL 第十九条、第四十七条):
closed matters past FAZHI_RETENTION_YEARS are anonymised by the daily job and
`manage.py anonymise` (core.retention); counts and indicators stay the same."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from fazhi.core import daily, history, retention
from fazhi.core.errors import RuleViolation
from fazhi.core.models import AuditEvent, GroupMembership, LeadershipGroup, Person, SearchEntry
from fazhi.core.search import index as search_index
from fazhi.enforcement.models import EnforcementCase, EnforcementComplaint, EnforcementField
from fazhi.governance.models import DisclosureRequest
from fazhi.mediation.models import Dispute, DisputeCategory, DisputeParty, MediationCase
from fazhi.petitions.models import Petition, Petitioner
from tests.factories import PersonFactory, UserFactory, World, valid_id_number, world  # noqa: F401

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 6, 1)
ELEVEN_YEARS_AGO = dt.date(2015, 5, 20)
NINE_YEARS_AGO = dt.date(2017, 5, 20)
SYSTEM = AnonymousUser()


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)


_seq = iter(range(1, 10_000))


def petition(w: World, closed_on: dt.date | None, *, name: str = "盘秀英", n: int = 0) -> Petition:
    i = next(_seq)
    p = Petition.objects.create(
        unit=w.township,
        number=f"湘源信〔{(closed_on or TODAY).year}〕{i}号",
        query_code=f"Q{i:08d}",
        channel="visit",
        category="claim",
        title="土地承包经营权纠纷",
        content="村民反映承包地被他人占用。",
        received_on=(closed_on or TODAY) - dt.timedelta(days=40),
        stage="closed" if closed_on else "accepted",
        closed_on=closed_on,
    )
    Petitioner.objects.create(
        petition=p,
        name=name,
        id_number=valid_id_number(700 + (n or i)),
        phone=f"138{700 + (n or i):08d}",
        address="荆竹村3组17号",
    )
    return p


def dispute(w: World, resolved_on: dt.date | None, *people: Person) -> Dispute:
    category, _ = DisputeCategory.objects.get_or_create(code="neighbour", defaults={"name": "邻里"})
    d = Dispute.objects.create(
        unit=w.village,
        title="宅基地边界纠纷",
        category=category,
        facts="两户因宅基地边界发生争执。",
        source=Dispute.Source.SCREENING,
        found_on=(resolved_on or TODAY) - dt.timedelta(days=20),
        status=Dispute.Status.RESOLVED if resolved_on else Dispute.Status.MEDIATING,
        resolved_on=resolved_on,
    )
    for i, person in enumerate(people):
        DisputeParty.objects.create(
            dispute=d, person=person, role="applicant" if i == 0 else "respondent"
        )
    return d


def party(w: World, name: str, n: int) -> Person:
    return PersonFactory(
        name=name,
        unit=w.village,
        id_number=valid_id_number(800 + n),
        phone=f"139{800 + n:08d}",
        address="紫良村2组",
    )


def enforcement_case(w: World, closed_on: dt.date) -> EnforcementCase:
    field, _ = EnforcementField.objects.get_or_create(code="land", defaults={"name": "自然资源"})
    return EnforcementCase.objects.create(
        unit=w.township,
        case_type="penalty",
        title="未经批准占用耕地建房",
        field=field,
        party_name="赵德福",
        id_number=valid_id_number(950),
        phone="13695000001",
        address="荆竹村5组",
        act_date=closed_on - dt.timedelta(days=200),
        discovered_on=closed_on - dt.timedelta(days=150),
        stage="closed",
        closed_on=closed_on,
    )


def disclosure(w: World, replied_on: dt.date) -> DisclosureRequest:
    return DisclosureRequest.objects.create(
        unit=w.township,
        code=f"G{next(_seq):08d}",
        applicant_name="李春花",
        id_number=valid_id_number(960),
        phone="13796000001",
        address="长沙市岳麓区",
        email="lch@example.com",
        channel="online",
        submitted_on=replied_on - dt.timedelta(days=20),
        received_on=replied_on - dt.timedelta(days=20),
        description="本乡2015年土地征收补偿方案",
        status="replied",
        replied_on=replied_on,
    )


def run(**kwargs: Any) -> retention.Result:
    return retention.anonymise(by=SYSTEM, **kwargs)


def raw(table: str, columns: list[str], pk: Any) -> dict[str, Any]:
    qn = connection.ops.quote_name
    with connection.cursor() as cur:
        cur.execute(
            f"SELECT {', '.join(qn(c) for c in columns)} FROM {qn(table)} WHERE id = %s",
            [pk],
        )
        return dict(zip(columns, cur.fetchone(), strict=True))


# --- the setting and the cutoff --------------------------------------------------


def test_default_is_ten_years_and_the_cutoff_counts_back_from_today(settings: Any) -> None:
    assert settings.FAZHI_RETENTION_YEARS == 10
    assert retention.cutoff_for(TODAY) == dt.date(2016, 6, 1)
    assert retention.cutoff_for(dt.date(2028, 2, 29)) == dt.date(2018, 2, 28)
    settings.FAZHI_RETENTION_YEARS = 3
    assert retention.cutoff_for(TODAY) == dt.date(2023, 6, 1)


def test_dated_before_drops_a_record_with_any_date_on_or_after_the_cutoff(
    world: World,  # noqa: F811
) -> None:
    cutoff = dt.date(2016, 6, 1)
    old = petition(world, ELEVEN_YEARS_AGO)
    late_closed = petition(world, cutoff)
    appealed = petition(world, ELEVEN_YEARS_AGO)
    appealed.appeals.create(level="review", requested_on=cutoff, body="蓝山县信访局")
    qs = Petition.objects.filter(pk__in=[old.pk, late_closed.pk, appealed.pk])
    kept = retention.dated_before(qs, cutoff, ("closed_on", "appeals__requested_on"))
    assert list(kept) == [old]


def test_every_holding_label_is_read_in_the_readers_language() -> None:
    from django.utils import translation

    from fazhi.core.ledger_import import all_kinds

    labels = [h.label for h in retention.holdings()] + [k.label for k in all_kinds()]
    assert labels
    with translation.override("en"):
        english = [str(label) for label in labels]
    with translation.override("zh-hans"):
        chinese = [str(label) for label in labels]
    assert all(e != c for e, c in zip(english, chinese, strict=True)), english


# --- what changes and what does not ------------------------------------------------


def test_dry_run_counts_and_changes_nothing(world: World) -> None:  # noqa: F811
    old = petition(world, ELEVEN_YEARS_AGO)
    events = AuditEvent.objects.count()
    result = run(dry_run=True)
    assert result.dry_run and result.changed["petitions"] == 1
    assert result.cutoff == dt.date(2016, 6, 1)
    person = old.petitioners.get()
    assert person.name == "盘秀英" and person.phone and person.id_number and person.address
    assert AuditEvent.objects.count() == events


def test_past_retention_anonymised_recent_and_open_kept(
    world: World,  # noqa: F811
    django_capture_on_commit_callbacks: Any,
) -> None:
    old = petition(world, ELEVEN_YEARS_AGO, name="盘秀英")
    recent = petition(world, NINE_YEARS_AGO, name="黄金凤")
    still_open = petition(world, None, name="邓小军")
    search_index.rebuild()
    assert SearchEntry.objects.filter(names__contains="盘秀英").exists()

    # Tests never commit: run the search re-index the step leaves for the commit.
    with django_capture_on_commit_callbacks(execute=True):
        result = run()
    assert result.changed["petitions"] == 1

    gone = old.petitioners.get()
    assert gone.name == "信访人（已匿名）"
    assert (gone.id_number, gone.phone, gone.address) == ("", "", "")
    assert (gone.id_number_index, gone.phone_index) == ("", "")
    # The matter itself is untouched: its number, dates, stage and text.
    old.refresh_from_db()
    assert old.stage == "closed" and old.closed_on == ELEVEN_YEARS_AGO
    assert old.title == "土地承包经营权纠纷"
    assert recent.petitioners.get().name == "黄金凤"
    assert recent.petitioners.get().phone
    assert still_open.petitioners.get().name == "邓小军"
    # The search index no longer finds the name, nor the number by its blind index.
    assert not SearchEntry.objects.filter(names__contains="盘秀英").exists()
    assert SearchEntry.objects.filter(names__contains="黄金凤").exists()


def test_raw_columns_hold_no_trace_of_the_old_values(world: World) -> None:  # noqa: F811
    old = petition(world, ELEVEN_YEARS_AGO, name="盘秀英", n=41)
    row = old.petitioners.get()
    before = raw(
        Petitioner._meta.db_table,
        ["id_number", "id_number_index", "phone", "phone_index", "address"],
        row.pk,
    )
    assert all(before.values())  # encrypted tokens and indexes were there
    run()
    after = raw(
        Petitioner._meta.db_table,
        ["name", "id_number", "id_number_index", "phone", "phone_index", "address"],
        row.pk,
    )
    assert after == {
        "name": "信访人（已匿名）",
        "id_number": "",
        "id_number_index": "",
        "phone": "",
        "phone_index": "",
        "address": "",
    }
    text = repr(after)
    for value in (*before.values(), "盘秀英", valid_id_number(741), "13800000741", "荆竹村3组"):
        assert str(value) not in text


def test_audit_event_per_record_without_the_personal_data(world: World) -> None:  # noqa: F811
    old = petition(world, ELEVEN_YEARS_AGO, name="盘秀英", n=42)
    run()
    event = AuditEvent.objects.filter(object_id=str(old.pk), content_type__model="petition").last()
    assert event is not None
    assert event.action == AuditEvent.Action.UPDATE and event.actor is None
    assert event.actor_name == "系统"
    assert "保存期限届满" in event.note and "2016-06-01" in event.note
    assert event.changes["信访人.姓名"] == ["***", "信访人（已匿名）"]
    assert event.changes["信访人.联系电话"] == ["***", ""]
    dumped = f"{event.changes} {event.note} {event.object_repr}"
    for secret in ("盘秀英", valid_id_number(742), "13800000742", "荆竹村3组"):
        assert secret not in dumped


def test_idempotent_second_run_changes_nothing(world: World) -> None:  # noqa: F811
    petition(world, ELEVEN_YEARS_AGO)
    a, b = party(world, "盘大山", 1), party(world, "盘小山", 2)
    dispute(world, ELEVEN_YEARS_AGO, a, b)
    enforcement_case(world, ELEVEN_YEARS_AGO)
    disclosure(world, ELEVEN_YEARS_AGO)
    first = run()
    assert first.changed == {
        "petitions": 1,
        "mediation": 1,
        "enforcement.cases": 1,
        "enforcement.complaints": 0,
        "governance.disclosure": 1,
        "people": 2,
    }
    events = AuditEvent.objects.count()
    second = run()
    assert second.total == 0 and second.past["petitions"] == 1
    # Nothing left to read: the anonymised records are not walked again.
    assert second.scanned == dict.fromkeys(second.past, 0)
    assert AuditEvent.objects.count() == events
    assert run(dry_run=True).total == 0


def test_every_module_anonymised(world: World) -> None:  # noqa: F811
    case = enforcement_case(world, ELEVEN_YEARS_AGO)
    company = enforcement_case(world, ELEVEN_YEARS_AGO)
    company.party_type = EnforcementCase.PartyType.ORGANISATION
    company.party_name = "蓝山县某石材有限公司"
    company.save()
    complaint = EnforcementComplaint.objects.create(
        unit=world.township,
        received_on=ELEVEN_YEARS_AGO - dt.timedelta(days=30),
        complainant="唐永福",
        phone="13512345678",
        conduct="attitude",
        content="执法人员态度粗暴。",
        status="answered",
        replied_on=ELEVEN_YEARS_AGO,
    )
    ogi = disclosure(world, ELEVEN_YEARS_AGO)
    run()
    case.refresh_from_db()
    assert case.party_name == "当事人（已匿名）" and not (case.id_number or case.phone)
    assert case.stage == "closed" and case.title == "未经批准占用耕地建房"
    company.refresh_from_db()
    assert company.party_name == "蓝山县某石材有限公司"  # not a natural person
    complaint.refresh_from_db()
    assert complaint.complainant == "投诉人（已匿名）" and complaint.phone == ""
    ogi.refresh_from_db()
    assert ogi.applicant_name == "申请人（已匿名）"
    assert (ogi.id_number, ogi.phone, ogi.address, ogi.email) == ("", "", "", "")
    assert ogi.applicant_kind == "natural_person" and ogi.reply_type == ""


# --- shared people ------------------------------------------------------------------


def test_shared_person_kept_while_a_record_in_retention_names_them(world: World) -> None:  # noqa: F811
    shared, alone = party(world, "盘大山", 3), party(world, "赵小红", 4)
    old = dispute(world, ELEVEN_YEARS_AGO, shared, alone)
    dispute(world, NINE_YEARS_AGO, shared)
    result = run()
    assert result.changed["mediation"] == 1 and result.changed["people"] == 1
    shared.refresh_from_db()
    alone.refresh_from_db()
    assert shared.name == "盘大山" and shared.phone  # a dispute of 9 years ago still names them
    assert alone.name == "当事人（已匿名）" and not (
        alone.id_number or alone.phone or alone.address
    )
    assert old.parties.count() == 2  # no row deleted
    person_event = AuditEvent.objects.filter(
        content_type__model="person", object_id=str(alone.pk)
    ).get()
    assert "赵小红" not in f"{person_event.changes}{person_event.object_repr}"


def test_person_with_another_role_kept(world: World) -> None:  # noqa: F811
    member, cadre, account = (
        party(world, "盘组员", 5),
        party(world, "盘干部", 6),
        party(world, "盘用户", 7),
    )
    group = LeadershipGroup.objects.create(unit=world.township, name="领导小组")
    GroupMembership.objects.create(group=group, person=member, position="member")
    cadre.is_cadre = True
    cadre.save()
    UserFactory(username="u_account", home_unit=world.village, person=account)
    dispute(world, ELEVEN_YEARS_AGO, member, cadre, account)
    assert run().changed["people"] == 0
    assert set(
        Person.objects.filter(pk__in=[member.pk, cadre.pk, account.pk]).values_list(
            "name", flat=True
        )
    ) == {"盘组员", "盘干部", "盘用户"}


def test_open_dispute_or_open_case_keeps_everything(world: World) -> None:  # noqa: F811
    a = party(world, "盘开放", 8)
    dispute(world, None, a)
    assert run().changed == {**{k: 0 for k in run(dry_run=True).changed}}
    a.refresh_from_db()
    assert a.name == "盘开放"


def test_mediation_case_applicant_anonymised_and_referring_unit_kept(world: World) -> None:  # noqa: F811
    from fazhi.mediation.models import MediationCommittee

    d = dispute(world, ELEVEN_YEARS_AGO, party(world, "盘申请", 9))
    committee = MediationCommittee.objects.create(
        unit=world.village,
        name="荆竹村人民调解委员会",
        established_on=dt.date(2010, 1, 1),
    )
    own = MediationCase.objects.create(
        unit=world.village,
        dispute=d,
        committee=committee,
        start="application",
        applied_on=ELEVEN_YEARS_AGO - dt.timedelta(days=10),
        applicant="盘申请",
        status="agreed",
        concluded_on=ELEVEN_YEARS_AGO,
    )
    referred = MediationCase.objects.create(
        unit=world.village,
        dispute=d,
        committee=committee,
        start="referral",
        applied_on=ELEVEN_YEARS_AGO - dt.timedelta(days=10),
        applicant="蓝山县人民法院",
        status="agreed",
        concluded_on=ELEVEN_YEARS_AGO,
    )
    run()
    own.refresh_from_db()
    referred.refresh_from_db()
    assert own.applicant == "申请人（已匿名）" and referred.applicant == "蓝山县人民法院"


def test_unit_option_limits_the_run(world: World) -> None:  # noqa: F811
    petition(world, ELEVEN_YEARS_AGO)
    other = Petition.objects.get()
    assert run(unit=world.other_township, dry_run=True).changed["petitions"] == 0
    assert run(unit=world.township).changed["petitions"] == 1
    assert other.petitioners.get().name == "信访人（已匿名）"


def test_only_the_system_or_a_superuser_anonymises(world: World) -> None:  # noqa: F811
    petition(world, ELEVEN_YEARS_AGO)
    with pytest.raises(RuleViolation):
        retention.anonymise(by=world.owner)
    assert Petitioner.objects.get().name == "盘秀英"
    admin = UserFactory(username="root_r", is_superuser=True, home_unit=world.county)
    assert retention.anonymise(by=admin).changed["petitions"] == 1


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="pghistory's triggers are PostgreSQL's"
)
def test_change_capture_snapshots_are_dropped(world: World) -> None:  # noqa: F811
    old = petition(world, ELEVEN_YEARS_AGO)
    row = old.petitioners.get()
    row.address = "荆竹村4组"
    row.save()
    assert history.snapshots(row).count() >= 2
    kept = petition(world, NINE_YEARS_AGO).petitioners.get()
    run()
    assert history.snapshots(row).count() == 0
    assert history.snapshots(kept).count() >= 1


# --- the daily job and the command ---------------------------------------------------


def test_daily_job_is_registered_and_uses_the_setting(world: World, settings: Any) -> None:  # noqa: F811
    assert daily._jobs["retention"] is retention.daily_job
    petition(world, NINE_YEARS_AGO)
    assert retention.daily_job(TODAY) == {}
    settings.FAZHI_RETENTION_YEARS = 8
    assert retention.daily_job(TODAY) == {"petitions": 1}
    assert retention.daily_job(TODAY) == {}


def test_command_dry_run_then_run(world: World) -> None:  # noqa: F811
    petition(world, ELEVEN_YEARS_AGO)
    dispute(world, ELEVEN_YEARS_AGO, party(world, "盘甲", 10))
    out = io.StringIO()
    call_command("anonymise", "--dry-run", stdout=out)
    text = out.getvalue()
    assert "保存期限 10 年：2016-06-01 之前办结的事项" in text
    assert "信访事项（到期 1 条）：将匿名化 1 条" in text
    assert "矛盾纠纷（到期 1 条）：将匿名化 1 条" in text
    assert "人员（当事人）：将匿名化 1 条" in text
    assert "DRY RUN: 共 3 条记录将被匿名化，未作修改" in text
    assert Petitioner.objects.get().name == "盘秀英"

    out = io.StringIO()
    call_command("anonymise", stdout=out)
    assert "信访事项（到期 1 条）：已匿名化 1 条" in out.getvalue()
    assert "OK: 共匿名化 3 条记录" in out.getvalue()
    out = io.StringIO()
    call_command("anonymise", stdout=out)
    assert "OK: 共匿名化 0 条记录" in out.getvalue()


def test_command_options(world: World) -> None:  # noqa: F811
    petition(world, NINE_YEARS_AGO)
    out = io.StringIO()
    call_command("anonymise", "--before", "2018-01-01", "--unit", "浆洞瑶族乡", stdout=out)
    assert "单位：浆洞瑶族乡" in out.getvalue() and "OK: 共匿名化 0 条记录" in out.getvalue()
    call_command("anonymise", "--before", "2018-01-01", "--unit", "湘江源瑶族乡", stdout=out)
    assert Petitioner.objects.get().name == "信访人（已匿名）"
    with pytest.raises(CommandError, match="--before"):
        call_command("anonymise", "--before", "2018-02-30")
    with pytest.raises(CommandError, match="--unit"):
        call_command("anonymise", "--unit", "没有这个乡")
