"""Carries the request's client address to the audit trail without threading
`request` through every workflow function; picks the page language."""

from collections.abc import Callable
from contextvars import ContextVar

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.translation import get_supported_language_variant

current_ip: ContextVar[str | None] = ContextVar("current_ip", default=None)


def client_ip(request: HttpRequest) -> str | None:
    """The client's address for the lockout and the audit trail. Behind the
    FAZHI_PROXY_HOPS reverse proxies of docs/deploy.md, each appending the
    address it saw to X-Forwarded-For (`proxy_add_x_forwarded_for`), that is
    the hop the outermost proxy added, counted from the right: the hops left of
    it are whatever the client sent, so taking the first would let anyone pick
    the address locked and recorded. With no proxy (0) the header is ignored."""
    hops = int(getattr(settings, "FAZHI_PROXY_HOPS", 1))
    forwarded = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [h for h in forwarded if h]
    if hops > 0 and len(forwarded) >= hops:
        return forwarded[-hops]
    return request.META.get("REMOTE_ADDR") or None


class RequestContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = current_ip.set(client_ip(request))
        try:
            return self.get_response(request)
        finally:
            current_ip.reset(token)


class ChosenLanguageMiddleware(LocaleMiddleware):
    """Chinese unless the user chose another language with the switch.

    Django's LocaleMiddleware also follows the browser's Accept-Language, so a
    clerk whose computer came with an English system would meet an English
    platform they never asked for. Here only the language cookie set by
    /i18n/setlang/ counts; without it every page is in LANGUAGE_CODE.
    """

    def process_request(self, request: HttpRequest) -> None:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        try:
            language = get_supported_language_variant(chosen) if chosen else settings.LANGUAGE_CODE
        except LookupError:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
