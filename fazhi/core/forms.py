from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.forms.utils import pretty_name
from django.utils.hashable import make_hashable
from django.utils.translation import gettext_lazy as _

from . import inputs
from .models import OrgUnit, Person, ScopedModel
from .pii import LABELS as PII_FIELDS
from .pii import masked
from .scope import units_visible_to
from .validators import normalize_id_number, normalize_phone, validate_id_number, validate_phone

KEPT_IF_EMPTY = _("留空则保留已登记的内容。")


def style_fields(fields: dict[str, forms.Field], *, small: bool = False) -> None:
    """Bootstrap 5's classes on every widget, added to any it has, so a
    drop-down or a text box fills its column (an unstyled <select> takes its
    longest option's width and ran off a phone's screen in English). `small`
    for a compact form: a list's filters, a step's few fields. A list of
    checkboxes or radio buttons is left to its template. Runs again safely
    after fields are added."""
    for field in fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
            continue
        if isinstance(widget, forms.CheckboxInput):
            css = "form-check-input"
        elif isinstance(widget, forms.Select):
            css = "form-select form-select-sm" if small else "form-select"
        else:
            css = "form-control form-control-sm" if small else "form-control"
        classes = widget.attrs.get("class", "").split()
        classes += [name for name in css.split() if name not in classes]
        widget.attrs["class"] = " ".join(classes)


def style_small(fields: dict[str, forms.Field]) -> None:
    """`style_fields` with Bootstrap's small classes."""
    style_fields(fields, small=True)


class _ChoiceRows:
    """A model drop-down's rows, in place of its queryset in Django's choice
    iterator: read with one plain SELECT (`ModelChoiceIterator` reads through
    `QuerySet.iterator()`, on PostgreSQL a server-side cursor: DECLARE, FETCH,
    CLOSE for a few dozen rows), and shared with the form's other drop-downs
    that ask the very same query (a ledger's 单位 and 承办单位 list the same
    units). Rows live as long as the form: one request, never stale."""

    def __init__(self, queryset: models.QuerySet[Any], shared: dict[Any, list[Any]] | None):
        self._queryset = queryset
        self._shared = shared
        self._rows: list[Any] | None = None
        self._prefetch_related_lookups = ()  # the iterator iterates the rows

    def rows(self) -> list[Any]:
        if self._rows is None:
            qs = self._queryset
            key = _query_key(qs) if self._shared is not None else None
            if key is None:
                self._rows = list(qs)
            else:
                if key not in self._shared:  # type: ignore[operator]
                    self._shared[key] = list(qs)  # type: ignore[index]
                self._rows = self._shared[key]  # type: ignore[index]
        return self._rows

    def iterator(self) -> Iterator[Any]:
        return iter(self.rows())

    def __iter__(self) -> Iterator[Any]:
        return iter(self.rows())

    def count(self) -> int:
        return len(self.rows())

    def exists(self) -> bool:
        return bool(self.rows())

    def __getattr__(self, name: str) -> Any:
        return getattr(self._queryset, name)


def _query_key(qs: models.QuerySet[Any]) -> tuple[Any, ...] | None:
    if qs.query.is_empty():
        return None
    sql, params = qs.query.get_compiler(using=qs.db).as_sql()
    return (qs.db, qs.model, sql, make_hashable(params), qs._iterable_class)  # type: ignore[attr-defined]


_READING_ROWS: dict[type[Any], type[Any]] = {}


def _reading_rows(iterator: type[Any]) -> type[Any]:
    """`iterator` (Django's or django-filter's choice iterator) over `_ChoiceRows`."""
    if iterator not in _READING_ROWS:

        class ReadingRows(iterator):  # type: ignore[valid-type, misc]
            def __init__(self, field: Any, *args: Any) -> None:
                super().__init__(field, *args)
                shared = getattr(field, "_shared_rows", None)
                self.queryset = _ChoiceRows(field.queryset, shared)

        ReadingRows.__name__ = ReadingRows.__qualname__ = f"ReadingRows{iterator.__name__}"
        _READING_ROWS[iterator] = ReadingRows
    return _READING_ROWS[iterator]


