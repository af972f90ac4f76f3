"""Clocks started before the rule texts lost LAW.md's confidence markers
stored their legal basis with the marker ("《人民调解工作若干规定》第三十三条 [S]");
the stored text is what the pages show, so it is corrected where it is kept."""

from django.db import migrations

# A copy of the kinds at the time of writing (fazhi.mediation.rules.CLOCK_*).
KINDS = ("mediation.conclusion", "mediation.judicial_confirmation")
MARKERS = (" [S]", "[S]", " [C]", "[C]")


def strip_markers(apps, schema_editor):
    Clock = apps.get_model("core", "Clock")
    for marker in MARKERS:
        for clock in Clock.objects.filter(kind__in=KINDS, legal_basis__contains=marker):
            clock.legal_basis = clock.legal_basis.replace(marker, "").strip()
            clock.save(update_fields=["legal_basis"])


class Migration(migrations.Migration):
    dependencies = [("mediation", "0002_default_categories"), ("core", "0001_initial")]

    operations = [migrations.RunPython(strip_markers, migrations.RunPython.noop)]
