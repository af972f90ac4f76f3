"""A report's deadlines are its two clocks' due dates (reports.submit,
reports.publish), no longer copies on the report: entering a year's holiday
notice recomputed the clocks and left the copies behind, so the report's page,
list and API could show another date than the clock driving its reminders.

Nothing moves: every report since the first (0001) was drafted with its clocks,
which hold the dates. A report drafted for a year the work calendar did not
reach has no clock (it held the set day itself); reports.deadlines counts that
date again as a clock would."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0004_mandatory_item_help_cites_the_law"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="annualreport",
            name="publish_due",
        ),
        migrations.RemoveField(
            model_name="annualreport",
            name="submit_due",
        ),
    ]
