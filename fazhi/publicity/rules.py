"""Rules of legal publicity and cadres' law study (LAW.md §5, §6).

Neither area has statutory deadlines. The sources fix the responsibility and
the instruments (an annual plan, activities, 法律明白人, a yearly exam); the
numbers a township works to (pass mark, how stale a culture site may get) are
[S]/UNCONFIRMED and therefore rule settings with LAW.md's default.
"""

from __future__ import annotations

from fazhi.core import rulesettings

# [S] 中发〔2021〕26号《法治宣传教育第八个五年规划（2021—2025年）》: local
# governments draw up their own plans, annual plans follow them.
PLAN_BASIS = "《法治宣传教育第八个五年规划（2021—2025年）》（中发〔2021〕26号）"
# [S] 中办发〔2017〕31号: "谁执法谁普法", each organ publicises the laws it enforces.
RESPONSIBILITY_BASIS = "《关于实行国家机关“谁执法谁普法”普法责任制的意见》（中办发〔2017〕31号）"
# [S] 2016-03-22 意见: yearly study and exam of state functionaries.
STUDY_BASIS = "《关于完善国家工作人员学法用法制度的意见》（2016年）"

# A five-year plan spans five years (八五: 2021—2025); LAW.md §5 says plan
# periods are data, so only the length of one period is fixed here.
FIVE_YEAR_SPAN = 5

# LAW.md §6, §14 item 13: Hunan's pass mark UNCONFIRMED (a setting).
EXAM_PASS_MARK = rulesettings.declare(
    "publicity.exam.pass_mark",
    60,
    "学法考试合格分数线",
    "《关于完善国家工作人员学法用法制度的意见》（2016年）；湖南省如法网年度学法考试合格线以县级通知为准，默认60分。",
)
# LAW.md §6: the 如法网 full mark seen in no official text (UNCONFIRMED).
EXAM_FULL_MARK = rulesettings.declare(
    "publicity.exam.full_mark",
    100,
    "学法考试满分",
    "湖南省如法网年度学法考试，满分无正式文件规定，默认100分。",
)
# LAW.md §5: no rule on how often a site is refreshed (UNCONFIRMED).
SITE_REFRESH_MONTHS = rulesettings.declare(
    "publicity.culture_site.refresh_months",
    12,
    "法治文化阵地内容更新周期（月）",
    "法治文化阵地内容更新频次无明文规定，默认12个月未更新即提示。",
)
