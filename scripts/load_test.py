"""`make load` (issue 19): locust against the province through gunicorn,
headless, on 127.0.0.1 only, bounded in users and time; then a check of
what the run wrote.

1. Picks township clerks of several townships across the counties
   (--townships), marks their passwords chosen, drafts each township's
   annual report, and writes the plan scripts/locustfile.py reads
   (var/load/plan.json): log-ins, petitions to open, valid ID numbers, and a
   tag that every petition the run registers carries in its title.
2. Serves the province with scripts/bench_http.py's server (production
   settings, --workers gunicorn sync workers, loopback).
3. Runs locust headless: --users at --spawn-rate for --run-time, CSV stats
   to var/load/.
4. Counts the petitions carrying the tag against the registrations locust
   says succeeded (and failed), and looks for a duplicate document number
   (petitions_petition.number) among them and across the table.

Prints the error rate, p95 per route and requests per second; writes
var/load/result.json. Exits non-zero on a lost or duplicated write, or on
errors.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_http  # noqa: E402  (a sibling script, not a package)

OUT = ROOT / "var" / "load"
REGISTER = "register (POST)"


def plan(database_url: str, townships: int, year: int, tag: str) -> dict[str, Any]:
    """The log-ins and records the users work with, read through Django."""
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from fazhi.core import builders, passwords
    from fazhi.core.models import OrgUnit, User
    from fazhi.core.validators import id_check_digit
    from fazhi.petitions.models import Petition
    from fazhi.reports.models import AnnualReport
    from fazhi.reports.workflow import generate_draft

    towns = list(OrgUnit.objects.filter(kind=OrgUnit.Kind.TOWNSHIP).order_by("path"))
    if not towns:
        raise SystemExit("no township: build the province first (make province)")
    # Spread over the counties: every k-th township in path order.
    step = max(1, len(towns) // townships)
    chosen = towns[::step][:townships]
    out = []
    for town in chosen:
        clerk = User.objects.get(username=f"syn-{town.pk}-clerk")
        leader = User.objects.get(username=f"syn-{town.pk}-leader")
        passwords.mark_chosen(clerk)
        report = AnnualReport.objects.filter(unit=town, year=year).first() or generate_draft(
            town, year, by=leader
        )
        out.append(
            {
                "unit": town.pk,
                "clerk": clerk.username,
                "report": report.pk,
                "petitions": list(
                    Petition.objects.filter(unit=town)
                    .order_by("?")
                    .values_list("pk", flat=True)[:100]
                ),
            }
        )
    ids = []
    for n in range(20000):
        first17 = f"431127{dt.date(1960, 1, 1) + dt.timedelta(days=n % 15000):%Y%m%d}{n % 1000:03d}"
        ids.append(first17 + id_check_digit(first17))
    return {"townships": out, "password": builders.PASSWORD, "tag": tag, "id_numbers": ids}


def percentile(histogram: dict[str, int], share: float) -> int:
    """A percentile from locust's histogram (rounded milliseconds → count)."""
    total = sum(histogram.values())
    seen = 0
    for ms, n in sorted((int(float(k)), v) for k, v in histogram.items()):
        seen += n
        if seen >= share * total:
            return ms
    return 0


def locust_stats(path: Path) -> list[dict[str, Any]]:
    """Per route, from locust's final stats (--json-file: written after the
    users stopped; the CSV's last rows may miss requests still running at
    the end of --run-time)."""
    entries = json.loads(path.read_text(encoding="utf-8"))
    rows = []
    for e in entries:
        seconds = max(1e-9, e["last_request_timestamp"] - e["start_time"])
        rows.append(
            {
                "name": e["name"],
                "n": e["num_requests"],
                "failures": e["num_failures"],
                "p50_ms": percentile(e["response_times"], 0.50),
                "p95_ms": percentile(e["response_times"], 0.95),
                "rps": round(e["num_requests"] / seconds, 2),
                "start": e["start_time"],
                "end": e["last_request_timestamp"],
                "histogram": e["response_times"],
            }
        )
    return sorted(rows, key=lambda r: r["name"])


