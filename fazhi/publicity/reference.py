"""Reference data every installation starts with: the five audience sectors
(GLOSSARY `Sector`), common publicity topics and the national publicity days.

Topics and campaigns are data a township may add to; this list only seeds
them (migration 0002 and the demo builder both call `ensure`).
"""

from __future__ import annotations

from typing import Any

# code, name (法律进机关、进企业、进村庄、进学校、进社区)
SECTORS: list[tuple[str, str]] = [
    ("agency", "机关"),
    ("enterprise", "企业"),
    ("village", "村庄"),
    ("school", "学校"),
    ("community", "社区"),
]

# name, laws
TOPICS: list[tuple[str, str]] = [
    ("宪法", "《中华人民共和国宪法》"),
    ("民法典", "《中华人民共和国民法典》"),
    ("社会治安", "《治安管理处罚法》《反有组织犯罪法》"),
    ("婚姻家庭", "《民法典》婚姻家庭编、《反家庭暴力法》"),
    ("土地管理", "《土地管理法》《农村土地承包法》"),
    ("国家安全", "《国家安全法》"),
    ("禁毒", "《禁毒法》"),
    ("消费者权益保护", "《消费者权益保护法》"),
    ("妇女儿童权益保障", "《妇女权益保障法》《未成年人保护法》"),
    ("安全生产", "《安全生产法》"),
    ("森林防火", "《森林法》《森林防火条例》"),
    ("反电信网络诈骗", "《反电信网络诈骗法》"),
]

# name, month, day (None: movable festival), duration days, calendar holiday name, topic
CAMPAIGNS: list[tuple[str, int, int | None, int, str, str]] = [
    ("春节期间法治宣传", 2, None, 7, "春节", "社会治安"),
    ("3·8国际妇女节", 3, 8, 1, "", "妇女儿童权益保障"),
    ("3·15国际消费者权益日", 3, 15, 1, "", "消费者权益保护"),
    ("4·15全民国家安全教育日", 4, 15, 1, "", "国家安全"),
    ("民法典宣传月", 5, 1, 31, "", "民法典"),
    ("安全生产月", 6, 1, 30, "", "安全生产"),
    ("6·26国际禁毒日", 6, 26, 1, "", "禁毒"),
    ("12·4国家宪法日暨宪法宣传周", 12, 1, 7, "", "宪法"),
]


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
