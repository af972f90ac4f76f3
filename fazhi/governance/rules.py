"""Statutory numbers of lawful governance (LAW.md §7–§10, §13 rows 33–44).

[C] rules are constants with their article; [S] and UNCONFIRMED rules are rule
settings a township may change (`rulesettings.get(unit, KEY)`), declared here
with LAW.md's default. A setting's source is shown to clerks as the legal
basis of a time limit, so it names the rule in words a clerk can read; how
sure LAW.md is of it stays in the comment above it.
"""

from __future__ import annotations

from django.utils.translation import gettext_noop

from fazhi.core import rulesettings

# The titles of the laws cited here: proper names, kept in Chinese on every page
# and glossed with their English names in English (core.i18n.glossed, the
# `glossed` filter), which finds a title's English name under its bare title.
LAW_TITLES = (
    gettext_noop("政府信息公开条例"),
    gettext_noop("重大行政决策程序暂行条例"),
    gettext_noop("行政复议法"),
    gettext_noop("湖南省规范性文件管理办法"),
    gettext_noop("关于全面推行行政规范性文件合法性审核机制的指导意见"),
)

# ---------------------------------------------------------------------------
# Open government information (政府信息公开条例, 2019) — [C]
# ---------------------------------------------------------------------------
OGI_REG = "《政府信息公开条例》"
# 第二十六条: proactive items published within 20 working days of creation/change.
PROACTIVE_WORKING_DAYS = 20
PROACTIVE_RULE = f"{OGI_REG}第二十六条"
# 第三十条: one correction notice within 7 working days of receipt; the reply
# period runs again from receipt of the corrected application.
CORRECTION_WORKING_DAYS = 7
CORRECTION_RULE = f"{OGI_REG}第三十条"
# 第三十二条、第三十四条: third parties / co-producing organs answer within 15
# working days; the consultation time is excluded from the reply period.
THIRD_PARTY_WORKING_DAYS = 15
THIRD_PARTY_RULE = "《政府信息公开条例》第三十二条、第三十四条"
# 第三十三条: reply within 20 working days; one extension of at most 20 working
# days with the approval of the head of the OGI office, applicant notified.
REPLY_WORKING_DAYS = 20
REPLY_RULE = f"{OGI_REG}第三十三条"
MAX_EXTENSION_WORKING_DAYS = 20
RECEIPT_RULE = f"{OGI_REG}第三十一条"
REPLY_TYPES_RULE = f"{OGI_REG}第三十六条"
PARTIAL_RULE = f"{OGI_REG}第三十七条"
REMEDY_RULE = f"{OGI_REG}第五十一条"

# ---------------------------------------------------------------------------
# Major administrative decisions (重大行政决策程序暂行条例, 2019) — [C]
# ---------------------------------------------------------------------------
DECISION_REG = "《重大行政决策程序暂行条例》"
# 第十五条: online consultation generally at least 30 days, shorter only with a
# stated urgency.
DECISION_CONSULTATION_DAYS = 30
DECISION_CONSULTATION_RULE = f"{DECISION_REG}第十五条"
# 第十六条: hearing materials to participants at least 7 days before the hearing.
HEARING_NOTICE_DAYS = 7
HEARING_RULE = f"{DECISION_REG}第十六条"
# 第二十六条: legality review time generally at least 7 working days.
DECISION_REVIEW_WORKING_DAYS = 7
DECISION_REVIEW_RULE = f"{DECISION_REG}第二十六条"
# 第二十八条: the legality review must include legal advisers' opinions.
ADVISER_OPINION_RULE = f"{DECISION_REG}第二十八条"
# 第二十九条: the submission package for collective discussion.
PACKAGE_RULE = f"{DECISION_REG}第二十九条"
# 第三十条: the head speaks last; minutes record dissent.
MEETING_RULE = f"{DECISION_REG}第三十条"
EXPERT_RULE = f"{DECISION_REG}第十九条"
RISK_RULE = f"{DECISION_REG}第二十二条"
CATALOGUE_RULE = f"{DECISION_REG}第三条"

