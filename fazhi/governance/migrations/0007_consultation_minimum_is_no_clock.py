"""A normative document's consultation minimum (征求意见不少于七个工作日 /
三十日) is no longer a clock.

It ran as a clock, so a draft left open for comment past its minimum, which
the rule allows, counted as 已超期 on the home page and the leaders'
dashboard and drew 已超期 reminders. The earliest closing day was always kept
on the document (consultation_min_end), which close_consultation enforces;
the clocks and their reminders are removed. Not reversible in data: a
reversed migration leaves documents without the clock, as a new one is."""

from django.db import migrations

KIND = "governance.normative.consultation"


def drop_consultation_clocks(apps, schema_editor):
    Clock = apps.get_model("core", "Clock")
    Clock.objects.using(schema_editor.connection.alias).filter(kind=KIND).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("governance", "0006_encrypt_personal_data"),
        ("core", "0015_sessions_keep_their_log_in"),
    ]

    operations = [migrations.RunPython(drop_consultation_clocks, migrations.RunPython.noop)]
