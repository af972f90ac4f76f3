"""Workflow steps offered on a record's detail page ("record actions").

A module describes each step once, as an `Action`: its label, the form that
checks the shape of its input, the call into the module's `workflow.py`, and
when the page offers it. The detail page lists the offered steps with their
forms (`offers`, or `ActionDetailView`); `run_action` runs one posted step:

- the record is looked up in the user's scope (404 outside, as everywhere);
- a read-only role is refused (403);
- the form is validated, then the step is called with the cleaned data and
  the user; a refusal (`ValidationError`, `RuleViolation`) goes onto the form,
  on the field it names, and the page answers 400 with the form as posted;
- otherwise the one sentence every module says after a step (`step_done`:
  已办理：<step>。) and a redirect to the record.

The step is run even when the page would not offer it in the record's current
state (a form left open on a stale page): the workflow then refuses with the
precise reason, e.g. that someone else changed the record meanwhile.

What differs between modules is passed in, not copied: what the call gets
besides the data and the user (`extra`: nothing, the uploaded files, or the
record version the page was loaded with), whether forms are prefixed with the
step's name, where a refused step is shown again
(`refused`: the detail page by default, a module's own page otherwise), and
where a step leads (`target`). The action forms take `user=` and `record=`
(core.forms.ActionForm).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseNotAllowed,
    HttpResponseRedirect,
)
from django.urls import reverse
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _

from .forms import ActionForm, put_errors
from .listing import ScopedDetailView, posted_version
from .scope import get_visible_or_404


def always(obj: Any) -> bool:
    return True


F = TypeVar("F", bound=ActionForm)


@dataclass(frozen=True)
class Action(Generic[F]):
    """One workflow step on a record.

    `run(obj, cleaned_data, by, *extra)` calls the workflow function and returns
    what it returns; `extra` is what the module's runner passes besides (see
    `no_extra`, `with_files`, `with_version`). `offered(obj)` says whether the
    detail page offers the step in the record's current state. `style` is the
    Bootstrap button style; `multipart` that the form uploads files. `roles`,
    when given, are the only roles the workflow lets take the step (its
    `steps.check_role`); anyone else sees `who` (who takes it, and the rule)
    in the form's place, not a form the step would refuse once filled in."""

    name: str
    label: Any
    form: type[F]
    run: Callable[..., Any]
    offered: Callable[[Any], bool] = always
    style: str = "primary"
    multipart: bool = False
    roles: frozenset[str] = frozenset()
    who: Any = ""

    def reserved_from(self, user: Any) -> bool:
        """The step is another role's: `user` may not take it (a superuser may
        stand in for any, as `steps.check_role` lets them)."""
        if not self.roles or getattr(user, "is_superuser", False):
            return False
        return getattr(user, "role", None) not in self.roles

    @property
    def primary(self) -> bool:
        return self.style == "primary"


A = TypeVar("A", bound=Action[Any])


@dataclass(frozen=True)
class OptionalInput:
    """A cleaned value the form may not hold (a field some records' forms
    leave out): `default` then. See `optional`."""

    field: str
    default: Any = None


def optional(field: str, default: Any = None) -> OptionalInput:
    """The form's `field`, or `default` where the cleaned data lacks it
    (`data.get(field, default)`), for `call`."""
    return OptionalInput(field, default)


