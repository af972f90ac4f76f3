"""Statutory numbers of administrative enforcement (LAW.md §3, §4).

[C] rules (read in the primary text) are constants with their article;
[S] and UNCONFIRMED rules are rule settings a township may change, declared
here with LAW.md's default. A setting's source is shown to clerks as the legal
basis of a time limit (the case's clock panel), so it names the rule in words a
clerk can read; how sure LAW.md is of it stays in the comment above it.
In the Administrative Penalty Law every 2/3/5/7-day period is counted in
working days (《行政处罚法》第八十五条); 15 and 90 days are calendar days.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext_noop

from fazhi.core import rulesettings

# The laws this module cites, by title: proper names that stay Chinese, glossed
# with their English name on English pages (core.i18n.glossed).
LAW_TITLES = (
    gettext_noop("行政处罚法"),
    gettext_noop("中华人民共和国行政处罚法"),
    gettext_noop("行政强制法"),
    gettext_noop("行政诉讼法"),
    gettext_noop("湖南省行政执法人员和行政执法辅助人员管理办法"),
    gettext_noop(
        "关于全面推行行政执法公示制度执法全过程记录制度重大执法决定法制审核制度的指导意见"
    ),
)

LAW = "《行政处罚法》"
COMPULSION_LAW = "《行政强制法》"

# 《行政处罚法》第二十四条: the penalty powers handed down to a township are
# exercised by the 乡镇人民政府 (the enforcing body), not by a village.
ART_24 = "《行政处罚法》第二十四条"

# 《行政处罚法》第四十二条: at least two officers with enforcement qualification.
MIN_OFFICERS = 2
ART_42 = "《行政处罚法》第四十二条"
# 《行政处罚法》第五十五条: certificates shown; 第七十六条第五项: acting without one.
ART_55 = "《行政处罚法》第五十五条"

# 《行政处罚法》第三十六条: not discovered within 2 years → no penalty; 5 years for
# acts affecting citizens' life/health safety or financial security with harm.
LIMITATION_YEARS = 2
LIMITATION_YEARS_EXTENDED = 5
ART_36 = "《行政处罚法》第三十六条"

# 《行政处罚法》第五十一条: summary procedure only for a warning, or a fine of at
# most 200 yuan (citizen) / 3,000 yuan (legal person or other organisation).
SUMMARY_MAX_FINE_CITIZEN = Decimal("200")
SUMMARY_MAX_FINE_ORGANISATION = Decimal("3000")
ART_51 = "《行政处罚法》第五十一条"

# 《行政处罚法》第五十六条 + 第八十五条: evidence preservation decided within 7 working days.
PRESERVATION_WORKING_DAYS = 7
ART_56 = "《行政处罚法》第五十六条、第八十五条"

# 《行政处罚法》第五十七条第二款: complex circumstances or serious violations →
# collective deliberation by the organ's heads.
ART_57 = "《行政处罚法》第五十七条"

# 《行政处罚法》第四十四条、第六十二条: prior notice before the decision.
ART_44 = "《行政处罚法》第四十四条"
ART_62 = "《行政处罚法》第六十二条"
# 《行政处罚法》第四十五条: no heavier penalty because the party defended himself.
ART_45 = "《行政处罚法》第四十五条"

# 《行政处罚法》第六十四条 + 第八十五条: hearing requested within 5 working days of
# the notice; the organ notifies time and place at least 7 working days ahead;
# chaired by someone other than the investigators.
HEARING_REQUEST_WORKING_DAYS = 5
HEARING_NOTICE_WORKING_DAYS = 7
ART_63 = "《行政处罚法》第六十三条"
ART_64 = "《行政处罚法》第六十四条、第八十五条"

# 《行政处罚法》第五十八条: legal review before the decision for the cases listed.
ART_58 = "《行政处罚法》第五十八条"

# 《行政处罚法》第五十九条: the elements of a written decision.
ART_59 = "《行政处罚法》第五十九条"

# 《行政处罚法》第六十条: decision within 90 days of filing.
DECISION_DAYS = 90
ART_60 = "《行政处罚法》第六十条"

# 《行政处罚法》第六十一条 + 第八十五条: served on the spot, or within 7 working days.
SERVICE_WORKING_DAYS = 7
ART_61 = "《行政处罚法》第六十一条、第八十五条"

# 《行政处罚法》第四十八条 + 第八十五条: a changed or revoked published decision is
# withdrawn within 3 working days.
WITHDRAWAL_WORKING_DAYS = 3
ART_48 = "《行政处罚法》第四十八条、第八十五条"

# 《行政处罚法》第六十七条: fine paid within 15 days of receiving the decision;
# 第六十六条: deferral or instalments on application and approval.
PAYMENT_DAYS = 15
ART_66 = "《行政处罚法》第六十六条"
ART_67 = "《行政处罚法》第六十七条"

# 《行政处罚法》第七十二条第一项: 3% of the fine per day overdue, capped at the fine.
SURCHARGE_RATE_PER_DAY = Decimal("0.03")
ART_72 = "《行政处罚法》第七十二条"

# 《行政强制法》第二十五条: sealing/seizure at most 30 days, extendable once by ≤30 days.
MEASURE_DAYS = 30
MEASURE_MAX_EXTENSION_DAYS = 30
ART_COMPULSION_18 = "《行政强制法》第十八条"
ART_COMPULSION_25 = "《行政强制法》第二十五条"

# 《行政复议法》第二十条、第二十四条: reconsideration by the county government
# within 60 days; printed on every decision (《行政处罚法》第五十九条第五项).
RECONSIDERATION_DAYS = 60
LITIGATION_MONTHS = 6  # 《行政诉讼法》第四十六条 (LAW.md: UNCONFIRMED, text not read)


# --- Rule settings ([S] / UNCONFIRMED in LAW.md) ----------------------------

CERT_VALIDITY_YEARS = "enforcement.certificate_validity_years"
RENEWAL_WINDOW_MONTHS = "enforcement.renewal_window_months"
TRAINING_TARGET_HOURS = "enforcement.training_target_hours"
EXAM_PASS_MARK = "enforcement.exam_pass_mark"  # noqa: S105 - a setting key, not a secret
HEARING_THRESHOLD_CITIZEN = "enforcement.hearing_threshold_citizen"
HEARING_THRESHOLD_ORGANISATION = "enforcement.hearing_threshold_organisation"
DISCLOSURE_PENALTY_WORKING_DAYS = "enforcement.disclosure_penalty_working_days"
DISCLOSURE_OTHER_WORKING_DAYS = "enforcement.disclosure_other_working_days"

rulesettings.declare(
    CERT_VALIDITY_YEARS,
    5,
    "行政执法证有效期（年）",
    # LAW.md §4 / §13 #31 [S]: a secondary source (fudaoke.com), to be checked
    # with the provincial justice department.
    "《湖南省行政执法人员和行政执法辅助人员管理办法》（省政府令第280号）",
)
rulesettings.declare(
    RENEWAL_WINDOW_MONTHS,
    6,
    "行政执法证换证窗口（到期前月数）",
    # LAW.md §4 [S] (a secondary source, to be checked).
    "《湖南省行政执法人员和行政执法辅助人员管理办法》：到期前6个月内参加资格考试并申领新证",
)
rulesettings.declare(
    TRAINING_TARGET_HOURS,
    60,
    "行政执法人员年度培训学时目标",
    # LAW.md §4 UNCONFIRMED: 60 hours not read in the text.
    "《提升行政执法质量三年行动计划（2023—2025年）》（国办发〔2023〕27号）",
)
rulesettings.declare(
    EXAM_PASS_MARK,
    60,
    "行政执法资格考试合格分数线",
    # LAW.md §4 UNCONFIRMED: the provincial pass mark not seen in a text.
    "湖南省行政执法资格考试合格分数线（默认60分，百分制）",
)
rulesettings.declare(
    HEARING_THRESHOLD_CITIZEN,
    1000,
    "听证“较大数额罚款”标准：公民（元）",
    # LAW.md §3.2 [S]: a Hunan document from before 2021; the current
    # standard is UNCONFIRMED.
    "《中华人民共和国行政处罚法》第六十三条；湖南省“较大数额罚款”标准（公民1000元）",
)
rulesettings.declare(
    HEARING_THRESHOLD_ORGANISATION,
    20000,
    "听证“较大数额罚款”标准：法人或其他组织（元）",
    # LAW.md §3.2 [S]: as above.
    "《中华人民共和国行政处罚法》第六十三条；湖南省“较大数额罚款”标准（法人或其他组织20000元）",
)
rulesettings.declare(
    DISCLOSURE_PENALTY_WORKING_DAYS,
    7,
    "行政处罚决定公示时限（工作日）",
    # LAW.md §3.5 / §13 #22 [S]: the local implementing document.
    "《关于全面推行行政执法公示制度执法全过程记录制度重大执法决定法制审核制度的指导意见》"
    "（国办发〔2018〕118号）及地方实施文件：作出决定之日起7个工作日",
)
rulesettings.declare(
    DISCLOSURE_OTHER_WORKING_DAYS,
    20,
    "其他行政执法决定公示时限（工作日）",
    # LAW.md §3.5 / §13 #23 [S]: the local implementing document.
    "《关于全面推行行政执法公示制度执法全过程记录制度重大执法决定法制审核制度的指导意见》"
    "（国办发〔2018〕118号）及地方实施文件：作出决定之日起20个工作日",
)
