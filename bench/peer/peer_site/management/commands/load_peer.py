"""Load the peer's tickets for `make bench-peer` (issue 19): as many tickets
as fazhi's province holds petitions, one queue per township, set-based.

Queues and the log-in go through the ORM (a queue's save() creates its
permission, as helpdesk's admin would); the tickets and their first
follow-up (helpdesk writes "Ticket Opened" for every new ticket) are one
INSERT … SELECT each from generate_series, as COPY would load them, so
10^5 tickets take seconds. Idempotent: a database that already holds the
same numbers is left as it is."""

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.management.base import BaseCommand, CommandParser
from django.db import connection, transaction
from helpdesk.models import FollowUp, Queue, Ticket

USERNAME = "peer-clerk"


class Command(BaseCommand):
    help = "Load N tickets into Q queues (the peer of fazhi's petition ledger)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--tickets", type=int, required=True)
        parser.add_argument("--queues", type=int, required=True)
        parser.add_argument(
            "--open-share",
            type=float,
            required=True,
            help="share of tickets in status Open (fazhi's share of the filtered stage)",
        )
        parser.add_argument("--days", type=int, default=730, help="tickets spread over")
        parser.add_argument("--password", required=True)
        parser.add_argument("--seed", type=float, default=0.2026)

    def handle(self, *args: Any, **o: Any) -> None:
        user_model = get_user_model()
        user, _ = user_model.objects.get_or_create(
            username=USERNAME, defaults={"is_staff": True, "email": "clerk@example.org"}
        )
        user.is_staff = True
        user.set_password(o["password"])
        user.save()
        if (
            Ticket.objects.count() == o["tickets"]
            and Queue.objects.count() == o["queues"]
            and FollowUp.objects.count() == o["tickets"]
        ):
            self.stdout.write(f"already loaded: {o['tickets']} tickets in {o['queues']} queues")
            return
        with transaction.atomic():
            with connection.cursor() as cur:
                cur.execute("TRUNCATE helpdesk_followup, helpdesk_ticket CASCADE")
            # A queue's save() made its permission; a bulk delete leaves it behind.
            Queue.objects.all().delete()
            Permission.objects.filter(codename__startswith="queue_access_").delete()
            for i in range(1, o["queues"] + 1):
                Queue.objects.create(title=f"乡镇 {i:03d}", slug=f"town-{i:03d}")
            share = o["open_share"]
            with connection.cursor() as cur:
                cur.execute("SELECT setseed(%s)", [o["seed"]])
                # Status: Open in fazhi's share, then Reopened 5 %, Resolved
                # and Closed for the rest (helpdesk's 1, 2, 3, 4).
                cur.execute(
                    """
                    WITH q AS (SELECT array_agg(id ORDER BY id) AS ids FROM helpdesk_queue),
                    g AS (
                        SELECT n, random() AS r,
                               now() - random() * make_interval(days => %(days)s) AS at
                        FROM generate_series(1, %(n)s) AS n
                    )
                    INSERT INTO helpdesk_ticket (
                        title, created, modified, submitter_email, status, on_hold,
                        description, resolution, priority, queue_id, secret_key
                    )
                    SELECT '宅基地边界争议 ' || n, at, at, 'p' || n || '@example.org',
                           CASE WHEN r < %(open)s THEN 1
                                WHEN r < %(open)s + 0.05 THEN 2
                                WHEN r < %(open)s + 0.05 + (0.95 - %(open)s) / 2 THEN 3
                                ELSE 4 END,
                           false, '与邻居就宅基地边界发生争议，请求调处。', '',
                           1 + n %% 5, q.ids[1 + n %% array_length(q.ids, 1)],
                           gen_random_uuid()::text
                    FROM g, q ORDER BY at
                    """,
                    {"n": o["tickets"], "open": share, "days": o["days"]},
                )
                cur.execute(
                    """
                    INSERT INTO helpdesk_followup (date, title, comment, public, ticket_id)
                    SELECT created, 'Ticket Opened', description, true, id FROM helpdesk_ticket
                    """
                )
        with connection.cursor() as cur:
            cur.execute("ANALYZE helpdesk_ticket")
            cur.execute("ANALYZE helpdesk_followup")
        self.stdout.write(f"loaded {o['tickets']} tickets into {o['queues']} queues")
