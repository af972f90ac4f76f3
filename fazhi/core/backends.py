"""The log-in backend: Django's ModelBackend, loading a session's user with
what every page reads of it in the same query.

Every page's shell reads the user's home unit (their scope, `User.scope_path`),
their person (`display_name`) and their unread reminders (the bell's badge,
core.context_processors.shell): three more queries after the user's own, on
every request. Here the home unit and the person come joined to the user
(`select_related`) and the unread count as a sub-select, so the session's
user is one query (docs/performance.md, "The clerk's shell in fewer
queries"). The count is the one at the start of the request, as the
separate query read it before the page was drawn.
"""

from __future__ import annotations

from typing import Any

from asgiref.sync import sync_to_async
from django.contrib.auth import backends, get_user_model
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce

# The attribute the unread count is read into (core.context_processors.shell).
UNREAD = "_fazhi_unread_reminders"


def unread_count() -> Coalesce:
    """The user's unread reminders as a sub-select of the user's query."""
    from .models import Reminder

    counted = (
        Reminder.objects.unread()
        .filter(user=OuterRef("pk"))
        .order_by()
        .values("user")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


class ModelBackend(backends.ModelBackend):
    def get_user(self, user_id: Any) -> Any:
        user_model = get_user_model()
        try:
            user = (
                user_model._default_manager.select_related("home_unit", "person")
                .annotate(**{UNREAD: unread_count()})
                .get(pk=user_id)
            )
        except user_model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None


def unread_reminders(user: Any) -> int:
    """The bell's count: read with the session's user (ModelBackend.get_user)
    or, for a user loaded otherwise (a test's force_login, the API's token),
    counted here."""
    from .models import Reminder

    unread = getattr(user, UNREAD, None)
    if unread is None:
        unread = Reminder.objects.unread().filter(user=user).count()
    return int(unread)

    async def aget_user(self, user_id: Any) -> Any:
        return await sync_to_async(self.get_user)(user_id)
