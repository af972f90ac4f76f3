"""Importing a township's existing Excel ledgers (issue 18).

Core reads the file, finds the header, maps the columns, parses the values
and runs every row through the kind's own workflow call, one transaction per
file; each app registers its kinds from its `registry.py`:

    ledger_import.register(LedgerKind(name="petitions", label="信访台账", ...))

`engine.run` is what the import pages, `manage.py import_ledger` and the
Celery task call.
"""

from __future__ import annotations

from .registry import Column, Context, LedgerKind, all_kinds, get, named_by, register

__all__ = ["Column", "Context", "LedgerKind", "all_kinds", "get", "named_by", "register"]

from . import tasks  # noqa: F401  (the Celery task registers with the worker)
