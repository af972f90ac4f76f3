"""Checks that more than one governance record applies: who issues
normative documents and major decisions, and who may be given a task."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from fazhi.core import serving
from fazhi.core.models import OrgUnit, Person
from fazhi.core.roles import READ_ONLY_ROLES

# Who issues normative documents and takes major decisions: the township
# government (《湖南省规范性文件管理办法》第五条: coordination bodies and
# internal units may not; 重大行政决策程序暂行条例第四十二条: townships apply it),
# never a village committee or an office of the township.
ISSUING_KINDS = (OrgUnit.Kind.TOWNSHIP, OrgUnit.Kind.COUNTY)


def check_issuing_unit(unit: OrgUnit | None, what: str) -> None:
    if unit is not None and unit.kind not in ISSUING_KINDS:
        raise ValidationError(
            {
                "unit": _("%(what)s只能由乡镇人民政府制发，“%(unit)s”不能作为制发单位。")
                % {"what": what, "unit": unit.name}
            }
        )


def check_new_assignee(record: models.Model, field: str = "owner_user") -> None:
    """`check_assignee` on a new choice: a record already given to someone
    whose account has since been deactivated (who left) keeps them and saves
    unchanged (core.serving)."""
    if serving.changed(record, field):
        check_assignee(getattr(record, field), field)


def check_new_person(record: models.Model, field: str) -> None:
    """A person newly named to be responsible has not left (core.serving:
    their account deactivated); one a record already names stays."""
    if serving.changed(record, field):
        person = getattr(record, field)
        if not Person.objects.filter(serving.serving_people(), pk=person.pk).exists():
            label = getattr(type(record)._meta.get_field(field), "verbose_name", field)
            raise ValidationError({field: serving.departed_message([person.name], label)})


def check_assignee(user: object | None, field: str = "owner_user") -> None:
    """A task or rectification goes to someone who does case work: not one of
    the three administrators (三员分立, they see no records), not a read-only
    county supervisor, not an account without a role."""
    if user is None:
        return
    role = getattr(user, "role", "")
    if not getattr(user, "is_active", True) or not role or role in READ_ONLY_ROLES:
        raise ValidationError(
            {
                field: _("“%(name)s”的账号不承办业务（系统管理、只读或已停用），请选择承办人员。")
                % {"name": getattr(user, "display_name", user)}
            }
        )