def call(
    step: Callable[..., Any],
    *fields: str,
    record: Callable[[Any], Any] | None = None,
    extra: tuple[str, ...] = (),
    **named: str | OptionalInput,
) -> Callable[..., Any]:
    """An `Action.run` that calls the workflow function `step` the way nearly
    every step is called: the record first, then `by=` the user and the
    cleaned data as keywords. Each of `fields` goes in under its own name;
    each of `named` under the keyword given (`note="reason"`: the form's
    `reason` as `note`; `optional(...)` for a value the form may lack).

    Every module wrote this as a lambda per step, the same wiring in four
    spellings; the table now says only what differs: which function, which
    inputs. `extra` names the keywords the runner's extra arguments go in as
    (`("version",)` beside `with_version`); extra arguments not named are not
    passed (the uploaded files a module's runner hands every step, used by
    only a few). `record(obj)` is what the step acts on when it is not the
    record itself (a case's agreement, its disclosure), raising the
    refusal when there is none."""

    def run(obj: Any, data: Mapping[str, Any], by: Any, *args: Any) -> Any:
        target = obj if record is None else record(obj)
        kwargs: dict[str, Any] = {name: data[name] for name in fields}
        for keyword, source in named.items():
            if isinstance(source, OptionalInput):
                kwargs[keyword] = data.get(source.field, source.default)
            else:
                kwargs[keyword] = data[source]
        kwargs.update(zip(extra, args, strict=False))
        return step(target, by=by, **kwargs)

    return run


def table(*actions: A) -> dict[str, A]:
    """The steps of one kind of record by name, in the order the page shows them."""
    return {a.name: a for a in actions}


# What a step's call gets besides the cleaned data and the user.
Extra = Callable[[HttpRequest], tuple[Any, ...]]


def no_extra(request: HttpRequest) -> tuple[Any, ...]:
    return ()


def with_files(request: HttpRequest) -> tuple[Any, ...]:
    """The uploaded files (a step that attaches evidence)."""
    return (request.FILES,)


def with_version(request: HttpRequest) -> tuple[Any, ...]:
    """The record version the page was loaded with (its hidden `version`), so
    a step taken on a stale page is refused instead of overwriting."""
    return (posted_version(request),)


def can_write(user: Any) -> bool:
    return bool(getattr(user, "can_write", False))


def make_form(
    action: Action,
    obj: Any,
    user: Any,
    *,
    data: Any = None,
    files: Any = None,
    prefixed: bool = True,
) -> forms.BaseForm:
    """The step's form for `obj`, unbound without `data`. `prefixed` puts the
    step's name before each input so several forms can share a page; without
    it the form keeps its own prefix (if any)."""
    kwargs: dict[str, Any] = {"user": user, "record": obj}
    if prefixed:
        kwargs["prefix"] = action.name
    if data is None:
        return action.form(**kwargs)
    return action.form(data, files, **kwargs)


@dataclass(frozen=True)
class Offer:
    """A step as the detail page shows it: `open` when it is the form that was
    just posted and refused (shown expanded, with its errors)."""

    action: Action
    form: forms.BaseForm
    url: str
    open: bool = False
    # Another role's step (Action.roles): shown with who takes it, no form.
    reserved: bool = False

    @property
    def name(self) -> str:
        return self.action.name

    @property
    def label(self) -> Any:
        return self.action.label


def offers(
    obj: Any,
    actions: Mapping[str, Action],
    user: Any,
    *,
    url: Callable[[str], str],
    bound: tuple[str, forms.BaseForm] | None = None,
    prefixed: bool = True,
) -> list[Offer]:
    """The steps offered on `obj` with their forms; none for a read-only role.
    `bound` is a refused (name, form): it is shown as posted, offered or not."""
    if not can_write(user):
        return []
    out = []
    for name, action in actions.items():
        if bound is not None and bound[0] == name:
            out.append(Offer(action, bound[1], url(name), open=True))
        elif action.offered(obj):
            form = make_form(action, obj, user, prefixed=prefixed)
            out.append(Offer(action, form, url(name), reserved=action.reserved_from(user)))
    return out


