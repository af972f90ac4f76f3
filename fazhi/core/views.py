from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from . import audit, calendar_entry, dashboard, links, pii, reasons, views_calendar
from . import clocks as clock_service
from .auditchain import latest as latest_chain_check
from .errors import RuleViolation
from .filters import PersonFilter
from .forms import DepartureForm, PersonForm
from .i18n import stored
from .listing import RecordCreateView, RecordUpdateView, ScopedDetailView, ScopedListView
from .models import Attachment, AuditEvent, Clock, LeadershipGroup, Person, Reminder, User
from .reasons import ReasonForm
from .roles import Role
from .scope import get_visible_or_404, units_visible_to
from .tables import PersonTable
from .workflow import link_records, mark_reminders_read, record_departure


def _signed_in(request: HttpRequest) -> User:
    """The user of a view behind login_required."""
    assert isinstance(request.user, User)
    return request.user


HOME_CLOCKS = 10  # the clocks each of the home page's two lists shows


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The user's dashboard: the clocks of their work by state (their scope's,
    or an enforcement officer's own: core.clocks.in_work_of, said in words by
    `whose`), each module's panel (core.dashboard), and the inbox."""
    today = clock_service._today()
    clocks = clock_service.in_work_of(request.user).filter(status=Clock.Status.RUNNING)
    summary = clocks.aggregate(
        running=Count("pk"),
        # Matters, not clocks: the leaders' dashboard counts the same.
        overdue=clock_service.count_matters(Q(due_date__lt=today)),
        overdue_clocks=Count("pk", filter=Q(due_date__lt=today)),
        upcoming_clocks=Count("pk", filter=Q(due_date__gte=today)),
    )
    # The latest to run out first: a deadline missed over the New Year is not
    # hidden below matters overdue for years (walking the demo on 2 January).
    overdue = (
        clocks.filter(due_date__lt=today)
        .select_related("unit")
        .order_by("-due_date", "-pk")[:HOME_CLOCKS]
    )
    upcoming = (
        clocks.filter(due_date__gte=today).select_related("unit").order_by("due_date")[:HOME_CLOCKS]
    )
    return render(
        request,
        "core/home.html",
        {
            "summary": summary,
            "overdue": overdue,
            "upcoming": upcoming,
            # The clocks past the lists' end, said in words (no silent cut).
            "overdue_more": max(summary["overdue_clocks"] - HOME_CLOCKS, 0),
            "upcoming_more": max(summary["upcoming_clocks"] - HOME_CLOCKS, 0),
            "reminders": Reminder.objects.unread().filter(user=_signed_in(request))[:10],
            "unit": getattr(request.user, "home_unit", None),
            "whose": dashboard.whose(request.user),
            "panels": dashboard.panels_for(request.user, today),
            # This year's State Council notice not entered, or from 1 November next year's.
            "calendar_missing_year": (
                calendar_entry.notice_missing(today)
                if views_calendar.can_enter_calendar(request.user)
                else None
            ),
        },
    )


class PersonList(ScopedListView):
    model = Person
    table_class = PersonTable
    filterset_class = PersonFilter
    title = _("人员")
    export_name = _("人员名册")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        if getattr(self.request.user, "can_write", False):
            from django.urls import reverse

            ctx["create_url"] = reverse("core:person_create")
        return ctx

    def optimize(self, qs: Any) -> Any:
        return qs.select_related("unit")


class PersonDetail(ScopedDetailView):
    model = Person
    template_name = "core/person_detail.html"
    fields = ["name", "gender", "ethnicity", "unit", "title", "is_cadre", "departed_on", "note"]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        if ctx.get("can_write") and "depart_form" not in ctx:
            ctx["depart_form"] = DepartureForm(initial={"departed_on": self.object.departed_on})
        # Masked for every role, "显示" for a PII role (core.templatetags.pii_tags).
        ctx["pii_fields"] = [
            (name, _(pii.LABELS[name])) for name in ("id_number", "phone", "address")
        ]
        return ctx


@login_required
@require_POST
def person_depart(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a person's 离职日期 (core.workflow.record_departure): in scope
    or 404; a refusal shows the page again with the field's message, 400."""
    person = get_visible_or_404(Person, request.user, pk=pk)
    form = DepartureForm(request.POST)
    if form.is_valid():
        try:
            record_departure(person, on=form.cleaned_data["departed_on"], by=request.user)
        except RuleViolation as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _g("已保存离职日期。"))
            return redirect(person)
    detail = PersonDetail()
    detail.setup(request, pk=pk)
    detail.object = person
    context = detail.get_context_data(object=person, depart_form=form)
    if not context.get("can_write"):  # a read-only role's refusal, said on the page
        context["depart_form"] = form
    return render(request, detail.template_name, context, status=400)


