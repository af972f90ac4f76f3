"""A plan task's due date is the 完成时限 the plan sets, not the end of a
period counted from the plan's issue date: copy it over, and retire the
clocks that were started for tasks (their reminders stay in the inbox,
detached). Overdue and due-soon reminders now come from the daily job."""

from django.db import migrations
from django.db.models import F


def forwards(apps, schema_editor):
    WorkTask = apps.get_model("governance", "WorkTask")
    Clock = apps.get_model("core", "Clock")
    Reminder = apps.get_model("core", "Reminder")
    WorkTask.objects.update(due_date=F("deadline"))
    task_clocks = Clock.objects.filter(kind="governance.task")
    Reminder.objects.filter(clock__in=task_clocks).update(clock=None)
    task_clocks.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("governance", "0003_clock_legal_basis_readable"),
        ("core", "0004_auth_events"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
