"""`make bench-peer` (issue 19): fazhi's petition ledger beside django-helpdesk
2.6.1's ticket list, through two real servers in the same run.

The peer (bench/peer, its own virtual environment var/peer-venv and its own
database PEER_DATABASE_URL) gets as many tickets as the province
(`make province`) holds petitions, one queue per township, and the same
share of them in the filtered state. Both run under gunicorn, 2 sync
workers, on 127.0.0.1; a staff member logs in to each through its log-in
form (CSRF). Each round opens

- the peer's filtered ticket list — one queue, status Open, newest first: the
  page, then the DataTables JSON call the page makes (25 rows), timed
  together as one open;
- fazhi's petition ledger as the township's clerk, filtered to the stage
  that matches (accepted, 办理中), newest first (its default order), 25 rows;

alternating which goes first, so load falls on both alike. Timing, query
counts (X-Fazhi-Queries on both servers) and the log-ins are
scripts/bench_http.py's. Writes var/bench-peer.json and prints a Markdown
table for docs/performance.md. Not part of `make test`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psycopg
import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_http  # noqa: E402  (a sibling script, not a package)

PEER = ROOT / "bench" / "peer"
PAGE_SIZE = 25  # fazhi's ledger (core.listing) and helpdesk's default both
FAZHI_STAGE = "accepted"
DATATABLES = re.compile(r"/datatables_ticket_list/[A-Za-z0-9+/=]+")


def peer_env(peer_url: str) -> dict[str, str]:
    # fazhi's settings variables (DATABASE_URL, DJANGO_SETTINGS_MODULE) stay behind.
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DATABASE_REPLICA_URL")}
    return env | {"PEER_DATABASE_URL": peer_url, "DJANGO_SETTINGS_MODULE": "peer_site.settings"}


def load_peer(venv: Path, peer_url: str, tickets: int, queues: int, share: float) -> float:
    """Migrate the peer's database and load its tickets; seconds taken."""
    from fazhi.core.builders import PASSWORD

    env = peer_env(peer_url)
    py = str(venv / "bin" / "python")
    t0 = time.perf_counter()
    subprocess.run(  # noqa: S603
        [py, "manage.py", "migrate", "--noinput", "--verbosity", "0"], cwd=PEER, env=env, check=True
    )
    subprocess.run(  # noqa: S603
        [
            py,
            "manage.py",
            "load_peer",
            "--tickets",
            str(tickets),
            "--queues",
            str(queues),
            "--open-share",
            f"{share:.4f}",
            "--password",
            PASSWORD,
        ],
        cwd=PEER,
        env=env,
        check=True,
    )
    return time.perf_counter() - t0


def serve_peer(venv: Path, peer_url: str, port: int) -> subprocess.Popen[bytes]:
    cmd = [
        str(venv / "bin" / "gunicorn"),
        "peer_site.wsgi",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        "2",
        "--worker-class",
        "sync",
        "--timeout",
        "300",
        "--chdir",
        str(PEER),
        "--log-level",
        "warning",
    ]
    proc = subprocess.Popen(cmd, env=peer_env(peer_url))  # noqa: S603
    return bench_http.answering(proc, port, "the peer's gunicorn")