def read_choices_once(form: forms.BaseForm) -> None:
    """The form's model drop-downs read their rows once each, and once for all
    those asking the same query (`_ChoiceRows`). Runs again safely."""
    dropdowns = [
        f
        for f in form.fields.values()
        if isinstance(f, forms.ModelChoiceField) and f.queryset is not None
    ]
    per_model = Counter(f.queryset.model for f in dropdowns)  # type: ignore[union-attr]
    shared: dict[Any, list[Any]] = form.__dict__.setdefault("_choice_rows", {})
    for field in dropdowns:
        if hasattr(field, "_shared_rows"):
            continue
        # Only a model asked by two drop-downs is worth compiling its query to compare.
        model = field.queryset.model  # type: ignore[union-attr]
        field._shared_rows = shared if per_model[model] > 1 else None  # type: ignore[attr-defined]
        field.iterator = _reading_rows(type(field).iterator)
        field.widget.choices = field.choices  # type: ignore[attr-defined]


def mask_personal_fields(form: forms.BaseForm, record: models.Model | None) -> list[str]:
    """An edit form never opens with a citizen's ID number, phone or address in
    full, whatever the role (PIPL 第六条; a page shows them masked and "显示"
    reveals one value with an audited reason, core.templatetags.pii_tags).
    Each such field of `form` editing `record` starts empty with what is on
    record masked as its placeholder, and a field left empty keeps the
    recorded value: a bound form's blank is replaced by it before cleaning, so
    the value is validated and saved as before. Returns the fields so treated."""
    if record is None or record.pk is None:
        return []
    kept = []
    for name in PII_FIELDS:
        field = form.fields.get(name)
        if field is None or not hasattr(record, name):
            continue
        kept.append(name)
        form.initial.pop(name, None)
        recorded = getattr(record, name) or ""
        shown = masked(record, name) if recorded else ""
        field.widget.attrs["placeholder"] = (
            _("已登记：%(v)s") % {"v": shown} if shown else _("未登记")
        )
        field.widget.attrs["autocomplete"] = "off"
        if recorded:
            field.help_text = KEPT_IF_EMPTY
            field.required = False
            key = form.add_prefix(name)
            if form.is_bound and not str(form.data.get(key, "")).strip():
                data: Any = form.data  # a QueryDict or a plain dict: both copy
                form.data = data = data.copy()
                data[key] = recorded
    return kept


# A scope rooted here holds one township at most: no unit's label need name it.
_WITHIN_ONE_TOWNSHIP = {
    OrgUnit.Kind.TOWNSHIP,
    OrgUnit.Kind.VILLAGE,
    OrgUnit.Kind.COMMUNITY,
    OrgUnit.Kind.GROUP,
}


class UnitNames:
    """How a unit is named to one user among others: every township has a
    司法所, a 综治中心, a 信访办, so a county user's list of units offered
    several identical “司法所”. When the user's scope holds more than one
    township a unit below a township says which (`choice`: 司法所（湘江源瑶族乡）;
    `within`, inside another label: 湘江源瑶族乡司法所); a township's user
    reads the short name. The townships are read once per user (a request),
    and not at all for a user whose scope is one township or below it."""

    def __init__(self, user: Any) -> None:
        self.user = user
        self._towns: dict[str, str] | None = None

    @classmethod
    def of(cls, user: Any) -> UnitNames:
        """The user's (one per user object: request.user lives one request)."""
        found = getattr(user, "__dict__", {}).get("_fazhi_unit_names")
        if found is None:
            found = cls(user)
            if hasattr(user, "__dict__"):
                user.__dict__["_fazhi_unit_names"] = found
        return found

    def towns(self) -> dict[str, str]:
        """The townships' names by path when the scope holds more than one."""
        if self._towns is None:
            self._towns = {}
            home = getattr(self.user, "home_unit", None) if self.user is not None else None
            root = home
            if home is not None and home.kind == OrgUnit.Kind.DEPARTMENT and home.parent_id:
                root = home.parent
            if (
                root is None
                or getattr(self.user, "is_superuser", False)
                or (root.kind not in _WITHIN_ONE_TOWNSHIP)
            ):
                towns = dict(
                    units_visible_to(self.user)
                    .filter(kind=OrgUnit.Kind.TOWNSHIP)
                    .values_list("path", "name")
                )
                if len(towns) > 1:
                    self._towns = towns
        return self._towns

    def township_of(self, unit: OrgUnit) -> str:
        """The name of the township `unit` is below ("" for a township itself,
        a unit above one, or a scope of one township)."""
        towns = self.towns()
        if not towns or unit.path in towns:
            return ""
        step = len(unit.path.split(".", 1)[0]) + 1
        for end in range(step, len(unit.path), step):
            name = towns.get(unit.path[:end])
            if name is not None:
                return name
        return ""

    def choice(self, unit: OrgUnit) -> str:
        town = self.township_of(unit)
        if not town:
            return str(unit.name)
        # A name with brackets of its own (综治中心（信访办）) is not followed by more.
        if has_brackets(unit.name):
            return f"{unit.name} · {town}"
        return f"{unit.name}（{town}）"

    def within(self, unit: OrgUnit) -> str:
        return f"{self.township_of(unit)}{unit.name}"

    def person(self, name: Any, unit: OrgUnit | None) -> str:
        """A person (a cadre, an account) in a choice of people: the name and
        the unit, 李学法（司法所）, or 李学法（湘江源瑶族乡司法所） for a user
        whose scope holds more than one township (`within`): every township
        has a 司法所, and namesakes. A unit whose name holds brackets of its
        own (综治中心（信访办）) follows a dot, so brackets never nest:
        李秀英 · 综治中心（信访办）."""
        if unit is None:
            return str(name)
        where = self.within(unit)
        if has_brackets(where):
            return f"{name} · {where}"
        return f"{name}（{where}）"


