"""Capture without a signal (issue 18): the service worker, what it caches,
the queue page and the endpoint queued entries are sent to (core.offline)."""

from __future__ import annotations

import hashlib
import re
import uuid
from functools import cache
from pathlib import Path
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from . import offline
from .errors import RuleViolation

SW_SOURCE = Path(__file__).resolve().parent.parent / "static" / "js" / "sw.js"

# The shell every cached page needs (base.html's styles and scripts).
SHELL_ASSETS = (
    "vendor/bootstrap.min.css",
    "vendor/bootstrap-icons/bootstrap-icons.min.css",
    "vendor/bootstrap-icons/fonts/bootstrap-icons.woff2",
    "css/fazhi.css",
    "img/favicon.svg",
    "vendor/bootstrap.bundle.min.js",
    "vendor/htmx.min.js",
    "js/fazhi.js",
    "js/session.js",
    "js/offline.js",
)


@cache
def _sw_source() -> tuple[bytes, str]:
    body = SW_SOURCE.read_bytes()
    return body, hashlib.sha256(body).hexdigest()[:16]


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    """/sw.js, served from the site root so the worker may control every page
    (a script under /static/ would only control /static/). Never cached by the
    browser's HTTP cache (no-cache: revalidated with its ETag), so a new
    version reaches the phones on their next visit; not a whitenoise file, so
    no far-future expiry and no hashed name."""
    body, digest = _sw_source()
    etag = f'"{digest}"'
    if request.headers.get("If-None-Match") == etag:
        response = HttpResponse(status=304)
    else:
        response = HttpResponse(body, content_type="application/javascript; charset=utf-8")
    response["ETag"] = etag
    response["Cache-Control"] = "no-cache"
    response["Service-Worker-Allowed"] = "/"
    return response


def _edit_pattern(url_name: str) -> str:
    """The edit page's path as a regular expression (any record id)."""
    sample = reverse(url_name, args=[987654321])
    return "^" + re.escape(sample).replace("987654321", r"\d+") + "$"


@login_required
@require_GET
def manifest(request: HttpRequest) -> JsonResponse:
    """What the service worker caches for this user: the shell's assets (their
    hashed names under the manifest storage), the queue page and the forms
    that work offline (only for an account that may write), and the patterns
    of the edit pages it keeps once visited."""
    can_write = getattr(request.user, "can_write", False)
    kinds = offline.kinds().values() if can_write else ()
    pages = [reverse("core:offline_queue")] + [reverse(k.create_page) for k in kinds]
    patterns = [_edit_pattern(k.edit_page) for k in kinds if k.edit_page]
    assets = [static(a) for a in SHELL_ASSETS]
    version = hashlib.sha256("|".join(pages + patterns + assets).encode()).hexdigest()[:12]
    response = JsonResponse(
        {"version": version, "pages": pages, "patterns": patterns, "assets": assets}
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    """待上传: the entries this phone holds, rendered by static/js/offline.js
    from IndexedDB (nothing of them is on the server yet). Its buttons open
    the forms that work offline, for an account that may write (as the
    manifest's pages): a read-only account's would answer 403."""
    can_write = getattr(request.user, "can_write", False)
    kinds = [
        {"kind": k.name, "label": k.label, "url": reverse(k.create_page)}
        for k in (offline.kinds().values() if can_write else ())
    ]
    return render(
        request,
        "core/offline_queue.html",
        {"title": _("待上传的离线录入"), "kinds": kinds},
    )


def _answer(received: offline.Received) -> JsonResponse:
    sub = received.submission
    return JsonResponse(
        {
            "status": "created",
            "repeated": received.repeated,
            "client_id": str(sub.client_id),
            "url": sub.url,
            "record": sub.object_id,
        },
        status=200 if received.repeated else 201,
    )


def _refusal(exc: ValidationError, status: int = 400) -> JsonResponse:
    errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return JsonResponse(
        {"status": "refused", "message": "；".join(exc.messages), "errors": errors},
        status=status,
    )


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


@require_POST
def sync(request: HttpRequest) -> JsonResponse:
    """One queued entry (multipart: the form's fields and photos, plus
    offline_kind, offline_client_id and, for an edit, offline_record and
    offline_version). CSRF as every POST (X-CSRFToken from the cookie).

    201 created / 200 the same entry again (the first result) / 400 refused,
    with the message to show beside the entry / 404 a record outside the
    user's scope / 409 the record changed meanwhile, with the server's version
    / 401 the session ended: the phone keeps the entry and asks for a log-in."""
    if not request.user.is_authenticated:
        return JsonResponse(
            {"status": "login", "login_url": reverse("login"), "message": _g("请重新登录。")},
            status=401,
        )
    try:
        client_id = uuid.UUID(request.POST.get("offline_client_id", ""))
    except ValueError:
        return _refusal(RuleViolation(_g("缺少本机编号。"), field="offline_client_id"))
    entry = offline.Entry(
        kind=request.POST.get("offline_kind", ""),
        client_id=client_id,
        user=request.user,
        data=request.POST,
        files=request.FILES,
        record=_int(request.POST.get("offline_record")),
        version=_int(request.POST.get("offline_version")),
    )
    try:
        received = offline.receive(entry)
    except offline.OfflineConflict as exc:
        return JsonResponse(
            {
                "status": "conflict",
                "message": "；".join(exc.messages),
                "theirs": exc.theirs,
                "version": exc.version,
            },
            status=409,
        )
    except offline.OutOfScope as exc:
        return _refusal(exc, status=404)
    except ValidationError as exc:
        return _refusal(exc)
    return _answer(received)


def form_attrs(view_name: str, kwargs: dict[str, Any]) -> dict[str, str]:
    """The data-* a form page's <form> carries when it works offline."""
    found = offline.kind_for_page(view_name)
    if found is None:
        return {}
    kind, editing = found
    attrs = {"data-offline-kind": kind.name, "data-offline-label": kind.label}
    if editing and "pk" in kwargs:
        attrs["data-offline-record"] = str(kwargs["pk"])
    return attrs
