"""Statutory numbers of people's mediation (LAW.md §2), with their articles.

LAW.md's confirmed rules are constants; the rules it marks as secondary or
unconfirmed are rule settings a township may change (declared here, read with
`rulesettings.get(unit, key)`). LAW.md's confidence markers stay in these
comments: every string below is shown to users as it stands (a clock's legal
basis, a refusal's rule, the settings page), so it names the article in plain
words and, where no rule sets the number, says that the platform does.
"""

from __future__ import annotations

from django.utils.translation import gettext_noop

from fazhi.core import rulesettings

# The laws this module cites, by title: proper names that stay Chinese, glossed
# with their English name on English pages (core.i18n.glossed).
LAW_TITLES = (
    gettext_noop("人民调解法"),
    gettext_noop("人民调解工作若干规定"),
    gettext_noop("民事诉讼法"),
)

# 《人民调解法》第八条: a committee has three to nine members.
COMMITTEE_MIN_MEMBERS = 3
COMMITTEE_MAX_MEMBERS = 9
ART_8 = "《人民调解法》第八条"

# 《人民调解法》第九条: members serve a three-year term and may be re-elected.
COMMITTEE_TERM_YEARS = 3
ART_9 = "《人民调解法》第九条"

# 《人民调解法》第十七条: mediation does not proceed if a party clearly refuses.
ART_17 = "《人民调解法》第十七条"
# 《人民调解法》第十九条: the committee designates, or the parties choose, the mediators.
ART_19 = "《人民调解法》第十九条"
# 《人民调解法》第二十六条: a failed mediation is terminated and the parties are told
# of arbitration, administrative and judicial routes.
ART_26 = "《人民调解法》第二十六条"
# 《人民调解法》第二十八条 to 第三十条: written or oral agreement; required contents;
# a written agreement takes effect once the parties and the mediator have signed
# and the committee's seal is affixed; an oral one when the parties reach it.
ART_28 = "《人民调解法》第二十八条"
ART_29 = "《人民调解法》第二十九条"
ART_30 = "《人民调解法》第三十条"
# 《人民调解法》第三十一条: the committee supervises performance (回访).
ART_31 = "《人民调解法》第三十一条"

# 《人民调解法》第三十三条; 《民事诉讼法》第二百零五条: both parties jointly apply for
# judicial confirmation within 30 days of the agreement taking effect.
JUDICIAL_CONFIRMATION_DAYS = 30
ART_33 = "《人民调解法》第三十三条、《民事诉讼法》第二百零五条"

# Recusal of a mediator related to a party: the mediator must be impartial
# (《人民调解法》第三条、第二十二条), and 人民调解工作若干规定第十九条 [S] lists
# kinship with a party as a ground for withdrawal.
RECUSAL_RULE = "《人民调解法》第二十二条、《人民调解工作若干规定》第十九条"

CLOCK_CONCLUSION = "mediation.conclusion"
CLOCK_CONFIRMATION = "mediation.judicial_confirmation"

# [S] 《人民调解工作若干规定》(司法部令第75号) 第三十三条: a committee should generally
# conclude a mediation within one month.
CONCLUSION_MONTHS = rulesettings.declare(
    "mediation.conclusion_months",
    1,
    "调解一般应在几个月内结束",
    "《人民调解工作若干规定》第三十三条",
)
# UNCONFIRMED: the rule allows longer mediation by agreement but sets no cap;
# this is the platform's cap on the total extension with both parties' consent.
CONCLUSION_EXTENSION_MAX_DAYS = rulesettings.declare(
    "mediation.conclusion_extension_max_days",
    30,
    "经双方当事人同意可延长调解期限的最长天数",
    "平台设置（《人民调解工作若干规定》第三十三条未定上限）",
)
# UNCONFIRMED (LAW.md §2.6, §14 item 4): no statute sets the screening frequency.
SCREENING_FREQUENCY_VILLAGE = rulesettings.declare(
    "mediation.screening_frequency.village",
    "weekly",
    "村级矛盾纠纷排查频次（weekly 每周 / monthly 每月）",
    "平台设置（法律未规定排查频次，按当地工作要求）",
)
SCREENING_FREQUENCY_TOWNSHIP = rulesettings.declare(
    "mediation.screening_frequency.township",
    "monthly",
    "乡级矛盾纠纷排查频次（weekly 每周 / monthly 每月）",
    "平台设置（法律未规定排查频次，按当地工作要求）",
)
# UNCONFIRMED practice: the follow-up visit is scheduled this many days after the
# agreement's performance deadline (人民调解法第三十一条 sets no date).
FOLLOWUP_DAYS_AFTER_DEADLINE = rulesettings.declare(
    "mediation.followup_days_after_deadline",
    7,
    "履行期限届满后几日内回访",
    "平台设置（《人民调解法》第三十一条未定期限）",
)
# UNCONFIRMED practice: remind this many days before a committee's term ends.
TERM_REMINDER_DAYS = rulesettings.declare(
    "mediation.term_reminder_days",
    60,
    "调委会任期届满前几日提醒换届",
    "平台设置（《人民调解法》第九条只定任期三年）",
)
