# 述法 moves to governance.LawReport (one record for township leaders and village
# Party secretaries). Rows of publicity's table are copied first, then the
# table is dropped; on a fresh database the copy finds nothing.

from django.db import migrations


def copy_to_governance(apps, schema_editor):
    Old = apps.get_model("publicity", "LawReport")
    New = apps.get_model("governance", "LawReport")
    taken = set(New.objects.values_list("person_id", "year"))
    rows = []
    for r in Old.objects.all().order_by("pk"):
        if (r.person_id, r.year) in taken:
            continue  # the same person's 述法 of that year is already in governance
        taken.add((r.person_id, r.year))
        rows.append(
            New(
                unit_id=r.unit_id,
                person_id=r.person_id,
                title=r.title,
                year=r.year,
                reported_on=r.delivered_on,
                occasion=r.occasion,
                rating=r.evaluation,
                created_at=r.created_at,
                updated_at=r.updated_at,
                created_by_id=r.created_by_id,
                updated_by_id=r.updated_by_id,
                version=r.version,
            )
        )
    New.objects.bulk_create(rows)


class Migration(migrations.Migration):

    dependencies = [
        ("publicity", "0002_reference_data"),
        ("governance", "0002_lawreport_title_planned"),
    ]

    operations = [
        migrations.RunPython(copy_to_governance, migrations.RunPython.noop, elidable=True),
        migrations.DeleteModel(
            name="LawReport",
        ),
    ]