def sizes(fazhi_url: str, peer_url: str) -> dict[str, Any]:
    """Rows and bytes on disk of what each list reads (table + indexes + TOAST)."""
    out: dict[str, Any] = {}
    for name, url, tables in (
        ("fazhi", fazhi_url, ["petitions_petition"]),
        ("peer", peer_url, ["helpdesk_ticket", "helpdesk_followup"]),
    ):
        with psycopg.connect(url) as conn:
            db = conn.execute("SELECT pg_database_size(current_database())").fetchone()
            out[f"{name} database MB"] = round((db[0] if db else 0) / 2**20)
            for t in tables:
                row = conn.execute(
                    f"SELECT count(*), pg_total_relation_size('{t}') FROM {t}"  # noqa: S608
                ).fetchone()
                assert row is not None
                out[f"{t} rows"] = row[0]
                out[f"{t} MB"] = round(row[1] / 2**20, 1)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", required=True, help="fazhi's province (make province)")
    parser.add_argument("--peer-database-url", required=True)
    parser.add_argument("--peer-venv", default=str(ROOT / "var" / "peer-venv"))
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--year", type=int, default=dt.date.today().year)
    parser.add_argument("--out", default=str(ROOT / "var" / "bench-peer.json"))
    args = parser.parse_args()
    venv = Path(args.peer_venv).absolute()
    # A TERM (make interrupted) ends the run through `finally`: both servers stop.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    load_before = os.getloadavg()

    data = bench_http.prepare(args.database_url, args.year)
    from fazhi.core.builders import PASSWORD
    from fazhi.core.models import OrgUnit
    from fazhi.petitions.models import Petition

    petitions = Petition.objects.count()
    townships = OrgUnit.objects.filter(kind=OrgUnit.Kind.TOWNSHIP).count()
    town_rows = Petition.objects.filter(unit_id=data["town"])
    share = town_rows.filter(stage=FAZHI_STAGE).count() / max(1, town_rows.count())
    load_seconds = load_peer(venv, args.peer_database_url, petitions, townships, share)
    print(f"peer loaded: {petitions} tickets, {townships} queues ({load_seconds:.1f} s)")

    fazhi_port, peer_port = bench_http.free_port(), bench_http.free_port()
    fazhi_server = bench_http.serve(args.database_url, fazhi_port)
    try:
        peer_server = serve_peer(venv, args.peer_database_url, peer_port)
    except BaseException:
        fazhi_server.send_signal(signal.SIGTERM)
        fazhi_server.wait(timeout=30)
        raise
    fazhi_base, peer_base = f"http://127.0.0.1:{fazhi_port}", f"http://127.0.0.1:{peer_port}"
    try:
        for _ in range(4):  # both workers of each server up
            requests.get(fazhi_base + "/login/", timeout=120)
            requests.get(peer_base + "/login/", timeout=120)
        clerk = bench_http.Browser(fazhi_base)
        clerk.login(data["clerk"], PASSWORD)
        peer = bench_http.Browser(peer_base)
        peer.login("peer-clerk", PASSWORD)
        # The township's place among the townships is its queue's among the queues.
        place = list(
            OrgUnit.objects.filter(kind=OrgUnit.Kind.TOWNSHIP)
            .order_by("path")
            .values_list("pk", flat=True)
        ).index(data["town"])
        with psycopg.connect(args.peer_database_url) as conn:
            row = conn.execute(
                "SELECT id FROM helpdesk_queue ORDER BY id OFFSET %s LIMIT 1", [place]
            ).fetchone()
            assert row is not None
            queue_id = row[0]
        fazhi_url = f"/petitions/?stage={FAZHI_STAGE}"
        peer_url = f"/tickets/?queue={queue_id}&status=1&sort=created&sortreverse=on"

        def peer_open() -> list[requests.Response]:
            page = peer.get(peer_url)
            found = DATATABLES.search(page.text)
            if page.status_code != 200 or not found:
                raise SystemExit(f"the peer's list answered {page.status_code} without its table")
            json_call = peer.get(
                f"{found.group(0)}?draw=1&start=0&length={PAGE_SIZE}&search%5Bvalue%5D="
                f"&_={int(time.time() * 1000)}"
            )
            return [page, json_call]

        def fazhi_open() -> requests.Response:
            return clerk.get(fazhi_url)

        first = peer_open()[1].json()
        if len(first.get("data", [])) != min(PAGE_SIZE, first.get("recordsFiltered", 0)):
            raise SystemExit(f"the peer's table call returned {len(first.get('data', []))} rows")
        runs: dict[str, Callable[[], bench_http.Answer]] = {
            "django-helpdesk 2.6.1 ticket list (page + JSON)": peer_open,
            "fazhi petition ledger": fazhi_open,
        }
        got: dict[str, tuple[list[float], list[int], set[int]]] = {
            name: ([], [], set()) for name in runs
        }
        names = list(runs)
        for i in range(args.warmup + args.requests):
            for name in names if i % 2 == 0 else names[::-1]:
                ms, q, statuses = bench_http.sample(runs[name])
                if i >= args.warmup:
                    got[name][0].append(ms)
                    got[name][2].update(statuses)
                    if q is not None:
                        got[name][1].append(q)
    finally:
        for proc in (fazhi_server, peer_server):
            proc.send_signal(signal.SIGTERM)
            proc.wait(timeout=30)
    load_after = os.getloadavg()
    rows = {name: bench_http.summarize(*got[name]) for name in names}
    peer_row, fazhi_row = rows[names[0]], rows[names[1]]
    result = {
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in load_after],
        "commit": bench_http.commit(),
        "petitions": petitions,
        "townships": townships,
        "matching": {
            "fazhi township rows in stage": town_rows.filter(stage=FAZHI_STAGE).count(),
            "peer queue rows Open": first.get("recordsFiltered"),
            "peer rows in the JSON": len(first.get("data", [])),
        },
        "urls": {"fazhi": fazhi_url, "peer": peer_url},
        "sizes": sizes(args.database_url, args.peer_database_url),
        "rows": rows,
        "p95_ratio": round(fazhi_row["p95_ms"] / peer_row["p95_ms"], 2),
    }
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(result, ensure_ascii=False, indent=2))
    print(json.dumps({k: result[k] for k in ("matching", "urls", "sizes")}, ensure_ascii=False))
    print(
        f"\nload average before {' '.join(f'{x:.2f}' for x in load_before)}, "
        f"after {' '.join(f'{x:.2f}' for x in load_after)}"
    )
    print(
        f"| N | {names[0]} p50/p95 ms | queries | {names[1]} p50/p95 ms | queries "
        "| p95 ratio (fazhi/peer) |"
    )
    print("|---|---|---|---|---|---|")
    print(
        f"| {petitions:,} | {peer_row['p50_ms']} / {peer_row['p95_ms']} | {peer_row['queries']} "
        f"| {fazhi_row['p50_ms']} / {fazhi_row['p95_ms']} | {fazhi_row['queries']} "
        f"| {result['p95_ratio']} |"
    )
    if any(s >= 400 for r in rows.values() for s in r["status"]):
        sys.exit(f"a page answered an error status: {rows}")


if __name__ == "__main__":
    main()