def check(tag: str, stats: list[dict[str, Any]]) -> dict[str, Any]:
    """The run's writes against locust's count of them."""
    from django.db import connection
    from django.db.models import Count

    from fazhi.petitions.models import Petition

    row = next((r for r in stats if r["name"] == REGISTER), None)
    sent = row["n"] if row else 0
    failed = row["failures"] if row else 0
    created = Petition.objects.filter(title__startswith=f"{tag} ")
    dup_run = list(
        created.values("number").annotate(n=Count("pk")).filter(n__gt=1).values_list("number", "n")
    )
    with connection.cursor() as cur:
        cur.execute(
            "SELECT count(*) FROM (SELECT number FROM petitions_petition "
            "GROUP BY number HAVING count(*) > 1) d"
        )
        found = cur.fetchone()
    dup_all = found[0] if found else 0
    # A title's serial is unique per run: two rows with one serial would be
    # one POST saved twice.
    titles = list(created.values("title").annotate(n=Count("pk")).filter(n__gt=1))
    return {
        "registrations sent": sent,
        "registrations failed": failed,
        "registrations succeeded": sent - failed,
        "petitions created": created.count(),
        "duplicate numbers in the run": dup_run,
        "duplicate numbers in the table": dup_all,
        "titles saved twice": len(titles),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", required=True, help="the province (make province)")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--spawn-rate", type=float, default=5)
    parser.add_argument("--run-time", default="5m", help="locust's -t: 30s, 5m …")
    parser.add_argument("--townships", type=int, default=10)
    parser.add_argument("--workers", type=int, default=5, help="gunicorn workers (2 × cores + 1)")
    parser.add_argument("--year", type=int, default=dt.date.today().year)
    args = parser.parse_args()
    # A TERM (make interrupted) ends the run through `finally`: the server stops.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    OUT.mkdir(parents=True, exist_ok=True)
    started = dt.datetime.now(dt.UTC)
    tag = f"压测{started:%Y%m%d%H%M%S}"
    the_plan = plan(args.database_url, args.townships, args.year, tag)
    plan_file = OUT / "plan.json"
    plan_file.write_text(json.dumps(the_plan, ensure_ascii=False))
    load_before = os.getloadavg()
    port = bench_http.free_port()
    server = bench_http.serve(args.database_url, port, workers=args.workers)
    base = f"http://127.0.0.1:{port}"
    prefix = OUT / "locust"
    try:
        for _ in range(2 * args.workers):  # every worker up
            requests.get(base + "/login/", timeout=120)
        cmd = [
            str(ROOT / ".venv" / "bin" / "locust"),
            "-f",
            str(ROOT / "scripts" / "locustfile.py"),
            "--headless",
            "--host",
            base,  # loopback only: the server above
            "--users",
            str(args.users),
            "--spawn-rate",
            str(args.spawn_rate),
            "--run-time",
            args.run_time,
            "--stop-timeout",
            "60",
            "--only-summary",
            "--json-file",
            str(OUT / "locust"),  # locust adds .json
            # The failures' reasons (locust_failures.csv); the counts come from the JSON.
            "--csv",
            str(prefix),
            "--loglevel",
            "WARNING",
        ]
        locust = subprocess.run(  # noqa: S603
            cmd, env={**os.environ, "LOAD_PLAN": str(plan_file)}, check=False, timeout=3600
        )
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
    load_after = os.getloadavg()
    stats = locust_stats(OUT / "locust.json")
    writes = check(tag, stats)
    requests_n = sum(r["n"] for r in stats)
    failures = sum(r["failures"] for r in stats)
    histogram: dict[str, int] = {}
    for r in stats:
        for k, v in r["histogram"].items():
            histogram[k] = histogram.get(k, 0) + v
    seconds = max(r["end"] for r in stats) - min(r["start"] for r in stats)
    routes = [{k: v for k, v in r.items() if k not in ("histogram", "start", "end")} for r in stats]
    routes.append(
        {
            "name": "all",
            "n": requests_n,
            "failures": failures,
            "p50_ms": percentile(histogram, 0.50),
            "p95_ms": percentile(histogram, 0.95),
            "rps": round(requests_n / max(1e-9, seconds), 2),
        }
    )
    result = {
        "when": started.isoformat(timespec="seconds"),
        "users": args.users,
        "run_time": args.run_time,
        "gunicorn_workers": args.workers,
        "townships": len(the_plan["townships"]),
        "locust_exit": locust.returncode,
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in load_after],
        "requests": requests_n,
        "failures": failures,
        "error_rate": round(failures / max(1, requests_n), 4),
        "rps": routes[-1]["rps"],
        "routes": routes,
        "writes": writes,
    }
    (OUT / "result.json").write_text(json.dumps(result, ensure_ascii=False, indent=2))
    print(
        f"\n{args.users} users, {args.run_time}, {args.workers} gunicorn workers, "
        f"{len(the_plan['townships'])} townships' clerks; load average before "
        f"{' '.join(f'{x:.2f}' for x in load_before)}, after "
        f"{' '.join(f'{x:.2f}' for x in load_after)}"
    )
    print(
        f"requests {requests_n}, failures {failures} "
        f"(error rate {100 * result['error_rate']:.2f} %), {result['rps']:.1f} requests/s"
    )
    print("| route | requests | failures | p50 ms | p95 ms | req/s |")
    print("|---|---|---|---|---|---|")
    for r in result["routes"]:
        print(
            f"| {r['name']} | {r['n']} | {r['failures']} | {r['p50_ms']} | {r['p95_ms']} "
            f"| {r['rps']} |"
        )
    print(json.dumps(writes, ensure_ascii=False))
    lost_or_doubled = writes["petitions created"] != writes["registrations succeeded"]
    duplicated = writes["duplicate numbers in the run"] or writes["duplicate numbers in the table"]
    if lost_or_doubled or duplicated or writes["titles saved twice"]:
        sys.exit("writes do not add up: see above")
    if failures:
        sys.exit(f"{failures} requests failed: see var/load/locust_failures.csv")


if __name__ == "__main__":
    main()