class ContactNumbers:
    """A person's 身份证号码 and 联系电话 as a clerk may leave them out (a
    petitioner, a dispute party): the ID number half-width and upper-case, the
    phone without spaces, each checked when given (core.validators). A form
    asking for both checks them as required itself."""

    cleaned_data: dict[str, Any]

    def clean_id_number(self) -> str:
        value = normalize_id_number(self.cleaned_data.get("id_number", ""))
        if value:
            validate_id_number(value)
        return value

    def clean_phone(self) -> str:
        value = re.sub(r"\s", "", self.cleaned_data.get("phone") or "")
        if value:
            validate_phone(value)
        return value


def has_brackets(text: str) -> bool:
    """Whether `text` holds brackets, so a label puts no more around it."""
    return any(mark in text for mark in "（）()")


def name_unit_choices(field: forms.Field | None, user: Any) -> None:
    """A choice of units (所属单位, 牵头单位, 协办单位, a list's 单位 filter)
    labels each unit as `UnitNames.choice` does; a field labelling its
    options its own way keeps its way."""
    if (
        isinstance(field, forms.ModelChoiceField)
        and field.queryset is not None
        and field.queryset.model is OrgUnit
        and "label_from_instance" not in field.__dict__
        and type(field).label_from_instance is forms.ModelChoiceField.label_from_instance
    ):
        field.label_from_instance = UnitNames.of(user).choice  # type: ignore[method-assign, assignment]


class UnitChoiceLabels:
    """Every choice of units of the form named for its user (`UnitNames`),
    looked up as a field renders, after the form's own `__init__` has set or
    added its fields (as `PreselectSingleChoice`)."""

    user: Any
    fields: dict[str, forms.Field]

    def __getitem__(self, name: str) -> Any:
        name_unit_choices(self.fields.get(name), getattr(self, "user", None))
        return super().__getitem__(name)  # type: ignore[misc]


class PreselectSingleChoice:
    """A required choice of records that offers exactly one record starts on
    it: a village cadre's only village, a township's only committee. Asking the
    clerk to pick the one option there is is a step that only fails.

    Looked up when the field renders (`get_initial_for_field`), after a form's
    own `__init__` has narrowed the queryset to the user's scope."""

    def get_initial_for_field(self, field: forms.Field, field_name: str) -> Any:
        value = super().get_initial_for_field(field, field_name)  # type: ignore[misc]
        if (
            value in (None, "")
            and not getattr(self, "is_bound", False)
            and field.required
            and isinstance(field, forms.ModelChoiceField)
            and not isinstance(field, forms.ModelMultipleChoiceField)
            and field.queryset is not None
        ):
            first_two = list(field.queryset[:2])
            if len(first_two) == 1:
                return first_two[0].pk
        return value


# The largest id a database column holds (a 64-bit signed integer).
LARGEST_ID = 2**63 - 1


