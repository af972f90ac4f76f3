"""The rules of the annual rule-of-law government report (LAW.md §11).

Both deadlines are [S] or UNCONFIRMED in LAW.md, so they are settings a county
or township may change, with LAW.md's default; the mandatory contents are the
five items of §11.4 [S], checked as a warning before submission.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from fazhi.core import rulesettings

PUBLISH_BY = rulesettings.declare(
    "reports.publish_by",
    "04-01",
    "法治政府建设年度报告公开截止日（次年月-日）",
    # LAW.md §11.3 [S]: published by 1 April each year, secrets excepted. The
    # source is shown to clerks (a clock's legal basis), so it cites the text
    # alone; how sure LAW.md is of it stays in this comment.
    "《法治政府建设与责任落实督察工作规定》第二十四条：每年4月1日之前公开",
)
SUBMIT_BY = rulesettings.declare(
    "reports.submit_by",
    "03-01",
    "乡镇年度报告报送县级截止日（次年月-日）",
    # LAW.md §11.2: the township reports to the county annually; the date is
    # local and UNCONFIRMED (a non-Hunan provincial guideline sets 1 March).
    "《法治政府建设与责任落实督察工作规定》：向上一级报告，报送日期由县级确定（默认3月1日）",
)

RULE_PUBLISH = "《法治政府建设与责任落实督察工作规定》第二十四条"
# Shown to clerks beside a refusal (依据：…): the text's name and what it rules,
# never LAW.md's section (LAW.md §11.4 and §11.2).
RULE_CONTENTS = "《法治政府建设与责任落实督察工作规定》（年度报告内容）"
RULE_REPORT_TO = "《法治政府建设与责任落实督察工作规定》（向上一级党委、政府报告）"

# LAW.md §11.4 [S]: the five contents every annual report must cover. A
# template section names the item it fulfils; a report missing one is warned
# about before submission (the township may still submit, with a reason).
MANDATORY_CONTENTS: dict[int, Any] = {
    1: _("上一年度推进法治政府建设的主要举措和成效"),
    2: _("存在的不足和原因"),
    3: _("党政主要负责人履行推进法治建设第一责任人职责情况"),
    4: _("下一年度推进法治政府建设的主要安排"),
    5: _("其他需要报告的情况"),
}
