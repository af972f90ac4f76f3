"""An import job's column mapping as [[label, key], ...] in the file's order.

It was a JSON object, and PostgreSQL's jsonb keeps an object's keys in its own
order (shorter keys first), so the mapping page listed the file's columns out
of order there (SQLite kept them). A job's pairs keep the order they were
stored in; a job already uploaded on PostgreSQL keeps jsonb's order, which is
all it still has."""

from django.db import migrations, models


def to_pairs(apps, schema_editor):
    ImportJob = apps.get_model("core", "ImportJob")
    for job in ImportJob.objects.only("pk", "mapping").iterator():
        if isinstance(job.mapping, dict):
            job.mapping = [[label, key] for label, key in job.mapping.items()]
            job.save(update_fields=["mapping"])


def to_object(apps, schema_editor):
    ImportJob = apps.get_model("core", "ImportJob")
    for job in ImportJob.objects.only("pk", "mapping").iterator():
        if isinstance(job.mapping, list):
            job.mapping = {label: key for label, key in job.mapping}
            job.save(update_fields=["mapping"])


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0013_pgh_attach_context_without_subtransaction"),
    ]

    operations = [
        migrations.AlterField(
            model_name="importjob",
            name="mapping",
            field=models.JSONField(default=list, verbose_name="列对应"),
        ),
        migrations.RunPython(to_pairs, to_object),
    ]
