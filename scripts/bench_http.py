"""`make bench-http` (issue 19): fazhi through a real server.

Serves the synthetic province (`manage.py make_province`, database
BENCH_HTTP_DATABASE_URL) with gunicorn — production settings, 2 sync workers,
127.0.0.1 on a free port — logs in through the log-in form (CSRF) as a
township clerk and a county supervisor, and times every page over HTTP:
median and p95 of N requests after warm-ups, with the SQL query count of
each (X-Fazhi-Queries, core.benchheaders, enabled for this server only).

    .venv/bin/python scripts/bench_http.py --database-url postgres://…/fazhi_province

Writes var/bench-http.json and prints a Markdown table for
docs/performance.md ("Through a real server"). Not part of `make test`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import Any

import requests

ROOT = Path(__file__).resolve().parent.parent
HEADER = "X-Fazhi-Queries"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Browser:
    """A logged-in user agent. The production cookies are Secure; over
    loopback HTTP the jar is kept here and sent by hand, as a browser
    behind nginx's TLS would send it."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.http = requests.Session()
        self.jar: dict[str, str] = {}

    def _send(self, method: str, path: str, **kw: Any) -> requests.Response:
        headers = kw.pop("headers", {})
        if self.jar:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.jar.items())
        r = self.http.request(
            method, self.base + path, headers=headers, allow_redirects=False, timeout=120, **kw
        )
        for c in r.cookies:
            self.jar[c.name] = c.value or ""
        self.http.cookies.clear()
        return r

    def get(self, path: str) -> requests.Response:
        return self._send("GET", path)

    def post(self, path: str, data: dict[str, str]) -> requests.Response:
        data = {**data, "csrfmiddlewaretoken": self.jar.get("csrftoken", "")}
        return self._send("POST", path, data=data, headers={"Referer": self.base + path})

    def login(self, username: str, password: str) -> None:
        self.get("/login/")
        r = self.post("/login/", {"username": username, "password": password})
        if r.status_code != 302:
            raise SystemExit(f"log-in of {username} answered {r.status_code}")

    def second_factor(self, code: str) -> None:
        """A county supervisor must pass the second factor (core.twofactor)
        before any page: one of the recovery codes prepare() issued."""
        self.get("/account/2fa/verify/")
        r = self.post("/account/2fa/verify/", {"otp_token": code})
        if r.status_code != 302:
            raise SystemExit(f"the second factor answered {r.status_code}")


def prepare(database_url: str, year: int) -> dict[str, Any]:
    """The accounts and records the run uses, read (and a report drafted)
    through Django in this process."""
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db.models import Count
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from fazhi.core import builders, passwords, twofactor
    from fazhi.core.models import OrgUnit, User
    from fazhi.petitions.models import Petition, Stage
    from fazhi.reports.models import AnnualReport
    from fazhi.reports.workflow import generate_draft

    root = OrgUnit.objects.get(parent=None, division_code=builders.ROOT_CODE)
    town = (
        OrgUnit.objects.filter(kind=OrgUnit.Kind.TOWNSHIP, path__startswith=root.path)
        .order_by("path")
        .first()
    )
    assert town is not None and town.parent is not None
    county = town.parent
    clerk = User.objects.get(username=f"syn-{town.pk}-clerk")
    leader = User.objects.get(username=f"syn-{town.pk}-leader")
    supervisor = User.objects.get(username=f"syn-{county.pk}-supervisor")
    for u in (clerk, leader, supervisor):
        passwords.mark_chosen(u)
    # The supervisor's second factor: a confirmed authenticator, as after
    # enrolment, and fresh recovery codes the run types in.
    TOTPDevice.objects.get_or_create(
        user=supervisor, confirmed=True, defaults={"name": twofactor.DEVICE_NAME}
    )
    codes = twofactor.recovery_codes(supervisor)
    report = AnnualReport.objects.filter(unit=town, year=year).first() or generate_draft(
        town, year, by=leader
    )
    registered = list(
        Petition.objects.filter(unit=town, stage=Stage.REGISTERED)
        .order_by("pk")
        .values_list("pk", "version", "received_on")
    )
    sizes = {
        "petitions": Petition.objects.count(),
        "townships": OrgUnit.objects.filter(kind=OrgUnit.Kind.TOWNSHIP).count(),
        "county petitions": Petition.objects.filter(unit__path__startswith=county.path).count(),
        "township petitions": Petition.objects.filter(unit=town).count(),
        "stages in township": Petition.objects.filter(unit=town)
        .values("stage")
        .annotate(n=Count("pk"))
        .count(),
    }
    return {
        "town": town.pk,
        "county": county.pk,
        "clerk": clerk.username,
        "supervisor": supervisor.username,
        "supervisor_codes": codes,
        "detail": Petition.objects.filter(unit=town)
        .order_by("-pk")
        .values_list("pk", flat=True)[0],
        "report": report.pk,
        "registered": [(pk, v, r.isoformat()) for pk, v, r in registered],
        "codes": list(Petition.objects.order_by("?").values_list("query_code", flat=True)[:60]),
        "sizes": sizes,
    }


