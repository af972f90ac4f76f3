"""The enforcement fields (执法领域) a township's comprehensive enforcement team
usually works in. Reference data, editable in the admin afterwards."""

from django.db import migrations

FIELDS = [
    ("natural_resources", "自然资源（土地、矿产）"),
    ("agriculture", "农业农村"),
    ("environment", "生态环境"),
    ("forestry", "林业"),
    ("water", "水利"),
    ("urban", "城乡建设与市容"),
    ("safety", "应急管理（安全生产）"),
    ("market", "市场监管"),
    ("health", "卫生健康"),
    ("culture", "文化旅游"),
    ("transport", "交通运输"),
    ("fire", "消防"),
]


def seed(apps, schema_editor):
    EnforcementField = apps.get_model("enforcement", "EnforcementField")
    for order, (code, name) in enumerate(FIELDS):
        EnforcementField.objects.get_or_create(code=code, defaults={"name": name, "order": order})


def unseed(apps, schema_editor):
    apps.get_model("enforcement", "EnforcementField").objects.filter(
        code__in=[c for c, _ in FIELDS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("enforcement", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
