"""Roles (DESIGN.md "Users") and what each may do, as data in one place."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    TOWNSHIP_LEADER = "township_leader", _("乡镇领导")
    JUDICIAL_OFFICE = "judicial_office", _("司法所")
    PETITION_OFFICE = "petition_office", _("信访办/综治中心")
    ENFORCEMENT_OFFICER = "enforcement_officer", _("执法人员")
    LEGAL_REVIEWER = "legal_reviewer", _("法制审核人员")
    VILLAGE_CADRE = "village_cadre", _("村干部/调解员")
    COUNTY_SUPERVISOR = "county_supervisor", _("县级监督")
    SYSTEM_ADMIN = "system_admin", _("系统管理员")
    SECURITY_ADMIN = "security_admin", _("安全管理员")
    AUDIT_ADMIN = "audit_admin", _("审计管理员")


# The three separated administrators (三员分立) administer the system and do no
# case work, so they see no domain records.
ADMIN_ROLES = frozenset({Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN})
READ_ONLY_ROLES = frozenset({Role.COUNTY_SUPERVISOR}) | ADMIN_ROLES
# Who may press "show" on a citizen's ID number, phone or address.
# Roles whose work is the cases assigned to them, not their township's
# (DESIGN.md "Users": an enforcement officer, the cases they are assigned):
# their 工作台 counts the clocks they are reminded of (core.clocks.in_work_of)
# where the township leader and the offices count the whole township.
OWN_WORK_ROLES = frozenset({Role.ENFORCEMENT_OFFICER})
PII_ROLES = frozenset(
    {Role.TOWNSHIP_LEADER, Role.JUDICIAL_OFFICE, Role.PETITION_OFFICE, Role.LEGAL_REVIEWER}
)
