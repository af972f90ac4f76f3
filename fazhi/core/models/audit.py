"""The audit trail: who changed what, when, from where (全过程记录).

Append-only and tamper-evident (GB/T 22239-2019 8.1.4.3 审计记录的保护;
docs/security.md, "Audit trail"): every row carries the SM3 hash of the row
before it (`prev_hash`) and of itself (`hash`, over `prev_hash` and the row's
own fields serialised canonically), so a row altered, removed or slipped in
behind the application's back breaks the chain where it happened
(`manage.py verify_audit`). The chain is written here, at the one place every
writer passes (`create`, `save`, `bulk_create`), under a lock that keeps two
writers from chaining to the same previous row. The application never updates
or deletes a row; on PostgreSQL a trigger refuses it even to raw SQL.
"""

from __future__ import annotations

import datetime as dt
import functools
import ipaddress
import json
from collections.abc import Iterable, Sequence
from typing import Any

import pgtrigger
from cryptography.hazmat.primitives import hashes
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connections, models, router, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import batch
from .base import ScopedManager, ScopedQuerySet
from .mixins import optional_ref

# The fields the hash covers, in no particular order (the JSON is sorted).
# Changing this list changes every hash: it is the chain's format.
CHAINED_FIELDS = (
    "at",
    "actor_id",
    "actor_name",
    "ip",
    "action",
    "content_type_id",
    "object_id",
    "object_repr",
    "unit_id",
    "changes",
    "note",
)
FOREIGN_KEYS = frozenset({"actor_id", "content_type_id", "unit_id"})
GENESIS = "0" * 64
# pg_advisory_xact_lock key of the chain head ("fazhiaud" in ASCII).
CHAIN_LOCK_KEY = 0x66617A6869617564


def sm3_hex(data: bytes) -> str:
    """SM3 (GB/T 32905-2016), hex."""
    digest = hashes.Hash(hashes.SM3())
    digest.update(data)
    return digest.finalize().hex()


def _canonical_value(name: str, value: Any) -> Any:
    if value is None:
        return None
    if name == "at":
        if isinstance(value, str):
            value = dt.datetime.fromisoformat(value)
        return _utc_text(value)
    if name == "ip":
        return str(ipaddress.ip_address(str(value)))
    if name in FOREIGN_KEYS:
        return int(value)
    if name == "changes":
        return value
    return str(value)


@functools.lru_cache(maxsize=64)
def _utc_text(value: dt.datetime) -> str:
    """A row's time in UTC to the microsecond (the rows of one
    `core.audit.append` share theirs: 70,000 rows a 10^4-row ledger)."""
    if timezone.is_naive(value):
        value = timezone.make_aware(value, dt.UTC)
    return value.astimezone(dt.UTC).isoformat(timespec="microseconds")


# One encoder for every row: `json.dumps` with these options builds a new
# JSONEncoder per call (three a row when a batch seals 70,000). Same text.
_ENCODE = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode


def canonical(values: dict[str, Any], changes: str | None = None) -> str:
    """The row's fields as JSON with sorted keys: the same text whether the
    values come from a new instance or back from the database (times in UTC to
    the microsecond, addresses in their normal form, ids as numbers).
    `changes`: the changes already serialised by `changes_text` (a batch
    stores that text in the column too, core.audit.append), put in their
    sorted place between “at” and “content_type_id”: the same text."""
    if changes is None:
        plain = {name: _canonical_value(name, values.get(name)) for name in CHAINED_FIELDS}
        return _ENCODE(plain)
    before = {name: _canonical_value(name, values.get(name)) for name in _BEFORE_CHANGES}
    after = {name: _canonical_value(name, values.get(name)) for name in _AFTER_CHANGES}
    head = _ENCODE(before)
    tail = _ENCODE(after)
    return f'{head[:-1]},"changes":{changes},{tail[1:]}'


_BEFORE_CHANGES = tuple(sorted(name for name in CHAINED_FIELDS if name < "changes"))
_AFTER_CHANGES = tuple(sorted(name for name in CHAINED_FIELDS if name > "changes"))


def changes_text(changes: Any) -> str:
    """A row's changes as `canonical` serialises them (valid JSON for the
    column as well)."""
    return _ENCODE(changes)


def event_digest(values: dict[str, Any], prev_hash: str, changes: str | None = None) -> str:
    """SM3 over the previous row's hash and this row's canonical fields
    (`changes`: as `canonical` takes them)."""
    return sm3_hex(f"{prev_hash}\n{canonical(values, changes)}".encode())


class AppendOnly(Exception):
    """An audit row was to be changed or deleted through the application."""


class AuditQuerySet(ScopedQuerySet):
    """Inserts chain; updates and deletes are refused (the trigger refuses them
    on PostgreSQL to raw SQL too)."""

    def bulk_create(self, objs: Iterable[AuditEvent], *args: Any, **kwargs: Any) -> list[Any]:  # type: ignore[override]
        objs = list(objs)
        with transaction.atomic(using=self.db):
            prev = chain_head(self.db)
            for obj in objs:
                prev = obj._seal(prev)
            created = super().bulk_create(objs, *args, **kwargs)
            remember_head(self.db, prev)
            return created

    def update(self, **kwargs: Any) -> int:
        raise AppendOnly("audit rows are never updated")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnly("audit rows are never deleted")


class AuditManager(ScopedManager.from_queryset(AuditQuerySet)):  # type: ignore[misc]
    pass


