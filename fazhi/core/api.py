"""The API pattern every module follows: a scoped viewset, one permission
class, workflow steps run by `run_api_action`, and errors answered in Chinese
with field names (HTTP 400)."""

from __future__ import annotations

import json
import re
from abc import ABCMeta, abstractmethod
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.exceptions import NON_FIELD_ERRORS, ObjectDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError, IntegrityError, transaction
from django.db.models import ProtectedError, RestrictedError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.defaults import page_not_found
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.exceptions import NotFound, ParseError, PermissionDenied
from rest_framework.exceptions import ValidationError as DRFValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback

from . import audit
from .actions import Action, can_write
from .audit import changes_anything
from .errors import ConcurrentEdit, RuleViolation, is_conflict, labelled
from .models import OrgUnit
from .permissions import ScopedPermission
from .scope import units_visible_to


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """The site's 404 (handler404): under /api/ no URL pattern matched (a
    step name with a character the route does not take, a path that is no
    resource); the API answers JSON there as everywhere, `{"detail": ...}` as
    documented (core.api_schema), not the HTML page. Elsewhere Django's page."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": str(NotFound.default_detail)}, status=404)
    return page_not_found(request, exception or Http404())


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Every refusal answers in Chinese, naming the field; none is a 500.

    - a workflow refusal (`RuleViolation`) or a model's `ValidationError`: 400,
      the messages by field ("non_field_errors" for the whole step);
    - a refusal because of the record's current state (`errors.is_conflict`:
      someone else took a step or edited it first): 409 `{"detail", "field"}`;
    - a delete of a record still referred to (`ProtectedError`,
      `RestrictedError`): 409, counting the referrers by kind
      ("该人员仍被 3 件信访事项引用，不能删除。");
    - a database constraint (`IntegrityError`) that validation did not catch:
      400 naming the column's field (a missing value, a check), 409 for a
      duplicate of an existing record;
    - a value the database cannot hold (`DataError`, or the SQLite driver's
      `OverflowError` for an integer past 64 bits, e.g. an id in a list): 400
      naming the inputs that hold such a number.
    The transaction of the request, if any, is rolled back (as DRF does for
    the errors it handles)."""
    response: Response | None
    if isinstance(exc, ProtectedError | RestrictedError):
        response = Response(
            {"detail": referred_message(exc, context)}, status=status.HTTP_409_CONFLICT
        )
    elif isinstance(exc, IntegrityError):
        response = integrity_response(exc)
    elif isinstance(exc, DataError | OverflowError):
        response = bad_request(out_of_range(context))
    elif isinstance(exc, RuleViolation) and is_conflict(exc):
        response = Response(conflict_body(exc), status=status.HTTP_409_CONFLICT)
    elif isinstance(exc, ParseError):
        # DRF's text is the parser's, in English ("JSON parse error - 'utf-8'
        # codec can't decode byte 0xff …"): say what is wrong in the user's words.
        return drf_exception_handler(
            ParseError(_("请求内容无法解析：应为 UTF-8 编码的有效 JSON。")), context
        )
    elif isinstance(exc, Http404):
        # Django's text names the model ("No Petition matches the given query."):
        # an outsider learns nothing, in the user's language.
        return drf_exception_handler(NotFound(_("该记录不存在或不在您的管辖范围内。")), context)
    else:
        # RuleViolation is a Django ValidationError: it is checked first, so a
        # refusal not tied to a field comes back under "non_field_errors" (as
        # DRF names it) rather than Django's "__all__".
        if isinstance(exc, RuleViolation):
            exc = DRFValidationError(detail=exc.as_dict())
        elif isinstance(exc, DjangoValidationError):
            detail = (
                {
                    ("non_field_errors" if k == NON_FIELD_ERRORS else k): v
                    for k, v in exc.message_dict.items()
                }
                if hasattr(exc, "error_dict")
                else {"non_field_errors": exc.messages}
            )
            exc = DRFValidationError(detail=detail)
        return drf_exception_handler(exc, context)
    set_rollback()
    return response


BIGINT = 2**63 - 1


def out_of_range(context: dict[str, Any]) -> dict[str, list[str]]:
    """The inputs (body or query) holding a number no database column holds."""
    request = context.get("request")
    found: dict[str, list[str]] = {}
    sources: list[Any] = [getattr(request, "data", None), getattr(request, "query_params", None)]
    for source in sources:
        if not isinstance(source, Mapping):
            continue
        for key in source:
            values = source.getlist(key) if hasattr(source, "getlist") else source[key]
            if _too_large(values):
                found[key] = [_("数值超出允许的范围。")]
    return found or {NON_FIELD: [_("输入的数值或文字超出了允许的范围。")]}


