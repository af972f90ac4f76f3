"""`<fk to OrgUnit>__in_subtree=path`: the record's unit lies at or below `path`.

This is the scope filter every list runs, so its SQL shape matters at a
million rows. It compares the record's own `unit_id` column with the ids of
the subtree (a township is a handful of units), never joins OrgUnit:

- PostgreSQL: `unit_id = ANY(ARRAY(SELECT id FROM core_orgunit WHERE path LIKE 'p%'))`.
  The array is an init-plan evaluated once, and `= ANY(array)` is an index
  condition, so the planner scans the records' `unit_id` index and can
  BitmapOr two such scopes (held by / assigned to). `IN (SELECT …)` would be
  a hashed sub-plan applied as a filter after scanning some other index.
- SQLite: `unit_id IN (SELECT …)`, which SQLite evaluates once into an
  ephemeral index and probes.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db import models
from django.db.models import Lookup


@models.ForeignKey.register_lookup
class InSubtree(Lookup):
    lookup_name = "in_subtree"
    prepare_rhs = False

    def get_db_prep_lookup(self, value: Any, connection: Any) -> tuple[str, list[Any]]:
        return "%s", [value]

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        # By name: the models package imports this module to register the lookup.
        OrgUnit = apps.get_model("core", "OrgUnit")
        lhs, lhs_params = self.process_lhs(compiler, connection)
        subtree = OrgUnit.objects.filter(path__startswith=self.rhs).order_by().values("pk").query
        sub_sql, sub_params = subtree.get_compiler(connection=connection).as_sql()
        if connection.vendor == "postgresql":
            return f"{lhs} = ANY(ARRAY({sub_sql}))", [*lhs_params, *sub_params]
        return f"{lhs} IN ({sub_sql})", [*lhs_params, *sub_params]