class PersonCreate(RecordCreateView):
    model = Person
    form_class = PersonForm
    title = _("新增人员")


class PersonUpdate(RecordUpdateView):
    model = Person
    form_class = PersonForm
    title = _("编辑人员")


@login_required
@require_POST
def reveal(request: HttpRequest, ct: int, pk: int, field: str) -> HttpResponse:
    """Show one personal field in full: in scope, allowed role, audited."""
    if field not in pii.MASKERS:
        raise Http404
    content_type = get_object_or_404(ContentType, pk=ct)
    model = content_type.model_class()
    if model is None or not hasattr(getattr(model, "objects", None), "visible_to"):
        raise Http404
    obj = get_visible_or_404(model, request.user, pk=pk)
    if not getattr(request.user, "can_reveal_pii", False):
        raise PermissionDenied(pii.REFUSAL)
    # First the reason (core.reasons): the button's post has none, and the
    # answer is the reason form in the value's place; the form posts here again.
    form = ReasonForm(request.POST if "reason_choice" in request.POST else None)
    if not form.is_valid():
        return render(request, "core/_reveal_reason.html", {"form": form, "action": request.path})
    try:
        value = pii.reveal(obj, field, by=request.user, reason=form.reason)
    except PermissionError as exc:
        raise PermissionDenied(str(exc)) from None
    return HttpResponse(f'<span class="pii-revealed">{_escape(value)}</span>')


def _escape(value: str) -> str:
    from django.utils.html import escape

    return escape(value)