def _too_large(value: Any) -> bool:
    if isinstance(value, list):
        return any(_too_large(v) for v in value)
    text = str(value).strip().lstrip("+-")
    return text.isdigit() and int(text) > BIGINT


def conflict_body(exc: RuleViolation) -> dict[str, Any]:
    """The body of a 409 for a workflow refusal: its message and field."""
    field = "version" if isinstance(exc, ConcurrentEdit) else exc.field
    return {"detail": " ".join(exc.messages), "field": field}


def referred_message(exc: ProtectedError | RestrictedError, context: dict[str, Any]) -> str:
    """The records that still refer to the one being deleted, counted by kind:
    "该人员仍被 3 件信访事项、1 件调解案件引用，不能删除。"."""
    objects: Any = getattr(exc, "protected_objects", None) or getattr(exc, "restricted_objects", ())
    counts = Counter(str(type(o)._meta.verbose_name) for o in objects)
    view = context.get("view")
    model = getattr(getattr(view, "queryset", None), "model", None)
    subject = str(model._meta.verbose_name) if model is not None else _("记录")
    referrers = _("、").join(
        _("%(count)s 件%(kind)s") % {"count": n, "kind": kind} for kind, n in counts.items()
    )
    return _("该%(subject)s仍被 %(referrers)s引用，不能删除。") % {
        "subject": subject,
        "referrers": referrers or _("其他记录"),
    }


def integrity_response(exc: IntegrityError) -> Response:
    """A constraint the database enforced, in the words of the model field it
    is on (found from the table and column the database names)."""
    problem = constraint_problem(exc)
    field_name, label = problem.field_name, problem.label
    if problem.kind == "unique":
        return Response(
            {
                "detail": _("与已有记录重复：%(fields)s。") % {"fields": label or _("唯一性约束")},
                "field": field_name or NON_FIELD,
            },
            status=status.HTTP_409_CONFLICT,
        )
    if problem.kind == "not_null":
        message = _("请填写%(field)s。") % {"field": label or field_name}
    elif problem.kind == "foreign_key":
        message = _("引用的记录不存在。")
    elif problem.kind == "check":
        message = problem.message or _("数据不符合约束“%(name)s”。") % {"name": problem.constraint}
    else:
        message = _("数据未能保存：与数据库约束冲突。")
    return bad_request({field_name or NON_FIELD: [message]})


NON_FIELD = "non_field_errors"


@dataclass(frozen=True)
class ConstraintProblem:
    kind: str  # not_null, unique, foreign_key, check, or ""
    field_name: str = ""
    label: str = ""
    constraint: str = ""
    message: str = ""


_SQLITE = re.compile(
    r"^(?P<kind>NOT NULL|UNIQUE|CHECK|FOREIGN KEY) constraint failed(?::\s*(?P<what>.*))?$"
)
_PG_KIND = {
    "23502": "not_null",
    "23505": "unique",
    "23503": "foreign_key",
    "23514": "check",
}


def constraint_problem(exc: IntegrityError) -> ConstraintProblem:
    """What `exc` says, read from PostgreSQL's diagnostics or SQLite's text."""
    cause = exc.__cause__
    diag = getattr(cause, "diag", None)
    if diag is not None:
        kind = _PG_KIND.get(getattr(cause, "sqlstate", "") or "", "")
        table, constraint = diag.table_name or "", diag.constraint_name or ""
        columns = [diag.column_name] if diag.column_name else []
        if not columns and kind == "unique":
            key = re.search(r"Key \((?P<cols>[^)]*)\)=", diag.message_detail or "")
            columns = [c.strip().strip('"') for c in key["cols"].split(",")] if key else []
        return _describe(kind, table, columns, constraint)
    match = _SQLITE.match(str(exc))
    if match is None:
        return ConstraintProblem("")
    kind = match["kind"].lower().replace(" ", "_")
    what = match["what"] or ""
    if kind in {"not_null", "unique"}:
        pairs = [c.strip().split(".", 1) for c in what.split(",") if "." in c]
        table = pairs[0][0] if pairs else ""
        return _describe(kind, table, [c for _t, c in pairs], "")
    return _describe(kind, "", [], what.strip())


def _describe(kind: str, table: str, columns: list[str], constraint: str) -> ConstraintProblem:
    model = next((m for m in apps.get_models() if m._meta.db_table == table), None)
    fields = []
    if model is not None:
        by_column = {getattr(f, "column", None): f for f in model._meta.concrete_fields}
        fields = [by_column[c] for c in columns if c in by_column]
    names = [f.name for f in fields] or columns
    labels = [str(f.verbose_name) for f in fields] or columns
    message = ""
    if kind == "check" and constraint:
        for m in apps.get_models():
            for c in m._meta.constraints:
                if c.name == constraint:
                    message = str(c.get_violation_error_message())
    return ConstraintProblem(
        kind,
        field_name=names[0] if len(names) == 1 else "",
        label=_("、").join(labels),
        constraint=constraint,
        message=message,
    )