class ActionDetailView(ScopedDetailView):
    """A detail page offering the record's steps as POST forms (`actions` in
    the template context, a list of `Offer`). A subclass names its `actions`
    and the URL name a step posts to (`action_url`, reversed with the record's
    pk and the step's name; override `action_url_for` for another shape)."""

    actions: Mapping[str, Action] = {}
    action_url = ""
    prefixed = True
    # Set by run_action when it shows the page again with a refused form.
    bound: tuple[str, forms.BaseForm] | None = None

    def get_actions(self) -> Mapping[str, Action]:
        return self.actions

    def action_url_for(self, name: str) -> str:
        return reverse(self.action_url, args=[self.object.pk, name])

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # Only run_action shows the page for a POST (with the refused form).
        if self.bound is None:
            return self.http_method_not_allowed(request, *args, **kwargs)
        return self.get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["actions"] = offers(
            self.object,
            self.get_actions(),
            self.request.user,
            url=self.action_url_for,
            bound=self.bound,
            prefixed=self.prefixed,
        )
        return ctx


# A refused step's answer: (request, record, action, bound form with errors).
Refused = Callable[[HttpRequest, Any, Action, forms.BaseForm], HttpResponse]


def show_detail_again(detail_view: type[ActionDetailView]) -> Refused:
    """The detail page again, the refused form open with its errors: HTTP 400."""

    def refused(
        request: HttpRequest, obj: Any, action: Action, form: forms.BaseForm
    ) -> HttpResponse:
        # as_view reads the record afresh: the refused call may have changed
        # the instance in memory before the rule stopped it.
        response: Any = detail_view.as_view(bound=(action.name, form))(request, pk=obj.pk)
        response.status_code = 400
        return response  # type: ignore[no-any-return]

    return refused


def flash_and_redirect(
    request: HttpRequest, obj: Any, action: Action, form: forms.BaseForm
) -> HttpResponse:
    """Each error as a message "step — field: message", back to the record."""
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        for error in errors:
            line = f"{label}：{error}" if label else str(error)
            messages.error(request, f"{action.label} — {line}")
    return HttpResponseRedirect(obj.get_absolute_url())


def same_record(obj: Any, result: Any) -> Any:
    return obj


# The one sentence after a workflow step, in every module: 已办理：立案。
# A form that saves a record's facts (not a step) says 已保存。 instead.
DONE = _("已办理：%(label)s。")


def step_done(request: HttpRequest, label: Any) -> None:
    """Tell the user the step `label` (as its button says it) was taken. Every
    module's steps say this one sentence, whether run by `run_action` or by a
    module's own view."""
    messages.success(request, str(DONE) % {"label": label})


def run_action(
    request: HttpRequest,
    model: type[models.Model],
    pk: Any,
    name: str,
    actions: Mapping[str, Action],
    detail_view: type[ActionDetailView] | None = None,
    *,
    extra: Extra = no_extra,
    prefixed: bool | None = None,
    refused: Refused | None = None,
    target: Callable[[Any, Any], Any] = same_record,
) -> HttpResponse:
    """Run the posted step `name` on the record `pk` (see the module docstring).

    `prefixed` defaults to the detail view's, so the posted form is read the
    way the page wrote it. After the step, `step_done` with the step's
    `label`. `refused` answers a refusal (default: the detail
    page again, HTTP 400). `target(obj, result)` is the record to go to after
    the step (default: the same one)."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    obj = get_visible_or_404(model, request.user, pk=pk)
    action = actions.get(name)
    if action is None:
        raise Http404
    if not can_write(request.user):
        raise PermissionDenied(_g("您的角色为只读。"))
    if prefixed is None:
        prefixed = detail_view.prefixed if detail_view is not None else True
    form = make_form(
        action, obj, request.user, data=request.POST, files=request.FILES, prefixed=prefixed
    )
    if form.is_valid():
        try:
            result = action.run(obj, form.cleaned_data, request.user, *extra(request))
        except ValidationError as exc:  # RuleViolation is one
            put_errors(form, exc)
        else:
            step_done(request, action.label)
            return HttpResponseRedirect(target(obj, result).get_absolute_url())
    if refused is None:
        if detail_view is None:
            raise TypeError("run_action needs a detail_view or a refused answer")
        refused = show_detail_again(detail_view)
    return refused(request, obj, action, form)
