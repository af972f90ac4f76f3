"""Organisation: the unit tree, people, users and the leadership group."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .. import batch
from ..fields import BlindIndexField, EncryptedCharField
from ..history import tracked
from ..roles import ADMIN_ROLES, PII_ROLES, READ_ONLY_ROLES, Role
from ..validators import normalize_id_number, normalize_phone, validate_id_number, validate_phone
from .base import ScopedModel
from .mixins import DetailPage, MaskedContact, optional_ref, ref

PATH_STEP = 8  # digits per tree level: room for 10^8 units


class OrgUnit(DetailPage):
    """A node of the administrative tree: county → township → village; offices inside.

    `path` is a materialised path of zero-padded ids ("00000001.00000002."), so a
    subtree is one indexed prefix query, never recursion.
    """

    detail_view = "core:unit_detail"

    class Kind(models.TextChoices):
        COUNTY = "county", _("县")
        TOWNSHIP = "township", _("乡(镇)")
        VILLAGE = "village", _("村")
        COMMUNITY = "community", _("社区")
        GROUP = "group", _("组")
        DEPARTMENT = "department", _("站所/办")

    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("类别"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("上级单位"),
    )
    path = models.CharField(_("路径"), max_length=255, db_index=True, editable=False, default="")
    depth = models.PositiveSmallIntegerField(_("层级"), default=0, editable=False)
    division_code = models.CharField(
        _("行政区划代码"),
        max_length=12,
        blank=True,
        validators=[RegexValidator(r"^\d{12}$", _("行政区划代码应为12位数字。"))],
    )
    abbreviation = models.CharField(
        _("文号简称"), max_length=10, blank=True, help_text=_("用于文号，如“湘源”。")
    )
    ethnic_minority = models.CharField(
        _("少数民族"),
        max_length=20,
        blank=True,
        help_text=_("民族乡或多民族聚居地区的少数民族，如“瑶族”；人民调解委员会组成据此检查。"),
    )
    order = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("单位")
        verbose_name_plural = _("单位")
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="orgunit_unique_name_in_parent")
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        # The path is the node's position in the tree: an invariant of the model.
        super().save(*args, **kwargs)
        expected = (self.parent.path if self.parent else "") + f"{self.pk:0{PATH_STEP}d}."
        if self.path != expected:
            old = self.path
            self.path = expected
            self.depth = expected.count(".") - 1
            OrgUnit.objects.filter(pk=self.pk).update(path=self.path, depth=self.depth)
            if old:
                self._move_descendants(old, expected)

    def _move_descendants(self, old: str, new: str) -> None:
        for child in OrgUnit.objects.filter(path__startswith=old).exclude(pk=self.pk):
            child.path = new + child.path[len(old) :]
            child.depth = child.path.count(".") - 1
            OrgUnit.objects.filter(pk=child.pk).update(path=child.path, depth=child.depth)

    def subtree(self) -> models.QuerySet[OrgUnit]:
        return OrgUnit.objects.filter(path__startswith=self.path)

    def ancestors(self) -> models.QuerySet[OrgUnit]:
        prefixes = [self.path[: i + PATH_STEP + 1] for i in range(0, len(self.path), PATH_STEP + 1)]
        return OrgUnit.objects.filter(path__in=prefixes).order_by("depth")

    def township(self) -> OrgUnit | None:
        """The township this unit is in (itself if it is one); read once per
        `core.batch.run()`."""
        return batch.memo(
            ("township", self.pk),
            lambda: self.ancestors().filter(kind=self.Kind.TOWNSHIP).first(),
        )

    def contains(self, other: OrgUnit) -> bool:
        return other.path.startswith(self.path)


@tracked("PersonHistory")
class Person(ScopedModel, MaskedContact, DetailPage):
    """Anyone the records name: cadres, mediators, officers, citizens.

    ID number, phone and address are personal information: shown masked, revealed
    only to PII roles, and each reveal is audited (core.pii).
    """

    detail_view = "core:person_detail"

    class Gender(models.TextChoices):
        MALE = "M", _("男")
        FEMALE = "F", _("女")

    name = models.CharField(_("姓名"), max_length=50, db_index=True)
    gender = models.CharField(_("性别"), max_length=1, choices=Gender.choices, blank=True)
    ethnicity = models.CharField(_("民族"), max_length=20, blank=True, default="汉族")
    # Encrypted at rest (core.fields); found by equality through the blind index.
    id_number = EncryptedCharField(
        _("身份证号码"), max_length=18, blank=True, validators=[validate_id_number]
    )
    id_number_index = BlindIndexField(source="id_number")
    phone = EncryptedCharField(
        _("联系电话"), max_length=20, blank=True, validators=[validate_phone]
    )
    phone_index = BlindIndexField(source="phone")
    address = EncryptedCharField(_("住址"), max_length=200, blank=True)
    title = models.CharField(_("职务"), max_length=100, blank=True)
    is_cadre = models.BooleanField(_("干部"), default=False)
    note = models.TextField(_("备注"), blank=True)
    # 离职日期: gone from this day on (core.serving); set only through
    # core.workflow.record_departure. Records naming the person keep them.
    departed_on = models.DateField(_("离职日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("人员")
        verbose_name_plural = _("人员")
        ordering = ["name", "pk"]
        indexes = [models.Index(fields=["unit", "name"], name="person_unit_name")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        self.id_number = normalize_id_number(self.id_number)
        self.phone = normalize_phone(self.phone)


class User(AbstractUser):
    """A log-in, linked to a person and a home unit, with one role."""

    person = models.OneToOneField(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="user",
        verbose_name=_("人员"),
    )
    home_unit = optional_ref(OrgUnit, _("所属单位"), related_name="users")
    role = models.CharField(_("角色"), max_length=30, choices=Role.choices, blank=True)

    objects: ClassVar[UserManager[User]] = UserManager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.person_id and self.person:
            return self.person.name
        return self.get_full_name() or self.username

    def scope_path(self) -> str | None:
        """Offices (司法所, 信访办 …) work for their whole township, so staff whose
        home unit is an office see the township the office belongs to."""
        if self.role in ADMIN_ROLES or self.home_unit_id is None:
            return None
        if not hasattr(self, "_scope_path"):
            unit = self.home_unit
            assert unit is not None
            if unit.kind == OrgUnit.Kind.DEPARTMENT and unit.parent_id is not None:
                unit = unit.parent
                assert unit is not None
            self._scope_path = unit.path
        return self._scope_path

    @property
    def scope_unit(self) -> OrgUnit | None:
        """The unit at the top of what this user sees."""
        path = self.scope_path()
        if path is None:
            return None
        return OrgUnit.objects.filter(path=path).first()

    @property
    def can_write(self) -> bool:
        return self.is_superuser or (bool(self.role) and self.role not in READ_ONLY_ROLES)

    @property
    def can_reveal_pii(self) -> bool:
        return self.is_superuser or self.role in PII_ROLES

    def has_role(self, *roles: str) -> bool:
        return self.is_superuser or self.role in roles


class LeadershipGroup(ScopedModel):
    """推进依法行政工作领导小组: the group that leads lawful-administration work."""

    name = models.CharField(_("名称"), max_length=100)
    established_on = models.DateField(_("成立日期"), null=True, blank=True)
    document_no = models.CharField(_("成立文号"), max_length=50, blank=True)
    duties = models.TextField(_("职责"), blank=True)

    class Meta:
        verbose_name = _("领导小组")
        verbose_name_plural = _("领导小组")

    def __str__(self) -> str:
        return self.name


class LeadershipRole(models.TextChoices):
    PARTY_SECRETARY = "party_secretary", _("党委书记")
    TOWNSHIP_HEAD = "township_head", _("乡长")
    CONGRESS_CHAIR = "congress_chair", _("人大主席")


class GroupMembership(models.Model):
    class Position(models.TextChoices):
        CHAIR = "chair", _("组长")
        VICE_CHAIR = "vice_chair", _("副组长")
        MEMBER = "member", _("成员")

    group = models.ForeignKey(
        LeadershipGroup,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("领导小组"),
    )
    person = ref(Person, _("人员"))
    position = models.CharField(_("职位"), max_length=20, choices=Position.choices)
    leadership_role = models.CharField(
        _("领导职务"), max_length=30, choices=LeadershipRole.choices, blank=True
    )
    title = models.CharField(_("职务"), max_length=100, blank=True)
    is_first_responsible = models.BooleanField(_("第一责任人"), default=False)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("领导小组成员")
        verbose_name_plural = _("领导小组成员")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["group", "person"], name="membership_unique_person"),
            models.UniqueConstraint(
                fields=["group"],
                condition=models.Q(is_first_responsible=True),
                name="membership_one_first_responsible",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_position_display()} {self.person}"
