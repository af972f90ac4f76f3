"""The legal basis stored on a report's submission clock reads as a clerk would
cite it: the rule setting's source carried LAW.md's section and confidence
marker ("LAW.md §11.2：…（UNCONFIRMED，…）"), which a clock's panel shows."""

from django.db import migrations

READABLE = {
    "LAW.md §11.2：报送日期由县级确定（UNCONFIRMED，参照某省指引3月1日）": (
        "《法治政府建设与责任落实督察工作规定》：向上一级报告，报送日期由县级确定（默认3月1日）"
    ),
}


def forwards(apps, schema_editor):
    Clock = apps.get_model("core", "Clock")
    ClockEvent = apps.get_model("core", "ClockEvent")
    for old, new in READABLE.items():
        Clock.objects.filter(kind__startswith="reports.", legal_basis=old).update(legal_basis=new)
        ClockEvent.objects.filter(clock__kind__startswith="reports.", legal_basis=old).update(
            legal_basis=new
        )


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0002_reporttransition_transition_record"),
        ("core", "0012_auditevent_view"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
