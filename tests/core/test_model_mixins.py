"""The shared model shapes in core.models.mixins."""

from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import models
from django.urls import reverse

from fazhi.core.models import (
    DetailPage,
    MaskedContact,
    OrgUnit,
    Person,
    optional_ref,
    ref,
    user_ref,
)


def _same_field(built: models.Field, spelled_out: models.Field) -> bool:
    # What makemigrations compares: the field's path, args and kwargs.
    return built.deconstruct()[1:] == spelled_out.deconstruct()[1:]


def test_user_ref_is_the_optional_set_null_account_reference() -> None:
    spelled_out = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="承办人",
        help_text="提醒发送给该账号。",
    )
    assert _same_field(user_ref("承办人", help_text="提醒发送给该账号。"), spelled_out)


def test_ref_is_a_required_protected_reference_without_reverse_accessor() -> None:
    assert _same_field(
        ref(Person, "人员"),
        models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name="人员"),
    )
    assert _same_field(
        ref("core.OrgUnit", "执法区域", help_text="范围"),
        models.ForeignKey(
            "core.OrgUnit",
            on_delete=models.PROTECT,
            related_name="+",
            verbose_name="执法区域",
            help_text="范围",
        ),
    )


def test_optional_ref_is_a_nullable_protected_reference_unless_told_otherwise() -> None:
    assert _same_field(
        optional_ref(OrgUnit, "涉及单位"),
        models.ForeignKey(
            OrgUnit,
            on_delete=models.PROTECT,
            null=True,
            blank=True,
            related_name="+",
            verbose_name="涉及单位",
        ),
    )
    assert _same_field(
        optional_ref("self", "上级", on_delete=models.SET_NULL, related_name="children"),
        models.ForeignKey(
            "self",
            on_delete=models.SET_NULL,
            null=True,
            blank=True,
            related_name="children",
            verbose_name="上级",
        ),
    )


def test_masked_contact_shows_the_masks_pii_and_the_audit_trail_use() -> None:
    person = Person(
        id_number="11010519491231002X", phone="13812345678", address="湖南省永州市江华县"
    )
    assert isinstance(person, MaskedContact)
    assert person.id_number_masked == "1101**********002X"
    assert person.phone_masked == "138****5678"
    assert person.address_masked == "湖南省永州市****"
    assert Person(phone="").phone_masked == ""


def test_detail_page_links_every_record_that_names_its_view() -> None:
    """Each model with `detail_view` reverses it with its pk (a misspelt view
    name fails here, not on a page); the mixin adds no field."""
    pages: list[Any] = [m for m in apps.get_models() if issubclass(m, DetailPage)]
    assert len(pages) >= 20
    for model in pages:
        record = model(pk=7)
        assert record.get_absolute_url() == reverse(model.detail_view, args=[7]), model
    assert DetailPage._meta.abstract and not DetailPage._meta.fields
