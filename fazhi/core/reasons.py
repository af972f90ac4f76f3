"""The reason a user gives before personal data is shown or leaves the system
(PIPL 第六条 purpose limitation; GB/T 22239-2019 8.1.4.3 the audit record says
why, not only who): revealing an ID number, phone or address in full, an Excel
export that holds them unmasked, and opening an accusation matter
(检举控告类信访, 《信访工作条例》第三十条 keeps it from the accused).

The reason is a choice (`CHOICES`) with free text, or the free text alone on
the API (`reason`); at least `MIN_LENGTH` characters. It is written into the
audit event (`changes["理由"]`, the fields in `changes["字段"]`, and the note).

A detail page that needs a reason (`ReasonRequiredMixin`) asks once and keeps
the reason in the session for `FAZHI_REASON_GRANT_MINUTES` (30): each read
within that time is audited with it, and the next one after asks again."""

from __future__ import annotations

import time
from typing import Any

from django import forms
from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from .errors import RuleViolation
from .i18n import stored

MIN_LENGTH = 2
FIELD = "reason"
SESSION_KEY = "fazhi_reason_grants"

CHOICES = [
    ("handling", _("办理需要")),
    ("verify", _("核实身份")),
    ("contact", _("联系当事人")),
    ("supervision", _("上级督办")),
    ("other", _("其他")),
]


def refusal() -> RuleViolation:
    return RuleViolation(
        _g("请填写查看理由（至少%(n)d个字），理由将记入审计日志。") % {"n": MIN_LENGTH},
        field=FIELD,
    )


def require(value: Any) -> str:
    """The reason as given (stripped), refused when missing or too short."""
    text = " ".join(str(value or "").split())
    if len(text) < MIN_LENGTH:
        raise refusal()
    return text[:300]