# ---------------------------------------------------------------------------
# Administrative reconsideration (行政复议法, 2023) — [C]
# ---------------------------------------------------------------------------
# 第四十八条、第八十八条: the respondent answers within 10 working days of
# receiving the application copy.
RECONSIDERATION_ANSWER_WORKING_DAYS = 10
RECONSIDERATION_ANSWER_RULE = "《行政复议法》第四十八条、第八十八条"

# ---------------------------------------------------------------------------
# Normative documents — [S] / UNCONFIRMED, so settings a township may change
# ---------------------------------------------------------------------------
# A citation that is not a law's title and articles is a catalogue entry
# (gettext_noop): kept in Chinese where it is stored (a clock's legal basis),
# shown translated with its 文号 kept (core.i18n.glossed).
NORMATIVE_NOTICE = "国办发〔2018〕37号"  # a 文号: a proper name
CONSULTATION_RULE = gettext_noop("法治政府建设示范指标第24项（国办发〔2018〕37号）")
NO_REVIEW_NO_DELIBERATION_RULE = gettext_noop(
    "国办发〔2018〕37号：未经合法性审核或经审核不合法的，不得提交集体审议"
)
THREE_UNIFIED_RULE = gettext_noop("《湖南省规范性文件管理办法》（统一登记、统一编号、统一公布）")
EFFECT_RULE = "《湖南省规范性文件管理办法》（2018年修正）第二十条"
FILING_RULE = "《湖南省规范性文件管理办法》（2018年修正）第二十二条"
FORBIDDEN_CONTENT_RULE = "《湖南省规范性文件管理办法》第六条"

CONSULTATION_WORKING_DAYS = rulesettings.declare(
    "governance.normative.consultation_working_days",
    7,
    "规范性文件公开征求意见最短期限（工作日）",
    # LAW.md §7.2 [S] (a secondary source): the setting's default.
    gettext_noop("法治政府建设示范指标第24项"),
)
MARKET_CONSULTATION_DAYS = rulesettings.declare(
    "governance.normative.market_consultation_days",
    30,
    "涉及市场主体的规范性文件征求意见最短期限（日）",
    # LAW.md §7.2 [S].
    gettext_noop("法治政府建设示范指标第24项"),
)
REVIEW_WORKING_DAYS = rulesettings.declare(
    "governance.normative.review_working_days",
    15,
    "规范性文件合法性审核期限（工作日）",
    # LAW.md §7.2 UNCONFIRMED: 5 to 15 working days recalled from 115号, not
    # read in the text; the township may change the setting.
    "《关于全面推行行政规范性文件合法性审核机制的指导意见》（国办发〔2018〕115号）",
)
MIN_DAYS_TO_EFFECT = rulesettings.declare(
    "governance.normative.min_days_to_effect",
    30,
    "规范性文件自公布至施行的最短日数",
    # LAW.md §7.2 [S].
    "《湖南省规范性文件管理办法》（2018年修正）第二十条",
)
FILING_DAYS = rulesettings.declare(
    "governance.normative.filing_days",
    15,
    "规范性文件公布后报送备案期限（日）",
    # LAW.md §7.2 [S].
    "《湖南省规范性文件管理办法》（2018年修正）第二十二条",
)
VALIDITY_YEARS = rulesettings.declare(
    "governance.normative.validity_years",
    5,
    "规范性文件默认有效期（年）",
    # LAW.md §7.2 UNCONFIRMED: Hunan runs a validity-period system, commonly 5 years.
    gettext_noop("《湖南省规范性文件管理办法》（有效期制度）"),
)
CONTRACT_REVIEW_WORKING_DAYS = rulesettings.declare(
    "governance.contract_review_working_days",
    7,
    "合同合法性审查期限（工作日）",
    # UNCONFIRMED: no national rule; the local legal-adviser contract sets it.
    gettext_noop("法律顾问服务约定"),
)
RECTIFICATION_DAYS = rulesettings.declare(
    "governance.rectification_days",
    30,
    "整改默认期限（日）",
    # UNCONFIRMED: the supervising organ sets it in its findings; a default.
    gettext_noop("监督检查意见确定的整改期限（默认值）"),
)