def chain_head(using: str) -> str:
    """Takes the chain lock for the rest of the transaction and returns the
    last row's hash. On PostgreSQL a transaction-scoped advisory lock: a second
    writer waits until the first has committed, then reads its row as the
    head (a lock released before the commit would let it read the row before).
    SQLite writes one transaction at a time (BEGIN IMMEDIATE, settings.py).

    Inside `core.batch.run()` the head this transaction wrote last is given
    without asking again while the savepoint that wrote it stands (the lock is
    already held for the rest of the transaction)."""
    connection = connections[using]
    known = _remembered_head(using)
    if known is not None:
        return known
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK_KEY])
    last = (
        AuditEvent._base_manager.using(using).order_by("-pk").values_list("hash", flat=True).first()
    )
    return last or GENESIS


def _noop() -> None:
    pass


def remember_head(using: str, head: str) -> None:
    """Keep the head just written for this transaction's next row (only inside
    `core.batch.run()`). The marker is an on-commit callback: Django drops it
    when the savepoint it was registered in is rolled back, and clears it at
    the commit, so a marker still queued proves the row is still there."""
    if not batch.active():
        return
    marker = functools.partial(_noop)
    transaction.on_commit(marker, using=using)
    batch.put(("audit-head", using), (head, marker))


def _remembered_head(using: str) -> str | None:
    known = batch.peek(("audit-head", using))
    if known is None:
        return None
    head, marker = known
    connection = connections[using]
    if connection.in_atomic_block and any(
        entry[1] is marker for entry in reversed(connection.run_on_commit)
    ):
        return str(head)
    batch.put(("audit-head", using), None)
    return None


class AuditEvent(models.Model):
    class Action(models.TextChoices):
        CREATE = "create", _("新建")
        UPDATE = "update", _("修改")
        DELETE = "delete", _("删除")
        TRANSITION = "transition", _("流转")
        REVEAL = "reveal", _("查看个人信息")
        VIEW = "view", _("查阅（附理由）")
        EXPORT = "export", _("导出")
        DOWNLOAD = "download", _("下载")
        LOGIN = "login", _("登录")
        LOGIN_FAILED = "login_failed", _("登录失败")
        LOGOUT = "logout", _("退出")

    scope_field = "unit"

    # Set before the row is sealed (not auto_now_add, which is filled in only
    # as the row is written, after the hash).
    at = models.DateTimeField(_("时间"), default=timezone.now, editable=False, db_index=True)
    # PROTECT, not SET_NULL: an account with audit rows is deactivated, never
    # deleted (setting the rows' actor to NULL would rewrite the trail).
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("操作人"),
    )
    actor_name = models.CharField(_("操作人姓名"), max_length=100, blank=True)
    ip = models.GenericIPAddressField(_("IP地址"), null=True, blank=True)
    action = models.CharField(_("操作"), max_length=20, choices=Action.choices)
    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    object_id = models.CharField(_("对象编号"), max_length=64, blank=True)
    object_repr = models.CharField(_("对象"), max_length=200, blank=True)
    unit = optional_ref("core.OrgUnit", _("所属单位"))
    changes = models.JSONField(_("变更内容"), default=dict, blank=True)
    note = models.TextField(_("说明"), blank=True)
    prev_hash = models.CharField(_("前一条记录的哈希"), max_length=64, editable=False, default="")
    hash = models.CharField(_("本条记录的哈希"), max_length=64, editable=False, default="")

    objects = AuditManager()

    class Meta:
        verbose_name = _("操作记录")
        verbose_name_plural = _("操作记录")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id", "at"], name="audit_object_at")]
        # Two rows chained to the same previous row would fork the chain: the
        # database refuses the second, should the lock ever be bypassed.
        constraints = [models.UniqueConstraint(fields=["prev_hash"], name="audit_chain_no_fork")]
        triggers = [
            pgtrigger.Protect(
                name="append_only",
                operation=pgtrigger.Update | pgtrigger.Delete,
            )
        ]

    def __str__(self) -> str:
        return (
            f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} "
            f"{self.get_action_display()} {self.object_repr}"
        )

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Only a new row is written, chained to the last one. A row written
        while a request is served carries the client's address
        (core.middleware.current_ip) unless its writer gave one: an export or
        download written directly here (core.listing, the ledgers, the annual
        table) records it as core.audit.record does (GB/T 22239-2019
        8.1.4.3 b: the record holds where the event came from)."""
        if not self._state.adding:
            raise AppendOnly("audit rows are never updated")
        if self.ip is None:
            from ..middleware import current_ip

            self.ip = current_ip.get()
        using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
        with transaction.atomic(using=using):
            self._seal(chain_head(using))
            super().save(*args, **kwargs)
            remember_head(using, self.hash)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnly("audit rows are never deleted")

    @property
    def change_pairs(self) -> list[tuple[str, object]]:
        # Templates must not read `changes.items`: a changed field named
        # "items" would shadow the dict method.
        return list(self.changes.items())

    def chained_values(self) -> dict[str, Any]:
        """The hashed fields as the database will give them back."""
        return {
            field.attname: field.to_python(getattr(self, field.attname))
            for field in self._meta.concrete_fields
            if field.attname in CHAINED_FIELDS
        }

    def _seal(self, prev_hash: str) -> str:
        if self.at is None:
            self.at = timezone.now()
        self.prev_hash = prev_hash
        self.hash = event_digest(self.chained_values(), prev_hash)
        return self.hash


def seal_all(rows: Sequence[Any], prev_hash: str = GENESIS) -> str:
    """Hashes rows given in id order (the migration that chains existing rows)."""
    for row in rows:
        values = {name: getattr(row, name) for name in CHAINED_FIELDS}
        row.prev_hash = prev_hash
        row.hash = prev_hash = event_digest(values, prev_hash)
    return prev_hash
