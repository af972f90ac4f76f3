"""`make load` (issue 19): township clerks of several townships at work, for
locust (started by scripts/load_test.py, headless, against 127.0.0.1 only).

Each simulated user logs in as one township's clerk through the log-in form
(CSRF) and then, with 1–3 s between steps, opens the petition ledger (plain
and filtered), a petition's page, registers a petition (登记: the form, then
its POST with the CSRF token — a workflow step that writes a record with a
document number), downloads the township's ledger as Excel and opens the
township's annual report. What to use comes from the plan file
(LOAD_PLAN, written by scripts/load_test.py); no Django in this process.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import os
import random
import re
from typing import Any

from locust import HttpUser, between, task

PLAN: dict[str, Any] = json.loads(open(os.environ["LOAD_PLAN"], encoding="utf-8").read())  # noqa: SIM115
_towns = itertools.cycle(PLAN["townships"])
_ids = itertools.cycle(PLAN["id_numbers"])
_serial = itertools.count(1)
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Clerk(HttpUser):
    wait_time = between(1, 3)

    def on_start(self) -> None:
        self.town: dict[str, Any] = next(_towns)
        # The production cookies are Secure; over loopback HTTP they are kept
        # here and sent by hand, as scripts/bench_http.py's Browser does.
        self.jar: dict[str, str] = {}
        self.send("GET", "/login/", name="log-in form")
        self.send(
            "POST",
            "/login/",
            name="log-in",
            expect=302,
            data={
                "username": self.town["clerk"],
                "password": PLAN["password"],
                "csrfmiddlewaretoken": self.jar.get("csrftoken", ""),
            },
        )

    def send(self, method: str, path: str, *, name: str, expect: int = 200, **kw: Any) -> Any:
        """One request with the hand-kept cookies; any status but `expect`
        is a failure (a page that sends the clerk back to the log-in form
        answers 302, which locust alone would count as a success)."""
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.jar.items())}
        if method == "POST":
            headers["Referer"] = f"{self.host}{path}"
        with self.client.request(
            method,
            path,
            name=name,
            headers=headers,
            allow_redirects=False,
            catch_response=True,
            **kw,
        ) as r:
            for c in r.cookies:
                self.jar[c.name] = c.value or ""
            self.client.cookies.clear()
            location = r.headers.get("Location", "")
            if r.status_code != expect:
                r.failure(f"answered {r.status_code} {location}")
            elif expect == 302 and "/login/" in location:
                r.failure("sent back to the log-in form")
            else:
                r.success()
            return r

    @task(4)
    def ledger(self) -> None:
        self.send("GET", "/petitions/", name="ledger")

    @task(2)
    def ledger_filtered(self) -> None:
        self.send("GET", "/petitions/?stage=accepted", name="ledger, stage=accepted")

    @task(4)
    def detail(self) -> None:
        pk = random.choice(self.town["petitions"])
        self.send("GET", f"/petitions/{pk}/", name="detail")

    @task(1)
    def register(self) -> None:
        form = self.send("GET", "/petitions/new/", name="register form")
        found = TOKEN.search(form.text)
        n = next(_serial)
        # Saved: a 302 to the new petition's page; the form again (200) is a refusal.
        self.send(
            "POST",
            "/petitions/new/",
            name="register (POST)",
            expect=302,
            data={
                "csrfmiddlewaretoken": found.group(1) if found else "",
                "unit": str(self.town["unit"]),
                "channel": "visit",
                "source": "direct",
                "category": "claim",
                "received_on": dt.date.today().isoformat(),
                "title": f"{PLAN['tag']} {n} 宅基地边界争议",
                "content": "与邻居就宅基地边界发生争议，请求调处。",
                "group_size": "1",
                "name": "黄某",
                "id_number": next(_ids),
                "phone": "13900000000",
                "others": "",
            },
        )

    @task(1)
    def export(self) -> None:
        self.send("GET", "/petitions/?export=xlsx", name="export (xlsx)")

    @task(1)
    def report(self) -> None:
        self.send("GET", f"/reports/{self.town['report']}/", name="report")