def serve(database_url: str, port: int, workers: int = 2) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "FAZHI_PRODUCTION": "1",
        "DJANGO_DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "127.0.0.1",
        # Loopback HTTP: no TLS here (nginx's part in production).
        "SECURE_SSL_REDIRECT": "0",
        # Templates name static files without the collectstatic manifest.
        "FAZHI_MANIFEST_STATIC": "0",
        "FAZHI_BENCH_QUERY_HEADER": "1",
        "LOG_LEVEL": "WARNING",
    }
    if not (os.environ.get("FAZHI_PII_KEYS") or os.environ.get("FAZHI_PII_KEY_FILE")):
        # make_province ran with development settings, so the province's
        # personal data is encrypted with the development key file; production
        # settings refuse to invent a key, so the server is given its keys
        # (as FAZHI_PII_KEYS: a key file's comment holding a comma does not
        # parse as FAZHI_PII_KEY_FILE).
        from fazhi.core.crypto import dev_key_file

        lines = dev_key_file().read_text().splitlines()
        env["FAZHI_PII_KEYS"] = ",".join(x.strip() for x in lines if x.strip()[:1] not in ("", "#"))
    env.pop("DATABASE_REPLICA_URL", None)
    # As docs/deploy.md runs it: the cache and the sessions in Redis
    # (BENCH_REDIS_URL, its own database number; the caller's REDIS_URL is never
    # used, nor flushed). Without a Redis answering, the cache is each
    # process's memory and sessions are read from PostgreSQL, and the run says so.
    env.pop("REDIS_URL", None)
    redis_url = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/2")
    if redis_answers(redis_url):
        env["REDIS_URL"] = redis_url
    else:
        print(f"bench: no Redis at {redis_url}; sessions from PostgreSQL", file=sys.stderr)
    cmd = [
        str(ROOT / ".venv/bin/gunicorn"),
        "fazhi.wsgi",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--worker-class",
        "sync",
        "--timeout",
        "300",
        "--chdir",
        str(ROOT),
    ]
    proc = subprocess.Popen(cmd, env=env)  # noqa: S603
    return answering(proc, port, "gunicorn")


def redis_answers(url: str) -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=2).ping())
    except redis.RedisError:
        return False


def commit() -> str:
    """The checkout's short commit, recorded beside each bench's figures."""
    return subprocess.run(  # noqa: S603
        ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],  # noqa: S607
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()


def answering(proc: subprocess.Popen[bytes], port: int, what: str) -> subprocess.Popen[bytes]:
    """`proc` once its server answers on `port` (two minutes at the most; the
    first request loads the application in the worker: slow); else killed."""
    for _ in range(240):
        try:
            requests.get(f"http://127.0.0.1:{port}/login/", timeout=60)
            return proc
        except (requests.ConnectionError, requests.Timeout):
            time.sleep(0.5)
    proc.kill()
    raise SystemExit(f"{what} did not answer")


Answer = requests.Response | Sequence[requests.Response]


def sample(fn: Callable[[], Answer]) -> tuple[float, int | None, set[int]]:
    """One timed open: milliseconds until every body is read, the queries the
    server ran (X-Fazhi-Queries, summed over the answers) and the statuses.
    `fn` may make several requests that make up one page (a page and the
    JSON call its table makes, `bench-peer`)."""
    t0 = time.perf_counter()
    answer = fn()
    answers = [answer] if isinstance(answer, requests.Response) else list(answer)
    for r in answers:
        _ = r.content
    ms = (time.perf_counter() - t0) * 1000
    counted = [int(r.headers[HEADER]) for r in answers if HEADER in r.headers]
    queries = sum(counted) if len(counted) == len(answers) else None
    return ms, queries, {r.status_code for r in answers}


def summarize(samples: list[float], queries: list[int], statuses: set[int]) -> dict[str, Any]:
    """p50/p95 (nearest rank) and the range of query counts."""
    samples = sorted(samples)
    n = len(samples)
    return {
        "n": n,
        "p50_ms": round(statistics.median(samples), 1),
        "p95_ms": round(samples[min(n - 1, round(0.95 * (n - 1)))], 1),
        "queries": f"{min(queries)}–{max(queries)}"
        if queries and min(queries) != max(queries)
        else str(queries[0] if queries else "?"),
        "status": sorted(statuses),
    }