@login_required
def attachment_download(request: HttpRequest, pk: int) -> HttpResponse | FileResponse:
    att = get_visible_or_404(Attachment, request.user, pk=pk)
    owner = att.owner
    if owner is not None and hasattr(type(owner).objects, "visible_to"):
        # The attachment follows its record's scope (e.g. an accused unit excluded).
        get_visible_or_404(type(owner), request.user, pk=owner.pk)
    holds_pii = getattr(owner, "attachment_holds_pii", None)
    if owner is not None and holds_pii is not None and holds_pii(att):
        # A generated document naming a citizen in full (e.g. a penalty
        # decision filed on its case): like its own download, only with a
        # reason (core.reasons), in the export audit event.
        what = _g("导出含完整个人信息的“%(name)s”") % {"name": att.name}
        asked = reasons.ask(request, title=str(owner), what=what)
        if isinstance(asked, HttpResponse):
            return asked
        audit.record(
            owner,
            by=request.user,
            action="export",
            changes={gettext_noop("字段"): [att.name], gettext_noop("理由"): asked},
            note=stored(
                gettext_noop("下载附件 %(name)s；含完整个人信息，理由：%(reason)s"),
                name=att.name,
                reason=asked,
            ),
        )
    elif owner is not None:
        audit.record(
            owner,
            by=request.user,
            action="download",
            note=stored(gettext_noop("下载附件 %(name)s"), name=att.name),
        )
    # Always a download under the name the user gave (never shown inline), with
    # the type recognised at upload; the browser must not guess another, and
    # should the file be opened in a tab anyway it runs nothing.
    response = FileResponse(
        att.file.open("rb"),
        as_attachment=True,
        filename=att.name,
        content_type=att.mime or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@login_required
def units(request: HttpRequest) -> HttpResponse:
    rows = units_visible_to(request.user).annotate(n_users=Count("users"))
    return render(request, "core/units.html", {"units": rows, "title": _("组织机构")})


@login_required
def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    unit = get_object_or_404(units_visible_to(request.user), pk=pk)
    groups = (
        LeadershipGroup.objects.visible_to(request.user)
        .filter(unit=unit)
        .prefetch_related("memberships__person")
    )
    return render(
        request,
        "core/unit_detail.html",
        {
            "unit": unit,
            "children": unit.children.order_by("order", "name"),
            "groups": groups,
            "title": unit.name,
        },
    )


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    items = Reminder.objects.filter(user=_signed_in(request)).select_related("clock")[:200]
    return render(request, "core/inbox.html", {"items": items, "title": _("提醒")})


def _back(request: HttpRequest) -> str | None:
    """The page a POST came from, when it names one on this site (`next`)."""
    where = request.POST.get("next", "")
    if where and url_has_allowed_host_and_scheme(
        where, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return where
    return None


@login_required
@require_POST
def inbox_read(request: HttpRequest, pk: int) -> HttpResponse:
    """One reminder read: from the inbox's 查看, on to what it is about; from
    the home page's 标为已读 (`next`), back to that page. Only the user's own
    reminder: another's answers 404."""
    reminder = get_object_or_404(Reminder, pk=pk, user=request.user)
    mark_reminders_read(Reminder.objects.filter(pk=reminder.pk), by=_signed_in(request))
    back = _back(request)
    if back:
        return redirect(back)
    if reminder.url:
        return redirect(reminder.url)
    return redirect("core:inbox")


@login_required
@require_POST
def inbox_read_all(request: HttpRequest) -> HttpResponse:
    """全部标为已读: every unread reminder of the user's own, then back."""
    mark_reminders_read(Reminder.objects.all(), by=_signed_in(request))
    return redirect(_back(request) or "core:inbox")


SECURITY_ACTIONS = (
    AuditEvent.Action.LOGIN,
    AuditEvent.Action.LOGIN_FAILED,
    AuditEvent.Action.LOGOUT,
)


def _log_page(
    request: HttpRequest, events: Any, title: Any, actions: Any, **extra: Any
) -> HttpResponse:
    user = request.user
    if not user.is_superuser and getattr(user, "home_unit", None) is not None:
        events = events.filter(Q(unit__path__startswith=user.home_unit.path) | Q(unit__isnull=True))  # type: ignore[union-attr]
    action = request.GET.get("action")
    if action:
        events = events.filter(action=action)
    return render(
        request,
        "core/audit_log.html",
        {
            "events": pii.readable(audit.history_rows(events[:300])),
            "title": title,
            "actions": actions,
            **extra,
        },
    )


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    """The audit trail, for the audit administrator of the unit only (三员分立:
    the system and security administrators are audited, they do not read it)."""
    user = request.user
    if not (user.is_superuser or getattr(user, "role", "") == Role.AUDIT_ADMIN):
        raise PermissionDenied
    events = AuditEvent.objects.select_related("content_type")
    # The chain's state as the last walk (daily job or verify_audit) found it:
    # the page never walks the chain itself.
    return _log_page(
        request,
        events,
        _("审计日志"),
        AuditEvent.Action.choices,
        chain=latest_chain_check(),
        retention_months=settings.FAZHI_AUDIT_RETENTION_MONTHS,
    )


@login_required
def security_log(request: HttpRequest) -> HttpResponse:
    """What the security administrator watches: log-ins, failures, log-outs and
    every change to an account (role, unit, activation, privileges). No case
    content."""
    user = request.user
    if not (user.is_superuser or getattr(user, "role", "") == Role.SECURITY_ADMIN):
        raise PermissionDenied
    accounts = ContentType.objects.get_for_model(User)
    events = AuditEvent.objects.select_related("content_type").filter(
        Q(action__in=SECURITY_ACTIONS) | Q(content_type=accounts)
    )
    actions = [(v, label) for v, label in AuditEvent.Action.choices if v in SECURITY_ACTIONS]
    actions += [
        (AuditEvent.Action.CREATE, _("新建账号")),
        (AuditEvent.Action.UPDATE, _("账号变更")),
    ]
    return _log_page(request, events, _("账号安全日志"), actions)


@login_required
def history(request: HttpRequest, ct: int, pk: int) -> HttpResponse:
    content_type = get_object_or_404(ContentType, pk=ct)
    model = content_type.model_class()
    if model is None or not hasattr(getattr(model, "objects", None), "visible_to"):
        raise Http404
    obj = get_visible_or_404(model, request.user, pk=pk)
    return render(
        request,
        "core/_history.html",
        {"history": pii.readable(audit.history_rows(audit.history(obj)[:200]))},
    )


@login_required
@require_POST
def link_add(request: HttpRequest, ct: int, pk: int, kind: str) -> HttpResponse:
    """Link the record on this page to a record of another module, found by
    its number. The page's record answers 404 out of scope; the target is
    looked up in the user's scope only, so an outsider's record is "not found"."""
    spec = links.get_kind(kind)
    content_type = get_object_or_404(ContentType, pk=ct)
    model = content_type.model_class()
    if spec is None or model is None or links.model_label(model) not in (spec.a, spec.b):
        raise Http404
    record: Any = get_visible_or_404(model, request.user, pk=pk)
    other_label, other_name = spec.other(links.model_label(model))
    number = request.POST.get("number", "").strip()
    target = links.find(other_label, request.user, number)
    if target is None:
        messages.error(
            request,
            _("未找到编号为“%(number)s”的%(what)s，或该记录不在您的管辖范围内。")
            % {"number": number, "what": other_name},
        )
        return redirect(record)
    try:
        link_records(record, target, kind=kind, by=request.user, note=request.POST.get("note", ""))
    except RuleViolation as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request, _("已关联%(what)s %(number)s。") % {"what": other_name, "number": number}
        )
    return redirect(record)
