# The site's dates (see fazhi/formats/__init__.py); the rest is Django's zh_Hans.
DATE_FORMAT = "Y-m-d"  # 2026-09-12
SHORT_DATE_FORMAT = "Y-m-d"
DATETIME_FORMAT = "Y-m-d H:i"  # 2026-09-12 14:05
SHORT_DATETIME_FORMAT = "Y-m-d H:i"
# A date typed as paper ledgers write it, 2024.3.5, is read as 2024-03-05
# (the ledger imports read it so, core.ledger_import.values); Django's zh-hans reads only
# 2024-03-05, 2024/3/5 and 2024年3月5日. The first format is how the site writes it.
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日"]