def timed(fn: Callable[[], Answer], n: int, warmup: int) -> dict[str, Any]:
    for _ in range(warmup):
        fn()
    samples: list[float] = []
    queries: list[int] = []
    statuses: set[int] = set()
    for _ in range(n):
        ms, q, st = sample(fn)
        samples.append(ms)
        statuses |= st
        if q is not None:
            queries.append(q)
    return summarize(samples, queries, statuses)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--database-url", default=os.environ.get("BENCH_HTTP_DATABASE_URL", ""), required=False
    )
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--export-requests", type=int, default=10)
    parser.add_argument("--year", type=int, default=dt.date.today().year)
    parser.add_argument("--out", default=str(ROOT / "var" / "bench-http.json"))
    args = parser.parse_args()
    if not args.database_url:
        raise SystemExit("--database-url or BENCH_HTTP_DATABASE_URL (a make_province database)")
    data = prepare(args.database_url, args.year)
    port = free_port()
    server = serve(args.database_url, port)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(4):  # both workers up and warm
            requests.get(base + "/login/", timeout=120)
        from fazhi.core.builders import PASSWORD

        clerk, supervisor, public = Browser(base), Browser(base), Browser(base)
        clerk.login(data["clerk"], PASSWORD)
        supervisor.login(data["supervisor"], PASSWORD)
        supervisor.second_factor(data["supervisor_codes"][0])
        y = args.year
        pages: list[tuple[str, str, Browser, str]] = [
            ("petitions", "ledger", clerk, "/petitions/"),
            (
                "petitions",
                "ledger, stage + channel",
                clerk,
                "/petitions/?stage=accepted&channel=visit",
            ),
            ("petitions", "ledger, overdue", clerk, "/petitions/?clock_state=overdue"),
            ("petitions", "ledger, county, stage", supervisor, "/petitions/?stage=accepted"),
            # Old matches in a wide scope: the date index's walk passed every
            # newer petition of the province (core.listing.IdsFirstPaginator.sparse).
            ("petitions", "ledger, county, overdue", supervisor, "/petitions/?clock_state=overdue"),
            ("mediation", "dispute ledger", clerk, "/mediation/disputes/"),
            (
                "mediation",
                "dispute ledger, high risk",
                clerk,
                "/mediation/disputes/?risk_level=high",
            ),
            (
                "mediation",
                "dispute ledger, county",
                supervisor,
                "/mediation/disputes/?status=mediating",
            ),
            ("enforcement", "case list", clerk, "/enforcement/cases/"),
            ("enforcement", "case list, stage", clerk, "/enforcement/cases/?stage=investigating"),
            (
                "enforcement",
                "case list, county",
                supervisor,
                "/enforcement/cases/?case_type=penalty",
            ),
            ("governance", "requests", clerk, "/governance/requests/"),
            ("governance", "requests, county", supervisor, "/governance/requests/?status=received"),
            (
                "governance",
                "documents, county, year",
                supervisor,
                f"/governance/documents/?year={y}",
            ),
            ("publicity", "activities", clerk, "/publicity/activities/"),
            (
                "publicity",
                "activities, county, year",
                supervisor,
                f"/publicity/activities/?year={y}",
            ),
            ("petitions", "detail page", clerk, f"/petitions/{data['detail']}/"),
            ("reports", "township report page", clerk, f"/reports/{data['report']}/"),
            (
                "reports",
                "county roll-up",
                supervisor,
                f"/reports/rollup/?unit={data['county']}&year={y}",
            ),
        ]
        rows: list[dict[str, Any]] = []
        for module, name, who, url in pages:
            rows.append(
                {
                    "module": module,
                    "page": name,
                    "url": url,
                    **timed(partial(who.get, url), args.requests, args.warmup),
                }
            )
            print(rows[-1], flush=True)
        codes = iter(data["codes"] * 3)
        rows.append(
            {
                "module": "petitions",
                "page": "public tracking page",
                "url": "/petitions/public/track/?code=…",
                **timed(
                    lambda: public.get(f"/petitions/public/track/?code={next(codes)}"),
                    args.requests,
                    args.warmup,
                ),
            }
        )
        print(rows[-1], flush=True)
        todo = iter(data["registered"])

        def accept() -> requests.Response:
            pk, version, received = next(todo)
            on = dt.date.fromisoformat(received) + dt.timedelta(days=1)
            r = clerk.post(
                f"/petitions/{pk}/step/accept/",
                {"version": str(version), "accept-on": on.isoformat(), "accept-note": "基准受理"},
            )
            return r

        n_post = min(args.requests, max(0, len(data["registered"]) - args.warmup))
        if n_post:
            rows.append(
                {
                    "module": "petitions",
                    "page": "workflow step (POST accept)",
                    "url": "/petitions/<pk>/step/accept/",
                    **timed(accept, n_post, args.warmup),
                }
            )
            print(rows[-1], flush=True)
        rows.append(
            {
                "module": "petitions",
                "page": "Excel export, county",
                "url": "/petitions/?export=xlsx",
                **timed(lambda: supervisor.get("/petitions/?export=xlsx"), args.export_requests, 1),
            }
        )
        print(rows[-1], flush=True)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    load = os.getloadavg()
    result = {
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "load_average": [round(x, 2) for x in load],
        "commit": commit(),
        "sizes": data["sizes"],
        "rows": rows,
    }
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(result, ensure_ascii=False, indent=2))
    print(f"\nload average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; data {data['sizes']}")
    print("| module | page | p50 ms | p95 ms | queries | status |")
    print("|---|---|---|---|---|---|")
    for r in rows:
        status = ",".join(map(str, r["status"]))
        print(
            f"| {r['module']} | {r['page']} | {r['p50_ms']} | {r['p95_ms']} "
            f"| {r['queries']} | {status} |"
        )
    if any(s >= 400 for r in rows for s in r["status"]):
        sys.exit("a page answered an error status: see the table")


if __name__ == "__main__":
    main()
