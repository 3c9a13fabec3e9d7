"""Operational middleware: the health check, the structured request log, security headers."""

import logging
import time

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.db import connection
from django.http import HttpResponse
from django.http.request import split_domain_port

request_logger = logging.getLogger("sgddt.request")

HEALTH_PATHS = {"/healthz", "/healthz/"}


class HealthCheckMiddleware:
    """Answer `/healthz` with 200 "ok" when the database answers, 503 otherwise.

    It runs first so that load balancers probing by IP address are not refused
    by ALLOWED_HOSTS or redirected to HTTPS.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path not in HEALTH_PATHS:
            return self.get_response(request)
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
                cursor.fetchone()
        except Exception:  # any database failure means "not healthy"
            request_logger.exception("health check failed")
            response = HttpResponse("database unavailable\n", status=503, content_type="text/plain")
        else:
            response = HttpResponse("ok", content_type="text/plain")
        response["Cache-Control"] = "no-store"
        return response


class HostOnceMiddleware:
    """Validate the Host header once per request and remember it.

    ALLOWED_HOSTS holds every unit's hostname (sgddt.hosts.UnitHostnames, ~660 names); Django
    validates the host on each `request.get_host()`, which a request calls several times.
    Refused hosts still get Django's 400 (DisallowedHost).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(settings.STATIC_URL):
            return self.get_response(request)  # static files (WhiteNoise) are served on any host, as before
        host = request._get_raw_host()
        domain, _port = split_domain_port(host)
        allows = getattr(settings.ALLOWED_HOSTS, "allows_exactly", None)
        if not (domain and allows and allows(domain)):
            host = request.get_host()  # Django's own validation: 400 for a host that is not allowed
        request.get_host = lambda: host
        return self.get_response(request)


class RequestLogMiddleware:
    """Log one JSON line per request: method, host, path, status, duration."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        duration_ms = round((time.perf_counter() - started) * 1000, 1)
        user = getattr(request, "user", None)
        request_logger.info(
            "request",
            extra={
                "method": request.method,
                "host": request._get_raw_host(),
                "path": request.path,
                "status": response.status_code,
                "duration_ms": duration_ms,
                "user_id": user.pk if user is not None and user.is_authenticated else None,
                "remote_addr": request.META.get("HTTP_X_REAL_IP") or request.META.get("REMOTE_ADDR"),
            },
        )
        return response


class SecurityHeadersMiddleware(CSPMiddleware):
    """django-csp's Content-Security-Policy (settings.CONTENT_SECURITY_POLICY), plus a Permissions-Policy.

    The public site allows no inline script at all. Wagtail's admin still writes
    small inline scripts (date pickers, choosers, inline panels) without a nonce,
    so under /admin/ the policy adds what settings.ADMIN_CSP_UPDATE lists; every
    other directive (frames, objects, forms, connections, base URI) stays strict.
    """

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and request.path_info.startswith("/admin/"):
            parts.update = {**(parts.update or {}), **settings.ADMIN_CSP_UPDATE}
        return parts

    def process_response(self, request, response):
        response = super().process_response(request, response)
        if settings.PERMISSIONS_POLICY:
            response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
