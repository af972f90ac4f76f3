# The site's dates (see fazhi/formats/__init__.py); the rest is Django's zh_Hans.
DATE_FORMAT = "Y-m-d"  # 2026-09-12
SHORT_DATE_FORMAT = "Y-m-d"
DATETIME_FORMAT = "Y-m-d H:i"  # 2026-09-12 14:05
SHORT_DATETIME_FORMAT = "Y-m-d H:i"