class ReasonForm(forms.Form):
    """The reason dialog: a choice plus free text; “其他” needs the text."""

    reason_choice = forms.ChoiceField(
        label=_("查看理由"), choices=[("", "---------"), *CHOICES], required=True
    )
    reason_detail = forms.CharField(
        label=_("具体说明"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason_choice"].widget.attrs["class"] = "form-select"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        choice = data.get("reason_choice")
        detail = " ".join((data.get("reason_detail") or "").split())
        if choice == "other" and len(detail) < MIN_LENGTH:
            self.add_error(
                "reason_detail",
                _g("选择“其他”时请写明理由（至少%(n)d个字）。") % {"n": MIN_LENGTH},
            )
        elif detail and len(detail) < MIN_LENGTH:
            self.add_error("reason_detail", _g("说明至少%(n)d个字。") % {"n": MIN_LENGTH})
        return data

    @property
    def reason(self) -> str:
        labels = {k: str(v) for k, v in CHOICES}
        choice = labels.get(self.cleaned_data["reason_choice"], "")
        detail = " ".join((self.cleaned_data.get("reason_detail") or "").split())
        if self.cleaned_data["reason_choice"] == "other":
            return require(detail)
        return require(f"{choice}：{detail}" if detail else choice)


def from_request(request: HttpRequest) -> str | None:
    """The reason a form or API call carries: the dialog's fields, or `reason`
    (POST or query string). None if none was sent; refused if invalid."""
    data = request.POST if request.method == "POST" else request.GET
    if "reason_choice" in data:
        form = ReasonForm(data)
        if not form.is_valid():
            raise refusal()
        return form.reason
    if FIELD in data:
        return require(data.get(FIELD))
    return None


def page(
    request: HttpRequest,
    *,
    title: str,
    what: str,
    form: ReasonForm | None = None,
    action: str = "",
    status: int = 200,
    error: str = "",
) -> HttpResponse:
    """The reason form as a page of its own: it posts back to `action` (the
    same URL with its query string by default)."""
    return render(
        request,
        "core/reason.html",
        {
            "title": title,
            "what": what,
            "form": form or ReasonForm(),
            "action": action or request.get_full_path(),
            "error": error,
        },
        status=status,
    )


def ask(request: HttpRequest, *, title: str, what: str) -> str | HttpResponse:
    """The reason this request carries, or the page asking for it: the form
    when none was sent, the form again with the refusal (400) when it was too
    short. A caller that gets a response returns it; a reason, it writes into
    the audit event of what it then does."""
    try:
        reason = from_request(request)
    except RuleViolation as exc:
        form = ReasonForm(request.POST or None)
        form.is_valid()
        return page(
            request,
            title=title,
            what=what,
            form=form,
            status=400,
            error="" if form.is_bound else exc.messages[0],
        )
    if reason is None:
        return page(request, title=title, what=what)
    return reason


def audit_read(obj: Any, *, by: Any, reason: str) -> None:
    """One read of a record shown only with a reason: audited as 查阅 with it."""
    from . import audit
    from .models import AuditEvent

    audit.record(
        obj,
        by=by,
        action=AuditEvent.Action.VIEW,
        changes={gettext_noop("理由"): reason},
        # Kept in Chinese whoever reads (core.i18n.stored).
        note=stored(
            gettext_noop("查阅%(what)s；理由：%(reason)s"), what=_record_title(obj), reason=reason
        ),
    )


# --- a reason kept for a while on a detail page -------------------------------


def _key(obj: Any) -> str:
    return f"{obj._meta.label_lower}:{obj.pk}"


def grant(request: HttpRequest, obj: Any, reason: str) -> None:
    minutes = getattr(settings, "FAZHI_REASON_GRANT_MINUTES", 30)
    grants = dict(request.session.get(SESSION_KEY, {}))
    now = time.time()
    grants = {k: v for k, v in grants.items() if v.get("until", 0) > now}
    grants[_key(obj)] = {"reason": reason, "until": now + minutes * 60}
    request.session[SESSION_KEY] = grants


def granted(request: HttpRequest, obj: Any) -> str | None:
    entry = request.session.get(SESSION_KEY, {}).get(_key(obj))
    if not entry or entry.get("until", 0) <= time.time():
        return None
    return str(entry["reason"])


class ReasonRequiredMixin:
    """A detail page some records of which are shown only with a reason
    (`reason_required(obj)`): without one in the session, the reason form
    instead of the page; the form posts here; every read is audited with the
    reason (action 查阅). A subclass of a DetailView."""

    reason_what = _("查阅本记录")
    request: HttpRequest
    _record: Any = None

    def reason_required(self, obj: Any) -> bool:
        return False

    def get_object(self, queryset: Any = None) -> Any:
        """The record, read once a request: the reason's check and the page
        share it (a petition's page read the matter, its petitioners, appeals
        and stage changes twice, each read planning a join of ten tables)."""
        if queryset is None and self._record is not None:
            return self._record
        obj = super().get_object(queryset)  # type: ignore[misc]
        if queryset is None:
            self._record = obj
        return obj

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        obj = self.get_object()
        if self.reason_required(obj):
            reason = granted(request, obj)
            if reason is None:
                return page(request, title=_record_title(obj), what=str(self.reason_what))
            if request.method == "GET":
                audit_read(obj, by=request.user, reason=reason)
        return super().get(request, *args, **kwargs)  # type: ignore[misc, no-any-return]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if "reason_choice" not in request.POST:
            return super().post(request, *args, **kwargs)  # type: ignore[misc, no-any-return]
        obj = self.get_object()
        form = ReasonForm(request.POST)
        if not form.is_valid():
            return page(
                request, title=_record_title(obj), what=str(self.reason_what), form=form, status=400
            )
        grant(request, obj, form.reason)
        return HttpResponseRedirect(request.path)


def _record_title(obj: Any) -> str:
    """The record's number only: its title is part of what the reason unlocks."""
    return str(getattr(obj, "number", "") or obj._meta.verbose_name)
