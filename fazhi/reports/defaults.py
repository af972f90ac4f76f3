"""The built-in report template: the structure of LAW.md §11.5 in the words of
the township's own 2024 report (the seed), with every figure a placeholder.

This is data: `workflow.ensure_template` copies it into a unit's
ReportTemplate rows the first time, and from then on the township edits its
own rows (rename, reorder, drop a section, rewrite the wording).
"""

from __future__ import annotations

from dataclasses import dataclass

TITLE = "{year}年{unit}法治政府建设工作情况报告"


@dataclass(frozen=True)
class DefaultSection:
    key: str
    title: str
    level: int
    mandatory_item: int
    text: str


SECTIONS: tuple[DefaultSection, ...] = (
    DefaultSection(
        "opening",
        "",
        0,
        0,
        "{year}年，我{level}坚持以习近平新时代中国特色社会主义思想为指导，深入贯彻落实习近平法治思想，"
        "严格按照国家和省市法治政府建设的部署要求，把政府工作全面纳入法治轨道，不断提高依法决策、"
        "依法管理、依法行政水平。现将{year}年度法治政府建设工作情况报告如下：",
    ),
    DefaultSection("progress", "{year}年度法治政府建设工作开展情况", 1, 1, ""),
    DefaultSection(
        "leadership",
        "高度重视，加强依法行政组织领导",
        2,
        1,
        "{level}党委政府高度重视，将法治工作纳入{year}年党委政府年度工作计划，制定方案，"
        "细化依法行政工作任务。"
        "同时成立{leadership.group.name}，由{leadership.group.chair}担任组长，"
        "{leadership.group.vice_chairs}为副组长，切实履行推进法治建设第一责任人职责。"
        "领导小组共有成员{leadership.group.members}人，相关部门、单位负责人为成员，"
        "负责组织、协调、推进全{level}依法行政工作。",
    ),
    DefaultSection(
        "disputes",
        "依法行政，积极防范化解社会矛盾",
        2,
        1,
        "我{level}坚持以教育、疏导为主的信访工作思路，落实班子成员定期接访、变上访为下访，"
        "明确重点案件领导包挂、乡村干部分级负责的工作责任制。"
        "全年共登记信访事项{petitions.received}件，班子成员接访{petitions.reception_days}天，"
        "重点案件{petitions.key_cases}件均落实领导包案。\n"
        "目前，全{level}已建立调委会{mediation.committees}个，其中乡调委会"
        "{mediation.committees.township}个、村级调委会{mediation.committees.village}个。"
        "配备人民调解员{mediation.mediators}名，有力地保障了调解工作的顺利进行。",
    ),
    DefaultSection(
        "enforcement",
        "规范执法，提高行政执法工作效能",
        2,
        1,
        "我{level}持续规范行政执法行为，加强程序制度建设，细化执法流程，明确执法环节和步骤，"
        "规范取证活动，坚持文明执法。认真抓好执法人员证件换发以及报名、培训、考试等工作，"
        "全年组织执法培训{enforcement.training.hours}学时。"
        "{year}年全{level}共有{enforcement.officers.certified}名干部持有行政执法证。",
    ),
    DefaultSection(
        "publicity",
        "广泛宣传，营造依法治{level}浓厚氛围",
        2,
        1,
        "我{level}按照年初制定的普法工作计划，全年开展普法活动{publicity.activities}场次，"
        "在辖区内深入开展丰富多彩的群众性普法文化活动。"
        "重点宣传{publicity.topics.covered}等与群众自身生产、生活密切相关的法律知识。"
        "在重大节日由{publicity.campaigns.leads}牵头开展{publicity.campaigns.names}等专题宣传，"
        "受到群众一致好评。",
    ),
    DefaultSection(
        "governance",
        "依法决策，强化行政权力制约监督",
        2,
        1,
        "全年制定行政规范性文件{governance.normative_documents.issued}件，"
        "均经合法性审核；作出重大行政决策{governance.major_decisions}项。"
        "政府法律顾问出具法律意见{governance.legal_opinions}件。"
        "主动公开政府信息{governance.ogi.proactive}条。",
    ),
    DefaultSection(
        "problems",
        "法治政府建设工作存在的问题及原因",
        1,
        2,
        "存在的问题主要有：{report.problems}\n主要原因是：{report.causes}",
    ),
    DefaultSection(
        "first_responsible",
        "党政主要负责人履行推进法治建设第一责任人职责情况",
        1,
        3,
        "{leadership.group.first_responsible}作为推进法治建设第一责任人，"
        "带头学法、尊法、守法、用法，亲自部署、亲自协调、亲自督办法治建设重要工作，"
        "把法治政府建设列入{level}党委政府重要议事日程。",
    ),
    DefaultSection(
        "next_steps",
        "下一步法治政府建设工作的改进措施",
        1,
        4,
        "（一）创新方法，着力提高依法行政水平。全面推进依法行政，建设一支政治强、作风硬、"
        "业务精的法制工作队伍，制定法制工作人员素质培训计划，严格执行依法行政工作考核制度。\n"
        "（二）强化责任，加大行政行为监督力度。健全政府法律顾问制度，完善依法决策机制，"
        "加强规范性文件监管和行政执法监督检查，全面推进政务公开，自觉接受社会和群众的监督。\n"
        "（三）持续发力，营造良好的法治氛围。深入抓好党员干部学法用法，注重农村法治宣传教育，"
        "努力消除普法死角，形成全社会共同参与法治建设的良好氛围。",
    ),
    DefaultSection(
        "other",
        "其他需要报告的事项",
        1,
        5,
        "本年度无其他需要报告的事项。",
    ),
)

# What the proposer suggests for section 二: (rule key, indicator key, problem
# text, cause text). A rule fires when its figure is registered and above
# zero; it is skipped while the module that owns the figure has not arrived.
SHORTCOMING_RULES: tuple[tuple[str, str, str, str], ...] = (
    (
        "publicity.gaps",
        "publicity.sectors.unreached",
        "法治宣传工作覆盖面窄，法律进{publicity.sectors.unreached}等活动开展不深入",
        "法律法规的宣传力度不够，普法活动覆盖不均衡",
    ),
    (
        "clocks.overdue",
        "clocks.overdue",
        "部分事项未在法定期限内办结，全年超期办理{clocks.overdue}件",
        "时限管理和督办机制落实不到位",
    ),
    (
        "enforcement.training",
        "enforcement.officers.below_training_target",
        "执法人员系统培训不足，{enforcement.officers.below_training_target}名执法人员年度培训学时未达标",
        "专业的行政执法培训较少，执法人员缺少系统的行政法规培训",
    ),
    (
        "enforcement.certificates",
        "enforcement.certificates.expiring",
        "{enforcement.certificates.expiring}本行政执法证即将到期，证件管理需加强",
        "执法证件换发、考试报名工作统筹不够",
    ),
    (
        "governance.plan",
        "governance.plan.tasks.overdue",
        "年度法治建设工作方案中{governance.plan.tasks.overdue}项任务未按期完成",
        "任务分解后跟踪督办不够",
    ),
    (
        "publicity.plan",
        "publicity.plan.not_done",
        "普法工作计划执行不到位，{publicity.plan.not_done}项计划项目未按期开展",
        "普法工作统筹不够，部分党员干部学法用法、依法行政意识不强",
    ),
)