class RecordsChoiceField(forms.ModelMultipleChoiceField):
    """A model form's choice of several records (participants, units reached,
    attendees …), refusing an id no column holds as it refuses an id that is
    not a number. Django looks the chosen ids up with one `pk__in` query and
    SQLite's driver cannot bind an integer past 64 bits: an edit page posted
    with participants=9223372036854775808 was a 500 (OverflowError); Django
    answers the single choice's lookup itself, not this one's."""

    def _check_values(self, value: Any) -> Any:
        for pk in value if isinstance(value, list | tuple) else ():
            text = str(pk).strip()
            if text.lstrip("+-").isdigit() and abs(int(text)) > LARGEST_ID:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": text, "value": text},
                )
        return super()._check_values(value)  # type: ignore[misc]


class BoundedInputs:
    """Every date the form takes within the input rule (core.inputs): not
    before 1949-10-01, and no later than tomorrow for a date of something
    that has happened, or than the horizon for one that may lie ahead (the
    names in `inputs.DATES_AHEAD`, the form's `dates_ahead` and its model's).
    Every free text (a text box with no max_length of its own) capped by
    what it holds (`inputs.text_limit`; the form's or its model's
    `text_limits` first). An ID number or a phone (`id_number`, `phone`,
    `party1_phone` …) read half-width before it is checked (`IdNumberField`,
    `PhoneField`). Applied when the form cleans, so a field a form adds in
    its `__init__` is held to it too. The mixin of every form that saves:
    the base classes below and the apps' plain forms."""

    fields: dict[str, forms.Field]
    dates_ahead: tuple[str, ...] = ()
    text_limits: dict[str, int] = {}

    def full_clean(self) -> None:
        bound_form_fields(self)
        super().full_clean()  # type: ignore[misc]


class IdNumberField(forms.CharField):
    """An identity number as typed with a Chinese IME (１２３…Ｘ): half-width,
    upper-case (core.validators.normalize_id_number) before its checks, so
    the form checks and stores the number itself."""

    def to_python(self, value: Any) -> Any:
        value = super().to_python(value)
        return normalize_id_number(value) if isinstance(value, str) else value


class PhoneField(forms.CharField):
    """A phone as typed (full-width digits, a ledger's or an IME's spaces):
    half-width, without spaces (core.validators.normalize_phone) before its
    checks."""

    def to_python(self, value: Any) -> Any:
        value = super().to_python(value)
        return normalize_phone(value) if isinstance(value, str) else value


def bound_form_fields(form: Any) -> None:
    """Give `form`'s fields the input rule's validators (once each), and an
    ID number's or a phone's field its normaliser."""
    model = getattr(getattr(form, "_meta", None), "model", None)
    ahead = inputs.declared_dates_ahead(form, model)
    limits = inputs.declared_text_limits(form, model)
    for name, field in form.fields.items():
        label = field.label or pretty_name(name)
        kind = inputs.identity_kind(name)
        if kind and type(field) is forms.CharField:
            # The field itself, read half-width (as RecordsChoiceField below).
            field.__class__ = IdNumberField if kind == "id_number" else PhoneField
        if isinstance(field, forms.DateField) and not inputs.has_rule(field.validators, "date"):
            field.validators = [
                *field.validators,
                inputs.date_validator(label, ahead=inputs.may_lie_ahead(name, ahead)),
            ]
        elif (
            isinstance(field, forms.CharField)
            and not isinstance(field, forms.JSONField)
            and field.max_length is None
            and not inputs.has_rule(field.validators, "text")
        ):
            limit = inputs.text_limit(name, limits)
            field.max_length = limit
            field.validators = [*field.validators, inputs.text_validator(label, limit)]


