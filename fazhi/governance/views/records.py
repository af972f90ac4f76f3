"""The generic pages of every kind (list, detail, create, edit) and the
workflow steps posted from a detail page."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.db.models import OuterRef, QuerySet, Subquery
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _g

from fazhi.core import clocks
from fazhi.core import workflow as core_workflow
from fazhi.core.actions import ActionDetailView, flash_and_redirect, run_action, with_files
from fazhi.core.listing import RecordCreateView, RecordUpdateView, ScopedListView
from fazhi.core.models import Clock

from .. import actions as act
from .. import workflow as wf
from ..models import Assessment, DisclosureRequest, WorkTask
from .kinds import KINDS, Kind


def _create(obj: Any, by: Any) -> Any:
    """A kind without a creating step of its own is saved with its audit row."""
    return core_workflow.create_record(obj, by=by)


class KindMixin:
    kind: Kind

    def optimize(self, qs: QuerySet[Any]) -> QuerySet[Any]:
        qs = qs.select_related(*self.kind.related)
        if self.kind.annotate:
            # A grouped query drops Meta.ordering: keep the list order stable.
            qs = qs.annotate(**self.kind.annotate).order_by(*self.kind.model._meta.ordering)
        if self.kind.clock_kind:
            qs = qs.annotate(clock_state=_clock_state(self.kind.model, self.kind.clock_kind))
        return qs


def _clock_state(model: type[Any], kind: str) -> Subquery:
    """The state (core.clocks.annotate_state) of each row's latest clock of
    `kind`, in the list's own query: the same SQL the home page counts by."""
    latest = Clock.objects.filter(
        content_type=ContentType.objects.get_for_model(model), object_id=OuterRef("pk"), kind=kind
    ).order_by("-pk")
    states = clocks.annotate_state(latest, timezone.localdate())
    return Subquery(states.values("clock_state")[:1])  # type: ignore[misc]


