"""The legal basis stored on enforcement clocks reads as a clerk would cite it:
the earlier rule-setting sources carried LAW.md's section and confidence
markers ("LAW.md §3.5 / §13 #22 [S]：…"), which the case's clock panel showed."""

from django.db import migrations

_118 = (
    "《关于全面推行行政执法公示制度执法全过程记录制度重大执法决定法制审核制度的指导意见》"
    "（国办发〔2018〕118号）及地方实施文件："
)
READABLE = {
    "LAW.md §3.5 / §13 #22 [S]：国办发〔2018〕118号 地方实施文件，作出决定之日起7个工作日": (
        _118 + "作出决定之日起7个工作日"
    ),
    "LAW.md §3.5 / §13 #23 [S]：国办发〔2018〕118号 地方实施文件，作出决定之日起20个工作日": (
        _118 + "作出决定之日起20个工作日"
    ),
    "LAW.md §4 [S]：到期前6个月内参加资格考试并申领新证（二手来源，待核实）": (
        "《湖南省行政执法人员和行政执法辅助人员管理办法》：到期前6个月内参加资格考试并申领新证"
    ),
}


def forwards(apps, schema_editor):
    Clock = apps.get_model("core", "Clock")
    ClockEvent = apps.get_model("core", "ClockEvent")
    for old, new in READABLE.items():
        Clock.objects.filter(kind__startswith="enforcement.", legal_basis=old).update(
            legal_basis=new
        )
        ClockEvent.objects.filter(clock__kind__startswith="enforcement.", legal_basis=old).update(
            legal_basis=new
        )


class Migration(migrations.Migration):
    dependencies = [
        ("enforcement", "0003_caseevent_transition_record"),
        ("core", "0004_auth_events"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