class ScopedModelForm(UnitChoiceLabels, BoundedInputs, PreselectSingleChoice, forms.ModelForm):
    """Every choice of a unit or a scoped record is limited to the user's scope,
    so an unknown or out-of-scope unit is refused as an invalid choice.
    `stated_fields` names the choices the clerk states when registering
    (`state_choices`)."""

    stated_fields: tuple[str, ...] = ()

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        self.user = user
        given = dict(kwargs.get("initial") or {})
        super().__init__(*args, **kwargs)
        state_choices(self, self.stated_fields, given=given)
        mask_personal_fields(self, self.instance)
        for field in self.fields.values():
            if isinstance(field, forms.ModelChoiceField | forms.ModelMultipleChoiceField):
                if field.queryset is None:
                    continue
                model = field.queryset.model
                if model is OrgUnit:
                    field.queryset = units_visible_to(user)
                elif issubclass(model, ScopedModel):
                    field.queryset = model.objects.visible_to(user)  # type: ignore[attr-defined]
                field.error_messages["invalid_choice"] = _("所选项不存在或不在您的管辖范围内。")
                if type(field) is forms.ModelMultipleChoiceField:
                    # The model's many-to-many fields, made by Django: the
                    # same field, its ids checked first (RecordsChoiceField).
                    field.__class__ = RecordsChoiceField
            # A plain date input becomes the browser's date picker; a widget that
            # chose its own type (publicity's `type="month"`) keeps it.
            if isinstance(field.widget, forms.DateInput) and field.widget.input_type == "text":
                field.widget.input_type = "date"
                field.widget.format = "%Y-%m-%d"
        # Bootstrap's classes on every record form, so a module's form is not
        # drawn as bare widgets (a governance record's and a person's were: a
        # long 关联规范性文件 ran past a phone's screen); a form that styles
        # its own fields (small, or fields it adds) adds to these.
        style_fields(self.fields)


def stated(choices: Iterable[tuple[Any, Any]]) -> list[tuple[Any, Any]]:
    """The choices of a fact the officer states at a step (a conclusion, a
    result, how a thing was done), opening on "---------": a list opening on
    its first value recorded that value for an officer who did not open it
    (a complaint's 核查结论 as 属实). Used with required=True, a post without
    one is refused naming the field."""
    return [("", "---------"), *choices]


def state_choices(
    form: forms.BaseModelForm, names: Iterable[str], *, given: dict[str, Any] | None = None
) -> None:
    """A record form's choices of a fact the clerk states (a dispute's 风险等级,
    a case's 案件来源) as a step's are (`stated`): their model field has a
    default, which Django's form offered as the new record's value (a new
    record opened on 低 and saved it for a clerk who never opened the list).
    Each opens on "---------" on a new record and is required, so a post
    without it is refused naming the field; what the view gives as
    `initial` (`given`: what a source record says) and a record's own value
    on its edit page still show."""
    model = form._meta.model
    new = form.instance.pk is None
    for name in names:
        field = form.fields.get(name)
        if not isinstance(field, forms.ChoiceField):
            continue
        field.choices = stated(model._meta.get_field(name).choices)
        field.required = True
        field.initial = None  # Django's form field takes the model's default too
        if new and name not in (given or {}):
            form.initial.pop(name, None)


class ActionForm(UnitChoiceLabels, BoundedInputs, PreselectSingleChoice, forms.Form):
    """The input of a workflow step (core.actions.Action): built with the user,
    whose scope limits its choices, and the record the step runs on."""

    def __init__(self, *args: Any, user: Any = None, record: Any = None, **kwargs: Any) -> None:
        self.user = user
        self.record = record
        super().__init__(*args, **kwargs)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


def date_widgets(model: type[models.Model]) -> dict[str, forms.Widget]:
    return {
        f.name: DateInput()
        for f in model._meta.fields
        if isinstance(f, models.DateField) and not isinstance(f, models.DateTimeField)
    }


class DepartureForm(BoundedInputs, forms.Form):
    """A person's 离职日期 on their page (core.workflow.record_departure);
    left empty it clears a date entered in error."""

    dates_ahead = ("departed_on",)
    departed_on = forms.DateField(
        label=_("离职日期"),
        required=False,
        widget=DateInput(),
        help_text=_("自该日起不再被指派新的工作；已有记录中的姓名保留。"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_small(self.fields)


class PersonForm(ScopedModelForm):
    class Meta:
        model = Person
        fields = [
            "unit",
            "name",
            "gender",
            "ethnicity",
            "id_number",
            "phone",
            "address",
            "title",
            "is_cadre",
            "note",
        ]

    def clean_id_number(self) -> str:
        return (self.cleaned_data.get("id_number") or "").strip().upper()


def put_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """A workflow refusal onto the form: on the field it names where the form
    has it, else above the form (e.g. a year missing from the work calendar).
    Every page that runs a step puts its refusal this way: the step pages
    (core.actions), the ledger pages (core.listing, which core.actions builds
    on, hence here) and the pages that call a step themselves."""
    if not hasattr(exc, "error_dict"):
        for message in exc.messages:
            form.add_error(None, message)
        return
    for field, errors in exc.message_dict.items():
        target = field if field in form.fields else None
        for error in errors:
            form.add_error(target, error)
