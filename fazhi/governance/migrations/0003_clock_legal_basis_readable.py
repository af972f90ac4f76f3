"""The legal basis stored on governance clocks reads as a clerk would cite it:
the earlier defaults carried LAW.md's section and confidence markers
("LAW.md §7.2 UNCONFIRMED：…"), which the clock tables showed."""

from django.db import migrations

READABLE = {
    "LAW.md §7.2 UNCONFIRMED：国办发〔2018〕115号（5至15个工作日，未见原文）": (
        "《关于全面推行行政规范性文件合法性审核机制的指导意见》（国办发〔2018〕115号）"
    ),
    "UNCONFIRMED：无全国统一规定，按本地法律顾问服务约定设置": "法律顾问服务约定",
    "UNCONFIRMED：由监督机关在检查意见中确定，此为默认值": "监督检查意见确定的整改期限（默认值）",
    "LAW.md §7.2 [S]：法治政府建设示范指标第24项": "法治政府建设示范指标第24项",
    "LAW.md §7.2 [S]：《湖南省规范性文件管理办法》（2018年修正）第二十条": (
        "《湖南省规范性文件管理办法》（2018年修正）第二十条"
    ),
    "LAW.md §7.2 [S]：《湖南省规范性文件管理办法》（2018年修正）第二十二条": (
        "《湖南省规范性文件管理办法》（2018年修正）第二十二条"
    ),
}


def forwards(apps, schema_editor):
    Clock = apps.get_model("core", "Clock")
    ClockEvent = apps.get_model("core", "ClockEvent")
    for old, new in READABLE.items():
        Clock.objects.filter(kind__startswith="governance.", legal_basis=old).update(
            legal_basis=new
        )
        ClockEvent.objects.filter(clock__kind__startswith="governance.", legal_basis=old).update(
            legal_basis=new
        )


class Migration(migrations.Migration):
    dependencies = [
        ("governance", "0002_lawreport_title_planned"),
        ("core", "0004_auth_events"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
