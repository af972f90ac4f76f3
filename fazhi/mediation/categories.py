"""The default dispute categories (纠纷类型). The list is data: a township edits
it on the categories page; these rows are seeded once by a data migration and
each has an indicator for the annual report's "disputes by category"."""

DEFAULT_CATEGORIES: list[tuple[str, str]] = [
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
