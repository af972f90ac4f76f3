# Two indexes for the province roll-up (issue 19): a year's key cases (partial,
# small) and a year's replies, each read by a whole-table scan before
# (docs/performance.md, "The cold province roll-up").

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0012_auditevent_view"),
        ("petitions", "0003_encrypt_personal_data"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name="petition",
            index=models.Index(
                condition=models.Q(("is_key_case", True)),
                fields=["received_on"],
                name="petition_key_received",
            ),
        ),
        migrations.AddIndex(
            model_name="petition",
            index=models.Index(fields=["reply_on"], name="petition_reply_on"),
        ),
    ]
