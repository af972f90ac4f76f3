"""Reference data every installation starts with: the five audience sectors
(GLOSSARY `Sector`), common publicity topics and the national publicity days.

Topics and campaigns are data a township may add to; this list only seeds
them (migration 0002 and the demo builder both call `ensure`). The names are
stored in Chinese on the rows; the seeded ones are catalogue entries
(`gettext_noop`), so pages show them in the reader's language
(core.i18n.shown) and a name a township typed as it is. The laws are proper
names: kept in Chinese, their titles glossed in English (`LAW_TITLES`,
core.i18n.glossed).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_noop

# code, name (法律进机关、进企业、进村庄、进学校、进社区)
SECTORS: list[tuple[str, str]] = [
    ("agency", gettext_noop("机关")),
    ("enterprise", gettext_noop("企业")),
    ("village", gettext_noop("村庄")),
    ("school", gettext_noop("学校")),
    ("community", gettext_noop("社区")),
]

# name, laws
TOPICS: list[tuple[str, str]] = [
    (gettext_noop("宪法"), "《中华人民共和国宪法》"),
    (gettext_noop("民法典"), "《中华人民共和国民法典》"),
    (gettext_noop("社会治安"), "《治安管理处罚法》《反有组织犯罪法》"),
    (gettext_noop("婚姻家庭"), "《民法典》婚姻家庭编、《反家庭暴力法》"),
    (gettext_noop("土地管理"), "《土地管理法》《农村土地承包法》"),
    (gettext_noop("国家安全"), "《国家安全法》"),
    (gettext_noop("禁毒"), "《禁毒法》"),
    (gettext_noop("消费者权益保护"), "《消费者权益保护法》"),
    (gettext_noop("妇女儿童权益保障"), "《妇女权益保障法》《未成年人保护法》"),
    (gettext_noop("安全生产"), "《安全生产法》"),
    (gettext_noop("森林防火"), "《森林法》《森林防火条例》"),
    (gettext_noop("反电信网络诈骗"), "《反电信网络诈骗法》"),
]

# name, month, day (None: movable festival), duration days, calendar holiday name, topic
CAMPAIGNS: list[tuple[str, int, int | None, int, str, str]] = [
    (gettext_noop("春节期间法治宣传"), 2, None, 7, "春节", "社会治安"),
    (gettext_noop("3·8国际妇女节"), 3, 8, 1, "", "妇女儿童权益保障"),
    (gettext_noop("3·15国际消费者权益日"), 3, 15, 1, "", "消费者权益保护"),
    (gettext_noop("4·15全民国家安全教育日"), 4, 15, 1, "", "国家安全"),
    (gettext_noop("民法典宣传月"), 5, 1, 31, "", "民法典"),
    (gettext_noop("安全生产月"), 6, 1, 30, "", "安全生产"),
    (gettext_noop("6·26国际禁毒日"), 6, 26, 1, "", "禁毒"),
    (gettext_noop("12·4国家宪法日暨宪法宣传周"), 12, 1, 7, "", "宪法"),
]


# The titles of the laws named above (and in rules.py): proper names, glossed
# with their English names in English (core.i18n.glossed finds a title's English
# name under its bare title).
LAW_TITLES = (
    gettext_noop("中华人民共和国宪法"),
    gettext_noop("中华人民共和国民法典"),
    gettext_noop("民法典"),
    gettext_noop("治安管理处罚法"),
    gettext_noop("反有组织犯罪法"),
    gettext_noop("反家庭暴力法"),
    gettext_noop("土地管理法"),
    gettext_noop("农村土地承包法"),
    gettext_noop("国家安全法"),
    gettext_noop("禁毒法"),
    gettext_noop("消费者权益保护法"),
    gettext_noop("妇女权益保障法"),
    gettext_noop("未成年人保护法"),
    gettext_noop("安全生产法"),
    gettext_noop("森林法"),
    gettext_noop("森林防火条例"),
    gettext_noop("反电信网络诈骗法"),
    gettext_noop("法治宣传教育第八个五年规划（2021—2025年）"),
    gettext_noop("关于实行国家机关“谁执法谁普法”普法责任制的意见"),
    gettext_noop("关于完善国家工作人员学法用法制度的意见"),
)


def ensure(sector_model: Any, topic_model: Any, campaign_model: Any) -> None:
    """Create what is missing; never overwrite what a township changed."""
    for order, (code, name) in enumerate(SECTORS):
        sector_model.objects.get_or_create(code=code, defaults={"name": name, "order": order})
    topics = {}
    for order, (name, laws) in enumerate(TOPICS):
        topics[name], _ = topic_model.objects.get_or_create(
            name=name, defaults={"laws": laws, "order": order}
        )
    for order, (name, month, day, days, holiday, topic) in enumerate(CAMPAIGNS):
        campaign_model.objects.get_or_create(
            name=name,
            defaults={
                "month": month,
                "day": day,
                "duration_days": days,
                "holiday_name": holiday,
                "topic": topics.get(topic),
                "laws": topic_model.objects.get(name=topic).laws if topic in topics else "",
                "order": order,
            },
        )
