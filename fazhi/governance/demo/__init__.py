"""A plausible 2024 for 湘江源瑶族乡: the rule-of-law work plan with its tasks
broken down (seed report 一（一）), the meetings that studied it, 述法, two
normative documents through every gate and a cleanup round, two major
decisions, legal advisers (one per village), open government information,
supervision, assessment, and one reconsideration and one litigation case.

Every record goes through the workflow with its 2024 dates, so clocks, audit
rows and figures are real. Idempotent: each record is looked up by a natural
key first and skipped if present.

One module per subject: `plan`, `normative`, `decisions`, `ogi`,
`supervision` (with assessment and cases); `build` runs them in order.
"""

from __future__ import annotations

from fazhi.core.demo import DemoWorld

from .decisions import _consultations, _decisions
from .normative import _advisers, _documents
from .ogi import _ogi
from .plan import _law_reports, _meetings, _people, _plan
from .supervision import _assessment, _cases, _supervision

__all__ = ["build"]


def build(world: DemoWorld) -> None:
    by = world.users["leader"]
    admin = world.admin
    t = world.township
    people = _people(world)
    _plan(world, by, people)
    meetings = _meetings(world, by, people)
    _law_reports(world, by, people)
    advisers = _advisers(world, by)
    # The legal reviewer (法制审核人员) reviews; the superuser only if the demo has none.
    _documents(world, by, world.users.get("shenhe", admin), meetings, advisers)
    _decisions(world, by, meetings, advisers)
    _consultations(world, by, advisers)
    _ogi(world, by)
    _supervision(world, by)
    _assessment(world, by)
    _cases(world, by, people)
    assert t is not None
