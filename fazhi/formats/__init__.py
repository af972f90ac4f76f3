"""The site's date formats (settings.FORMAT_MODULE_PATH), one per language.

A date reads 2026-09-12 on every page, as the lists' columns, the filters'
inputs and the exports write it; Django's zh-hans default (2026年9月12日)
reached the pages that print a date without a format (a detail page's
fields, a case's timeline, the audit trail), so one module showed the same
day two ways. A formal document (.docx, GB/T 9704) keeps its own
2026年9月12日 (core.documents.chinese_date); a month (2026年9月) and a day
of a month (9月12日) keep Django's words.
"""
