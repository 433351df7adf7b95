import re
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _

# Everything is served from our own origin: no CDN, no third-party script.
POLICY = "; ".join(
    [
        "default-src 'self'",
        "img-src 'self' data:",
        "style-src 'self' 'unsafe-inline'",
        "script-src 'self'",
        "font-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", POLICY)
        response.headers.setdefault("Permissions-Policy", "camera=(self), geolocation=()")
        return response


# C0 control characters and DEL; in a query string, tab and line breaks are text.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_CONTROL_IN_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class HostileInputMiddleware:
    """Refuses, before any view or database lookup, what no page expects: a request
    larger than PREAU_MAX_REQUEST_BYTES (413), a control character in the path
    (404), a NUL or control character in a query parameter, a NUL in a form field,
    a header or a cookie (400). PostgreSQL refuses NUL in text: without this, a
    verification code or a search with %00 answered 500."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # Before LocaleMiddleware: the reader's language, not the last request's.
        with translation.override(translation.get_language_from_request(request)):
            refusal = self._refusal(request)
            if refusal is not None:
                return _refuse(request, *refusal)
        return self.get_response(request)

    def _refusal(self, request: HttpRequest) -> tuple[int, str] | None:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return 400, _("The request's length is not a number.")
        limit = settings.PREAU_MAX_REQUEST_BYTES
        if length > limit:
            return 413, _("The request is larger than %(n)s MB.") % {"n": limit // 1024 // 1024}
        if _CONTROL.search(request.path):
            return 404, _("The address holds a control character.")
        for key, values in request.GET.lists():
            if _CONTROL_IN_TEXT.search(key) or any(_CONTROL_IN_TEXT.search(v) for v in values):
                return 400, _("A parameter of the address holds a control character.")
        headers = [*request.COOKIES.items(), *((k, v) for k, v in request.META.items()
                                               if k.startswith("HTTP_"))]  # fmt: skip
        if any("\x00" in k or "\x00" in str(v) for k, v in headers):
            return 400, _("A header or cookie holds a NUL character.")
        if request.method == "POST" and request.content_type in FORM_TYPES:
            try:
                fields = list(request.POST.lists())
            except MultiPartParserError:
                return 400, _("The form data cannot be read.")
            if any("\x00" in k or any("\x00" in v for v in vs) for k, vs in fields):
                return 400, _("A form field holds a NUL character.")
        return None


FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _refuse(request: HttpRequest, status: int, message: str) -> HttpResponse:
    """JSON for the API and the LRS, a page otherwise."""
    if request.path.startswith(("/api/", "/xapi/")):
        response: HttpResponse = JsonResponse({"detail": message, "error": message}, status=status)
        if request.path.startswith("/xapi/"):
            response["X-Experience-API-Version"] = "1.0.3"
        return response
    template = "404.html" if status == 404 else "400.html"
    return render(request, template, {"message": message, "status": status}, status=status)
