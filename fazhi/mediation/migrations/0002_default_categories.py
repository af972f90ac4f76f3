from django.db import migrations

# A copy of fazhi.mediation.categories.DEFAULT_CATEGORIES at the time of writing:
# a migration must not change when the module does.
CATEGORIES = [
    ("marriage_family", "婚姻家庭纠纷"),
    ("neighbour", "邻里纠纷"),
    ("land", "土地纠纷"),
    ("forest", "山林纠纷"),
    ("debt", "债务纠纷"),
    ("labour", "劳动争议"),
    ("contract", "合同纠纷"),
    ("damage", "损害赔偿纠纷"),
    ("village_affairs", "村务管理纠纷"),
    ("other", "其他纠纷"),
]


def seed(apps, schema_editor):
    Category = apps.get_model("mediation", "DisputeCategory")
    for order, (code, name) in enumerate(CATEGORIES):
        Category.objects.get_or_create(code=code, defaults={"name": name, "order": order})


class Migration(migrations.Migration):
    dependencies = [("mediation", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