class KindList(KindMixin, ScopedListView):
    def get_table_class(self) -> Any:
        return self.kind.table

    def get_filterset_class(self) -> Any:
        return self.kind.filterset

    def setup(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        # Named before anything is drawn: the reason page of an export with
        # personal information (export_with_reason) asked for “” with no title.
        super().setup(request, *args, **kwargs)
        self.title = str(self.kind.title)
        self.export_name = self.kind.export_name or str(self.kind.title)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["title"] = self.title
        if self.kind.form is not None and getattr(self.request.user, "can_write", False):
            ctx["create_url"] = reverse(f"governance:{self.kind.key}_create")
        return ctx


class KindDetail(KindMixin, ActionDetailView):
    template_name = "governance/detail.html"

    def get_actions(self) -> dict[str, act.Action]:
        return act.ACTIONS.get(self.kind.key, {})

    def action_url_for(self, name: str) -> str:
        return reverse("governance:action", args=[self.kind.key, self.object.pk, name])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        self.fields = self.kind.detail_fields
        ctx = super().get_context_data(**kwargs)
        obj = self.object
        user = self.request.user
        ctx["kind"] = self.kind.key
        ctx["list_url"] = reverse(f"governance:{self.kind.key}_list")
        if self.kind.edit_form is not None and ctx["can_write"]:
            ctx["edit_url"] = reverse(f"governance:{self.kind.key}_edit", args=[obj.pk])
        ctx["today"] = today = timezone.localdate()
        ctx["clocks"] = list(clocks.clocks_for(obj)) if hasattr(obj, "unit_id") else []
        if ctx["clocks"]:
            calendar = clocks.load_calendar()
            for c in ctx["clocks"]:
                # The state the home page counts (已超期, 即将到期…), not the
                # row's bare running/stopped flag.
                c.state = clocks.state(c, today, calendar)
                c.state_label = clocks.STATE_LABELS[c.state]
        ctx.update(extra_context(self.kind.key, obj, user))
        # The applicant's particulars: masked for every role, "显示" for a PII
        # role (core.templatetags.pii_tags, audited with the reason).
        ctx["pii_fields"] = [
            (name, obj._meta.get_field(name).verbose_name)
            for name in PII_FIELDS.get(self.kind.key, ())
        ]
        if self.kind.key in EXTRA_TEMPLATES:
            ctx["extra_template"] = f"governance/_extra_{self.kind.key}.html"
        return ctx


# The personal fields a kind's detail page shows (masked, with "显示").
PII_FIELDS = {"request": ("id_number", "phone", "address")}

EXTRA_TEMPLATES = {
    "plan",
    "document",
    "adviser",
    "decision",
    "cleanup",
    "check",
    "evaluation",
    "assessment",
}


def _consultation_state(doc: Any) -> str:
    """Where an open consultation stands against its minimum period (no clock
    counts it: the minimum is the earliest day to close, not a deadline)."""
    if (
        doc.status != doc.Status.CONSULTATION
        or doc.consultation_min_end is None
        or doc.consultation_end is not None
    ):
        return ""
    if timezone.localdate() < doc.consultation_min_end:
        return _g("征求意见未满最短期限，%(date)s起方可结束。") % {
            "date": format(doc.consultation_min_end, "%Y-%m-%d")
        }
    return _g("征求意见已满最短期限，可以结束征求意见。")


def extra_context(key: str, obj: Any, user: Any) -> dict[str, Any]:
    """Related records shown on a detail page (each a bounded, scoped query)."""
    if key == "plan":
        tasks = (
            WorkTask.objects.visible_to(user)
            .filter(plan=obj)
            .select_related("unit", "owner_person")
        )
        return {
            "tasks": tasks.order_by("due_date", "pk"),
            "task_create": reverse("governance:task_create") + f"?plan={obj.pk}",
            "docx_url": reverse("governance:plan_docx", args=[obj.pk]),
        }
    if key == "document":
        return {
            "gaps": wf.publication_gaps(obj),
            "consultation_state": _consultation_state(obj),
            "consultations": obj.consultations.visible_to(user).select_related("adviser"),
        }
    if key == "cleanup":
        return {"decisions": obj.decisions.select_related("document")}
    if key == "decision":
        return {
            "gaps": wf.package_gaps(obj),
            "consultations": obj.consultations.visible_to(user).select_related("adviser"),
            "zip_url": reverse("governance:decision_zip", args=[obj.pk]),
            "consult_create": reverse("governance:consultation_create")
            + f"?decision={obj.pk}&kind=decision_review",
        }
    if key == "adviser":
        return {"consultations": obj.consultations.visible_to(user).order_by("-requested_on")[:100]}
    if key == "request" and obj.status == DisclosureRequest.Status.REPLIED:
        return {"docx_url": reverse("governance:request_docx", args=[obj.pk])}
    if key in ("check", "evaluation"):
        param = "check_record" if key == "check" else "evaluation"
        return {
            "rectifications": obj.rectifications.visible_to(user).select_related("owner_user"),
            "rect_create": reverse("governance:rectification_create") + f"?{param}={obj.pk}",
        }
    if key == "assessment":
        return assessment_matrix(obj)
    return {}


def assessment_matrix(obj: Assessment) -> dict[str, Any]:
    items = list(obj.items.all())
    scores = list(obj.scores.select_related("target"))
    targets = sorted({s.target for s in scores}, key=lambda u: u.path)
    cell = {(s.item_id, s.target_id): s for s in scores}
    rows: list[dict[str, Any]] = []
    for t in targets:
        values = [cell.get((i.pk, t.pk)) for i in items]
        total = sum((v.score for v in values if v), Decimal(0))
        rows.append({"target": t, "values": values, "total": total})
    rows.sort(key=lambda r: -r["total"])
    return {"items": items, "matrix": rows, "computable": {i.pk for i in items if wf.computable(i)}}


class KindCreate(RecordCreateView):
    kind: Kind

    def get_form_class(self) -> Any:
        return self.kind.form

    def get_initial(self) -> dict[str, Any]:
        initial: dict[str, Any] = dict(self.request.GET.items())
        home = getattr(self.request.user, "home_unit", None)
        if home is not None:
            initial.setdefault("unit", home.pk)
        return initial

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        self.title = _g("新增") + str(self.kind.title)
        return super().get_context_data(**kwargs)

    def persist(self, instance: Any, form: Any) -> Any:
        obj = (self.kind.create or _create)(instance, self.request.user)
        form.save_m2m()
        return obj


class KindUpdate(KindMixin, RecordUpdateView):  # type: ignore[misc]
    kind: Kind

    def get_form_class(self) -> Any:
        return self.kind.edit_form

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        self.title = _g("编辑") + str(self.kind.title)
        return super().get_context_data(**kwargs)


def kind_views(key: str) -> dict[str, Any]:
    kind = KINDS[key]
    attrs = {"kind": kind, "model": kind.model}
    classes: dict[str, Any] = {
        "list": type(f"{key}List", (KindList,), attrs),
        "detail": type(f"{key}Detail", (KindDetail,), attrs),
    }
    if kind.form is not None:
        classes["create"] = type(f"{key}Create", (KindCreate,), attrs)
    if kind.edit_form is not None:
        classes["edit"] = type(f"{key}Update", (KindUpdate,), attrs)
    return {name: cls.as_view() for name, cls in classes.items()}


# ---------------------------------------------------------------------------
# Workflow steps (POST from the detail page)
# ---------------------------------------------------------------------------


@login_required
def action(request: HttpRequest, kind: str, pk: int, name: str) -> HttpResponse:
    """A step posted from a detail page. A refusal comes back as messages on
    the record's page ("step — field: message")."""
    if kind not in act.MODELS:
        raise Http404
    return run_action(
        request,
        act.MODELS[kind],
        pk,
        name,
        act.ACTIONS.get(kind, {}),
        KindDetail,
        extra=with_files,
        refused=flash_and_redirect,
    )
