"""core.forms: a required choice with exactly one record in the user's scope starts on it;
with two or more the user picks, and a bound form keeps what was sent."""

from __future__ import annotations

from django import forms

from fazhi.core.forms import ActionForm, PersonForm
from fazhi.core.models import OrgUnit
from tests.factories import World


def _initial(form: forms.BaseForm, name: str) -> object:
    return form[name].initial


def test_village_cadre_starts_on_their_only_village(world: World) -> None:
    form = PersonForm(user=world.village_cadre)
    assert _initial(form, "unit") == world.village.pk
    assert f'value="{world.village.pk}" selected' in str(form["unit"])


def test_township_clerk_with_several_units_chooses(world: World) -> None:
    form = PersonForm(user=world.owner)
    assert _initial(form, "unit") is None


def test_bound_form_is_not_preselected(world: World) -> None:
    form = PersonForm({"name": "盘新华"}, user=world.village_cadre)
    assert not form.is_valid()
    assert "unit" in form.errors


class _OneUnit(ActionForm):
    unit = forms.ModelChoiceField(queryset=OrgUnit.objects.none())
    optional_unit = forms.ModelChoiceField(queryset=OrgUnit.objects.none(), required=False)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        only = OrgUnit.objects.filter(pk=self.user.home_unit_id)
        self.fields["unit"].queryset = only  # type: ignore[attr-defined]
        self.fields["optional_unit"].queryset = only  # type: ignore[attr-defined]


def test_action_form_narrowed_after_init(world: World) -> None:
    form = _OneUnit(user=world.owner)
    assert _initial(form, "unit") == world.township.pk
    # An optional choice stays empty: leaving it blank is a real answer.
    assert _initial(form, "optional_unit") is None


def test_a_month_field_keeps_its_month_picker(world: World) -> None:
    from fazhi.publicity.forms import PlanItemForm

    html = str(PlanItemForm(user=world.owner)["planned_month"])
    assert 'type="month"' in html, html
    assert 'type="date"' not in html


def test_style_small_gives_each_widget_its_bootstrap_class_once() -> None:
    """core.forms.style_small: a list's filters and a step's fields fill their
    column (a text box without `form-control` keeps the browser's width and ran
    off a phone's screen), and a second call adds nothing."""
    from django import forms as django_forms

    from fazhi.core.forms import style_small

    class Form(django_forms.Form):
        name = django_forms.CharField(widget=django_forms.TextInput(attrs={"class": "mine"}))
        kind = django_forms.ChoiceField(choices=[("a", "A")])
        done = django_forms.BooleanField()
        note = django_forms.CharField(widget=django_forms.Textarea)

    form = Form()
    style_small(form.fields)
    style_small(form.fields)
    classes = {name: field.widget.attrs["class"] for name, field in form.fields.items()}
    assert classes == {
        "name": "mine form-control form-control-sm",
        "kind": "form-select form-select-sm",
        "done": "form-check-input",
        "note": "form-control form-control-sm",
    }


def test_style_fields_full_size_leaves_lists_of_boxes_to_their_template() -> None:
    """core.forms.style_fields: a record's page form gets the full-size classes;
    a list of checkboxes or radio buttons is drawn by its template."""
    from django import forms as django_forms

    from fazhi.core.forms import style_fields

    class Form(django_forms.Form):
        name = django_forms.CharField(widget=django_forms.TextInput(attrs={"class": "mine"}))
        kind = django_forms.ChoiceField(choices=[("a", "A")])
        done = django_forms.BooleanField()
        many = django_forms.MultipleChoiceField(
            choices=[("a", "A")], widget=django_forms.CheckboxSelectMultiple
        )
        one = django_forms.ChoiceField(choices=[("a", "A")], widget=django_forms.RadioSelect)

    form = Form()
    style_fields(form.fields)
    style_fields(form.fields)
    classes = {name: field.widget.attrs.get("class") for name, field in form.fields.items()}
    assert classes == {
        "name": "mine form-control",
        "kind": "form-select",
        "done": "form-check-input",
        "many": None,
        "one": None,
    }


def _misdrawn(form: forms.BaseForm) -> list[str]:
    """The fields whose widget lacks its Bootstrap class: a drop-down drawn as
    a text box (`form-control` on a <select> hides its arrow), a checkbox
    stretched into a text box, a text box with the browser's width."""
    wrong = []
    for name, field in form.fields.items():
        widget = field.widget
        classes = widget.attrs.get("class", "").split()
        if isinstance(widget, forms.HiddenInput | forms.CheckboxSelectMultiple | forms.RadioSelect):
            continue
        if isinstance(widget, forms.CheckboxInput):
            ok = classes == ["form-check-input"]
        elif isinstance(widget, forms.Select):
            ok = "form-select" in classes and "form-control" not in classes
        else:
            ok = "form-control" in classes
        if not ok:
            wrong.append(f"{type(form).__name__}.{name}: {type(widget).__name__} {classes}")
    return wrong


def test_every_step_and_record_form_draws_bootstrap_widgets(world: World) -> None:
    """Every form of enforcement, petitions, publicity and mediation that can
    be built with just a user draws its widgets through core.forms.style_fields.
    Enforcement's steps drew their drop-downs and checkboxes as text boxes
    (`form-control form-control-sm` on everything), publicity's checkboxes had
    no class."""
    import importlib
    import inspect

    built, wrong = 0, []
    for app in ("enforcement", "petitions", "publicity", "mediation"):
        module = importlib.import_module(f"fazhi.{app}.forms")
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if not issubclass(cls, forms.BaseForm) or cls.__module__ != module.__name__:
                continue
            try:
                form = cls(user=world.owner)
            except Exception:  # a base class, or a form that needs its record
                continue
            built += 1
            wrong += _misdrawn(form)
    assert built > 60, built  # a walk that builds nothing proves nothing
    assert not wrong, wrong


def test_ledger_filters_keep_their_bootstrap_widgets(world: World) -> None:
    """Mediation's and petitions' filter sets styled their fields again after
    core.filters.UnitFilterMixin.form had (by whether a field has `choices`);
    with that gone, the mixin's classes are what the page draws."""
    from django.test import RequestFactory

    from fazhi.mediation.filters import CaseFilter, DisputeFilter
    from fazhi.petitions.filters import PetitionFilter

    request = RequestFactory().get("/")
    request.user = world.owner
    wrong = []
    for filterset in (DisputeFilter, CaseFilter, PetitionFilter):
        wrong += _misdrawn(filterset(data={}, request=request).form)
    assert not wrong, wrong