class ScopedQueryset(viewsets.GenericViewSet):
    """Queryset from `visible_to(request.user)`: out of scope is 404. A
    viewset narrows or orders it in `optimize`. The base of every scoped
    viewset, whichever mixins (list, create, …) it exposes."""

    def get_queryset(self) -> Any:
        qs = self.queryset.model.objects.visible_to(self.request.user)  # type: ignore[union-attr]
        return self.optimize(qs)

    def optimize(self, qs: Any) -> Any:
        return qs


class ScopedViewSet(ScopedQueryset, viewsets.ModelViewSet):
    """Queryset from `visible_to(request.user)`; create/update run the
    serializer's validation, then the module's workflow function."""


def request_version(request: Request) -> int | None:
    """The record `version` the client last saw (None when it sent none); an
    edit against an older version is refused by the workflow."""
    raw: Any = request.data.get("version")
    if raw in (None, ""):
        return None
    try:
        return int(str(raw))
    except (TypeError, ValueError):
        raise RuleViolation(_("版本号格式不正确。"), field="version") from None


class WorkflowCreateMixin(metaclass=ABCMeta):
    """`perform_create` builds the unsaved instance from the validated data and
    hands it to `persist`; the many-to-many values named in `m2m_fields` are
    taken out of the data and passed beside it."""

    m2m_fields: tuple[str, ...] = ()
    request: Any  # the view's (a DRF Request once dispatched)

    @abstractmethod
    def persist(self, instance: Any, m2m: dict[str, Any], **kw: Any) -> Any:
        """Save `instance` through the module's workflow function; return it.

        The workflow owns the rules, the scope and version checks and the audit
        row; a refusal (`RuleViolation`) becomes HTTP 400 naming the field in
        Chinese. On create `kw` is empty and `instance.pk` is None; on update
        (`WorkflowViewSet`) it holds `version` (what the client last saw) and
        `before` (the audit snapshot taken before the change). `m2m` maps each
        name of `m2m_fields` to its new values (on update, the current ones when
        the request left the field out)."""

    def perform_create(self, serializer: Any) -> None:
        data = dict(serializer.validated_data)
        m2m = {name: list(data.pop(name, [])) for name in self.m2m_fields}
        instance = serializer.Meta.model(**data)
        serializer.instance = self.persist(instance, m2m)


class ScopedReadViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedQueryset):
    """List and retrieve in the user's scope, nothing else: the record
    changes only through its workflow steps (actions on the viewset)."""


class ScopedRegisterViewSet(WorkflowCreateMixin, mixins.CreateModelMixin, ScopedReadViewSet):
    """List, retrieve and create (through `persist`); no generic update or
    delete: every change after registration is a workflow step."""


class WorkflowViewSet(WorkflowCreateMixin, ScopedViewSet):
    """The API write pattern: create and update go through `persist` (the
    module's workflow function); no generic delete unless a subclass adds it."""

    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def perform_update(self, serializer: Any) -> None:
        """An update that changes nothing (an empty PATCH, the record's own
        values sent back) is no update: the record answers as it is, its
        version not bumped, no audit event (`changes_anything`)."""
        instance = serializer.instance
        before = audit.snapshot(instance)
        data = dict(serializer.validated_data)
        m2m = {
            name: list(data.pop(name)) if name in data else self.current_m2m(instance, name)
            for name in self.m2m_fields
        }
        posted = {name: m2m[name] for name in self.m2m_fields if name in serializer.validated_data}
        if not changes_anything(instance, before, data, posted):
            return
        with transaction.atomic():
            for key, value in data.items():
                setattr(instance, key, value)
            serializer.instance = self.persist(
                instance, m2m, version=request_version(self.request), before=before
            )

    def current_m2m(self, instance: Any, name: str) -> Any:
        """The values a partial update leaves unchanged."""
        return list(getattr(instance, name).all())


# Typed for the OpenAPI schema: outside a model serializer the field has no
# model to read its key's type from.
@extend_schema_field(OpenApiTypes.INT)
class UnitField(serializers.PrimaryKeyRelatedField):
    """A unit reference limited to the requesting user's scope: an unknown or
    out-of-scope unit is refused with a message naming the field."""

    default_error_messages = {
        "does_not_exist": gettext_lazy("单位不存在或不在您的管辖范围内（编号 {pk_value}）。"),
        "incorrect_type": gettext_lazy("单位编号格式不正确。"),
        "required": gettext_lazy("请选择所属单位。"),
    }

    def get_queryset(self) -> Any:
        request = self.context.get("request")
        if request is None:
            return OrgUnit.objects.none()
        return units_visible_to(request.user)


def bad_request(detail: dict[str, Any]) -> Response:
    return Response(detail, status=status.HTTP_400_BAD_REQUEST)


