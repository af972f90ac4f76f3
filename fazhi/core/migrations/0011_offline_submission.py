# Issue 18, capture without a signal: one row per entry a phone sent, so the
# same entry (its client id) lands exactly once.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0010_encrypt_personal_data"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="OfflineSubmission",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("client_id", models.UUIDField(unique=True, verbose_name="本机编号")),
                ("kind", models.CharField(max_length=40, verbose_name="录入类型")),
                ("object_id", models.PositiveBigIntegerField(blank=True, null=True)),
                ("url", models.CharField(blank=True, max_length=300, verbose_name="记录地址")),
                ("received_at", models.DateTimeField(auto_now_add=True, verbose_name="接收时间")),
                (
                    "content_type",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="contenttypes.contenttype",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="录入人",
                    ),
                ),
            ],
            options={
                "verbose_name": "离线录入",
                "verbose_name_plural": "离线录入",
                "ordering": ["-received_at"],
            },
        ),
    ]
