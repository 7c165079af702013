"""Site-wide response headers, the request id, and redirects for addresses that moved.

Content-Security-Policy comes from django-csp (esimguide/csp_policy.py chooses the admin's policy and builds each
once); this module adds the headers Django has no setting for (Cross-Origin-Resource-Policy, Permissions-Policy).
"""

import re
import uuid

from django.conf import settings
from django.db import DatabaseError
from django.http import HttpResponsePermanentRedirect
from django.utils import translation

from editorial.models import Redirect

from .logging import request_id_var
from .views import healthz

REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class MovedAddressMiddleware:
    """A page that is not found, at an address that moved (``editorial.Redirect``), answers 301 to the new address
    in the same language, query string kept. One query, for 404s only; with the database down, the 404 stands."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 404 or request.method not in ("GET", "HEAD"):
            return response
        language = translation.get_language_from_path(request.path_info)
        if not language:
            return response
        prefix = f"/{language}"
        try:
            target = (
                Redirect.objects.filter(old_path=request.path_info[len(prefix) :])
                .values_list("new_path", flat=True)
                .first()
            )
        except DatabaseError:
            return response
        if target is None:
            return response
        query = request.META.get("QUERY_STRING", "")
        return HttpResponsePermanentRedirect(prefix + target + (f"?{query}" if query else ""))


class RequestIdMiddleware:
    """Gives each request an id (the proxy's X-Request-ID when it is well formed) for logs and the response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request.id = incoming if REQUEST_ID.match(incoming) else uuid.uuid4().hex
        token = request_id_var.set(request.id)
        try:
            response = self.get_response(request)
        finally:
            request_id_var.reset(token)
        response["X-Request-ID"] = request.id
        return response


class HealthProbeMiddleware:
    """Answers the liveness probe (``HEALTH_PROBE_PATH``) before sessions, locale, CSRF and the rest: it says the
    process answers, nothing more (``/readyz/`` checks the database and the cache), so it passes only the
    middleware above it, which gives every response its request id and security headers."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.path = settings.HEALTH_PROBE_PATH

    def __call__(self, request):
        if request.path_info == self.path and request.method in ("GET", "HEAD"):
            return healthz(request)
        return self.get_response(request)


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Cross-Origin-Resource-Policy", settings.CROSS_ORIGIN_RESOURCE_POLICY)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