def form_errors(form: Any) -> dict[str, list[str]]:
    """A step form's errors by field, each message led by its field's label
    ("地点：这个字段是必填项。") unless it names the field already ("受理日期
    （0001-01-01）不能早于1949-10-01。", core.inputs); errors of the whole form
    under "non_field_errors", as the exception handler puts a workflow refusal."""
    out: dict[str, list[str]] = {}
    for field, errors in form.errors.items():
        key = "non_field_errors" if field == "__all__" else field
        label = str(form.fields[field].label or "") if field in form.fields else ""
        out[key] = [labelled(e, label) for e in errors]
    return out


# What a step's call gets besides the cleaned data and the user (the API's
# counterparts of core.actions.no_extra / with_files / with_version).
ApiExtra = Callable[[Request], tuple[Any, ...]]


def no_extra(request: Request) -> tuple[Any, ...]:
    return ()


def with_files(request: Request) -> tuple[Any, ...]:
    """The uploaded files (a step that attaches evidence)."""
    return (request.FILES,)


def with_version(request: Request) -> tuple[Any, ...]:
    """The record `version` the client last saw (`request_version`)."""
    return (request_version(request),)


def run_api_action(
    request: Request,
    obj: Any,
    actions: Mapping[str, Action[Any]],
    name: str,
    *,
    respond: Callable[[Any, Any], Any],
    extra: ApiExtra = no_extra,
) -> Response:
    """Run the workflow step `name` (a core.actions.Action) on `obj`, the
    record the viewset found in the user's scope (`get_object`: 404 outside).

    An unknown step is 404, a read-only role 403 (the permission class refuses
    it first; this keeps the rule for any viewset). The step's form is bound to
    the request's data and files, unprefixed, with `user=` and `record=` as on
    the page; an invalid form answers 400 with `form_errors` and the step is
    not called. The step runs in one transaction with the cleaned data, the
    user and `extra(request)`; a refusal (`RuleViolation`, `ValidationError`)
    rolls it back and reaches the exception handler: 400 naming the field. As
    on the page, a step is run even when the record's state would not offer
    it, so the workflow answers with the precise reason. A refusal because of
    the record's state (`errors.is_conflict`: someone else took a step or
    edited it first) answers 409 with the message and the record as it is
    now (`current`).

    `respond(obj, result)` is the body after the step: the module's
    serialization of the record (or of what the step returned)."""
    action = actions.get(name)
    if action is None:
        raise NotFound(_("未知的操作“%(name)s”。") % {"name": name})
    if not can_write(request.user):
        raise PermissionDenied(_("您的角色为只读。"))
    form = action.form(
        form_data(request.data), request.FILES, user=request.user, record=obj, prefix=""
    )
    if not form.is_valid():
        return bad_request(form_errors(form))
    try:
        with transaction.atomic():
            result = action.run(obj, form.cleaned_data, request.user, *extra(request))
    except RuleViolation as exc:
        if not is_conflict(exc):
            raise
        body = conflict_body(exc)
        body["current"] = current_state(request, obj)
        return Response(body, status=status.HTTP_409_CONFLICT)
    return Response(respond(obj, result))


def _as_text(value: Any) -> Any:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    return json.dumps(value, ensure_ascii=False) if isinstance(value, dict) else str(value)


def form_data(data: Any) -> Any:
    """A JSON body as a form reads a posted one: every value text. A form field
    expects text (a page posts nothing else); a JSON 20240305 or true reached a
    date field's `.strip()` and answered 500 (issue 17's fuzzing). Now the field
    refuses it with its own message, 400."""
    if isinstance(data, QueryDict) or not isinstance(data, Mapping):
        return data
    posted = QueryDict(mutable=True)
    for key, value in data.items():
        if value is not None:  # null: as if the field were not sent
            posted.setlist(
                key, [_as_text(v) for v in value] if isinstance(value, list) else [_as_text(value)]
            )
    return posted


def current_state(request: Request, obj: Any) -> Any:
    """The record as it is now, read afresh in the user's scope and serialized
    as the viewset serializes it (what a refused step's client should see);
    None if it is gone."""
    view: Any = (request.parser_context or {}).get("view")
    try:
        fresh = view.get_queryset().get(pk=obj.pk)
    except ObjectDoesNotExist:
        return None
    return view.get_serializer(fresh).data


__all__ = [
    "Http404",
    "ScopedPermission",
    "ScopedQueryset",
    "ScopedReadViewSet",
    "ScopedRegisterViewSet",
    "ScopedViewSet",
    "UnitField",
    "WorkflowCreateMixin",
    "WorkflowViewSet",
    "bad_request",
    "form_errors",
    "no_extra",
    "request_version",
    "run_api_action",
    "with_files",
    "with_version",
]
