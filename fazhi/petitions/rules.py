"""Statutory numbers of petition work (LAW.md §1, §13 rows 1–8), with their articles.

All periods of 《信访工作条例》(2022) are calendar days (the regulation has no
conversion clause, LAW.md §0.1), except the 5-working-day objection to a wrong
transfer, which the article states in working days.
"""

from typing import cast

from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from fazhi.core import rulesettings

# The laws this module cites, by title: proper names that stay Chinese, glossed
# with their English name on English pages (core.i18n.glossed).
LAW_TITLES = (gettext_noop("信访工作条例"),)

REGULATION = "《信访工作条例》"

# 《信访工作条例》第二十条: a group visit elects representatives, at most 5.
MAX_REPRESENTATIVES = 5
ART_20 = "《信访工作条例》第二十条"

# 《信访工作条例》第二十三条第二款、第三款: written notice of receipt and route
# within 15 days of receipt (direct and transferred-in items alike).
RECEIPT_NOTICE_DAYS = 15
ART_23 = "《信访工作条例》第二十三条"

# 《信访工作条例》第二十三条第三款: objection to a wrong transfer within 5 working days.
OBJECTION_WORKING_DAYS = 5

# 《信访工作条例》第三十四条: handling opinion within 60 days of acceptance; one
# extension of at most 30 days with the approval of the head of the organ, the
# petitioner told the reason.
HANDLING_DAYS = 60
MAX_EXTENSION_DAYS = 30
ART_34 = "《信访工作条例》第三十四条"

# 《信访工作条例》第三十二条: the opinion states the request, facts and reasons,
# the decision (support / explain / not support) and its legal basis.
ART_32 = "《信访工作条例》第三十二条"

# 《信访工作条例》第三十一条: claims belonging to litigation, arbitration,
# reconsideration, etc. are channelled into those procedures.
ART_31 = "《信访工作条例》第三十一条"

# 《信访工作条例》第三十条: accusation material is never passed to the accused.
ART_30 = "《信访工作条例》第三十条"

# 《信访工作条例》第三十五条: review request within 30 days of receiving the
# written reply; review opinion within 30 days of receiving the request.
REVIEW_REQUEST_DAYS = 30
REVIEW_DAYS = 30
ART_35 = "《信访工作条例》第三十五条"

# 《信访工作条例》第三十六条: re-review request within 30 days of receiving the
# review opinion; opinion within 30 days, hearing time excluded; after it the
# same request on the same facts is not accepted again (终结).
RE_REVIEW_REQUEST_DAYS = 30
RE_REVIEW_DAYS = 30
ART_36 = "《信访工作条例》第三十六条"

# Clock kinds on core.Clock (one table for every module).
CLOCK_RECEIPT_NOTICE = "petitions.receipt_notice"
CLOCK_OBJECTION = "petitions.objection"
CLOCK_HANDLING = "petitions.handling"
CLOCK_REVIEW = "petitions.review"
CLOCK_RE_REVIEW = "petitions.re_review"
CLOCK_KINDS = (
    CLOCK_RECEIPT_NOTICE,
    CLOCK_OBJECTION,
    CLOCK_HANDLING,
    CLOCK_REVIEW,
    CLOCK_RE_REVIEW,
)

# Number word in 湘源信〔2024〕12号 (GB/T 9704 §7.2.4: issuer abbreviation, kind word).
NUMBER_KIND = "petition"
NUMBER_WORD = "信"

# Who counts as "the head of the organ" approving an extension (Art 34 says
# 本机关负责人 without naming the post): LAW.md gives no township-specific
# rule, so the township head is the default and a township may widen it.
EXTENSION_APPROVER_ROLES = rulesettings.declare(
    "petitions.extension_approver_roles",
    ["township_head"],
    cast(str, _("信访事项延期办理的批准人（领导职务）")),
    "《信访工作条例》第三十四条“经本机关负责人批准”；乡镇以乡长为机关负责人",
)

# Near-identical matter: similarity of the normalised text above which two
# petitions are taken for the same matter. Not a statutory number.
REPEAT_SIMILARITY = rulesettings.declare(
    "petitions.repeat_similarity",
    0.85,
    cast(str, _("重复信访判定的事项相似度阈值")),
    "无法定标准，按实践设定",
)
# The same named petitioner (no ID number to tell, or the same one) on a
# near-identical subject: the subject line or the whole matter at least this
# alike (workflow.find_repeats). Lower than the threshold for anyone, since
# the name already points to the same person. Not a statutory number.
REPEAT_SIMILARITY_SAME_NAME = rulesettings.declare(
    "petitions.repeat_similarity_same_name",
    0.6,
    cast(str, _("同名信访人重复信访判定的事由相似度阈值")),
    "无法定标准，按实践设定",
)
REPEAT_LOOKBACK_DAYS = 730  # how far back near-identical matters are compared
