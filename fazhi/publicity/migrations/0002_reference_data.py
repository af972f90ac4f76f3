from django.db import migrations


def seed(apps, schema_editor):
    from fazhi.publicity import reference

    reference.ensure(
        apps.get_model("publicity", "Sector"),
        apps.get_model("publicity", "Topic"),
        apps.get_model("publicity", "Campaign"),
    )


class Migration(migrations.Migration):
    dependencies = [("publicity", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
