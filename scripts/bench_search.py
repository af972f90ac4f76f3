"""Benchmark (issue 18): search across modules over N petitions + N disputes
(default 10^5 each), two-word queries through the HTTP page /search/ and the
Python API, as a township user and as the county supervisor.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/fazhi_bench_search \\
        python scripts/bench_search.py [N] [--jobs 2]

Uses whatever database the settings name; migrates it; the records (in their
own county, 检索基准县: 20 townships × 10 villages) are built once, set-based,
and kept, so a second run only measures. The index is rebuilt by
core.search.rebuild (as `manage.py reindex --jobs` does) whenever the record
counts changed, so the bench ends with a current index. On PostgreSQL the
page is timed through gunicorn as scripts/bench_http.py serves fazhi (real
log-ins, the county supervisor through the second factor). Prints the figures for
docs/performance.md ("Search")."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import signal
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.settings")

import bench_http  # noqa: E402  (a sibling script, not a package)

COUNTY = "检索基准县"
SURNAMES = "赵钱孙李周吴郑王冯陈蒋沈韩杨朱秦许何吕张孔曹严华金魏陶姜盘邓黄唐"
GIVEN = "建国永明桂兰石生长贵玉梅富贵德明有福志强秀英海燕春花红军小平国庆丽华"
ISSUES = [
    ("宅基地", "界址"),
    ("土地", "承包"),
    ("山林", "权属"),
    ("拖欠", "工资"),
    ("邻里", "噪音"),
    ("养殖场", "异味"),
    ("危房", "改造"),
    ("低保", "申请"),
    ("征地", "补偿"),
    ("饮水", "工程"),
    ("道路", "硬化"),
    ("婚姻", "家庭"),
    ("赡养", "老人"),
    ("交通", "事故"),
    ("医疗", "纠纷"),
    ("合同", "违约"),
    ("林木", "采伐"),
    ("水田", "灌溉"),
    ("房屋", "漏水"),
    ("坟地", "迁移"),
]
FILL = [
    "双方多次协商未果，村委会曾组织调解。",
    "当事人情绪激动，存在矛盾激化风险。",
    "请求乡政府依法依规处理，尽快答复。",
    "经初步核实，反映情况基本属实。",
    "涉及金额不大，但持续时间较长。",
    "群众反映强烈，要求有关部门到现场查看。",
]


def _name(r: random.Random) -> str:
    return r.choice(SURNAMES) + r.choice(GIVEN[::2]) + r.choice(GIVEN[1::2])


def _text(r: random.Random, village: str) -> tuple[str, str]:
    a, b = r.choice(ISSUES)
    c, d = r.choice(ISSUES)
    title = f"{village}{a}{b}问题"
    facts = f"{_name(r)}反映{village}{a}{b}问题，另涉及{c}{d}。{r.choice(FILL)}{r.choice(FILL)}"
    return title, facts


def build(n: int) -> None:
    """N petitions (one petitioner each) and N disputes in the bench county's
    villages, written set-based (core.builders.insert: COPY on PostgreSQL,
    the province generator's writer), 10^4 a transaction; an interrupted
    build resumes from the counts already there."""
    from django.db import connection, transaction

    from fazhi.core import bench, builders
    from fazhi.core.validators import id_check_digit
    from fazhi.mediation.models import Dispute, DisputeCategory
    from fazhi.petitions.models import Petition, Petitioner

    c = bench.synthetic_county(20, 10, name=COUNTY)
    villages = c.villages
    if connection.vendor == "postgresql":
        # The bench's records are written with the session's triggers off:
        # pghistory's row-history triggers and the foreign-key checks were
        # 95 % of the build's time (the server's CPU), and neither the history
        # nor a check of ids this function just took is what the bench measures.
        with connection.cursor() as cursor:
            cursor.execute("SET session_replication_role = replica")
    r = random.Random(18)
    have_p = Petition.objects.filter(unit__in=villages).count()
    have_d = Dispute.objects.filter(unit__in=villages).count()
    category = DisputeCategory.objects.order_by("pk").first()
    assert category is not None
    batch = 10_000
    day0 = dt.date(2020, 1, 1)
    for start in range(have_p, n, batch):
        with transaction.atomic():
            rows = []
            for i in range(start, min(n, start + batch)):
                village = villages[i % len(villages)]
                title, facts = _text(r, village.name)
                rows.append(
                    {
                        "unit_id": village.pk,
                        "number": f"检信〔{2020 + i % 5}〕{i + 1}号",
                        "query_code": f"SQ{i:010d}",
                        "channel": "visit",
                        "category": "claim",
                        "title": title,
                        "content": facts,
                        "received_on": day0 + dt.timedelta(days=i % 1800),
                    }
                )
            builders.insert(Petition, rows)
            people = []
            for row in rows:
                pk = int(str(row["id"]))
                first17 = f"431127{1950 + pk % 50}0101{pk % 1000:03d}"
                people.append(
                    {
                        "petition_id": pk,
                        "name": _name(r),
                        "id_number": first17 + id_check_digit(first17),
                        "phone": f"139{pk % 100000000:08d}",
                    }
                )
            builders.insert(Petitioner, people)
        print(f"  petitions {min(n, start + batch)}/{n}", flush=True)
    for start in range(have_d, n, batch):
        with transaction.atomic():
            rows = []
            for i in range(start, min(n, start + batch)):
                village = villages[i % len(villages)]
                title, facts = _text(r, village.name)
                rows.append(
                    {
                        "unit_id": village.pk,
                        "number": f"检纠〔{2020 + i % 5}〕{i + 1}号",
                        "title": title,
                        "category_id": category.pk,
                        "facts": facts,
                        "source": Dispute.Source.APPLICATION,
                        "found_on": day0 + dt.timedelta(days=i % 1800),
                    }
                )
            builders.insert(Dispute, rows)
        print(f"  disputes {min(n, start + batch)}/{n}", flush=True)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET session_replication_role = DEFAULT")


def percentiles(samples: list[float]) -> tuple[float, float, int]:
    samples = sorted(samples)
    p50 = samples[len(samples) // 2]
    p95 = samples[min(len(samples) - 1, round(0.95 * (len(samples) - 1)))]
    return p50, p95, len(samples)


def timed(fn: Callable[[str], object], qs: list[str]) -> tuple[float, float, int]:
    samples = []
    for q in qs:
        t = time.perf_counter()
        fn(q)
        samples.append((time.perf_counter() - t) * 1000)
    return percentiles(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("n", type=int, nargs="?", default=100_000)
    parser.add_argument(
        "--jobs", type=int, default=2, help="processes for the index rebuild (PostgreSQL)"
    )
    args = parser.parse_args()
    n = args.n
    import django

    django.setup()
    from urllib.parse import urlencode

    from django.core.management import call_command
    from django.db import connection
    from django_otp.plugins.otp_totp.models import TOTPDevice

    call_command("migrate", verbosity=0)
    from fazhi.core import bench, builders, passwords, search, twofactor
    from fazhi.core.models import OrgUnit, SearchEntry, User
    from fazhi.core.roles import Role
    from fazhi.mediation.models import Dispute
    from fazhi.petitions.models import Petition

    print(f"commit {bench_http.commit()}; load average before {os.getloadavg()}", flush=True)
    t0 = time.perf_counter()
    build(n)
    built = time.perf_counter() - t0
    county = OrgUnit.objects.get(parent=None, name=COUNTY)
    petitions = Petition.objects.filter(unit__path__startswith=county.path).count()
    disputes = Dispute.objects.filter(unit__path__startswith=county.path).count()
    indexed = SearchEntry.objects.filter(unit_path__startswith=county.path).count()
    t0 = time.perf_counter()
    if indexed != petitions + disputes:
        sources = [
            s for s in search.sources() if s.label in {"petitions.petition", "mediation.dispute"}
        ]
        search.rebuild(sources, batch=2000, jobs=args.jobs)
    reindexed = time.perf_counter() - t0
    print(f"load average after indexing {os.getloadavg()}", flush=True)
    bench.analyze()
    total = SearchEntry.objects.count()

    town = OrgUnit.objects.filter(parent=county).order_by("path").first()
    assert town is not None
    clerk, _ = User.objects.get_or_create(
        username="bench-search-town", defaults={"role": Role.JUDICIAL_OFFICE, "home_unit": town}
    )
    supervisor, _ = User.objects.get_or_create(
        username="bench-search-county",
        defaults={"role": Role.COUNTY_SUPERVISOR, "home_unit": county},
    )
    for user in (clerk, supervisor):
        user.password = builders.password_hash()
        user.save(update_fields=["password"])
        passwords.mark_chosen(user)
    # The supervisor's second factor, as bench_http gives it: a confirmed
    # authenticator and a recovery code typed in at log-in.
    TOTPDevice.objects.get_or_create(
        user=supervisor, confirmed=True, defaults={"name": twofactor.DEVICE_NAME}
    )
    code = twofactor.recovery_codes(supervisor)[0]

    r = random.Random(7)
    queries = [f"{a}{b} {c}" for (a, b), (c, _d) in (r.sample(ISSUES, 2) for _ in range(40))]
    queries += [f"{a} {b}" for a, b in ISSUES]

    print(f"database: {connection.vendor}; load average {os.getloadavg()}")
    print(f"records: {petitions} petitions + {disputes} disputes; index rows {total}")
    print(f"build {built:.0f} s; index rebuild {reindexed:.0f} s (jobs {args.jobs})")
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        # Through a real server, as bench_http: gunicorn, production settings,
        # 2 sync workers on loopback, log-ins through the form.
        port = bench_http.free_port()
        server = bench_http.serve(url, port)
        try:
            for who, user in (("township", clerk), ("county", supervisor)):
                browser = bench_http.Browser(f"http://127.0.0.1:{port}")
                browser.login(user.username, builders.PASSWORD)
                if user is supervisor:
                    browser.second_factor(code)

                def page(q: str, b: bench_http.Browser = browser) -> object:
                    answer = b.get("/search/?" + urlencode({"q": q}))
                    if answer.status_code != 200:
                        raise SystemExit(f"/search/ answered {answer.status_code}")
                    return answer.content

                for q in queries[:3]:
                    page(q)  # warm-up
                p50, p95, k = timed(page, queries)
                print(
                    f"HTTP (gunicorn) /search/ two-word, {who}: "
                    f"p50 {p50:.0f} ms, p95 {p95:.0f} ms ({k} queries)"
                )
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
    for who, user in (("township", clerk), ("county", supervisor)):

        def found(q: str, u: User = user) -> object:
            return search.search(u, q)

        p50, p95, k = timed(found, queries)
        print(f"search() two-word, {who}: p50 {p50:.0f} ms, p95 {p95:.0f} ms ({k} queries)")
        assert user.home_unit is not None
        ids = list(
            Petition.objects.filter(unit__path__startswith=user.home_unit.path).values_list(
                "petitioners__id_number", flat=True
            )[:50]
        )
        p50, p95, k = timed(found, [str(x) for x in ids])
        print(f"search() exact ID number, {who}: p50 {p50:.0f} ms, p95 {p95:.0f} ms ({k} queries)")
    print(f"load average after {os.getloadavg()}")


if __name__ == "__main__":
    main()
