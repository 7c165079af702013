"""Site-wide response headers and the request id.

Content-Security-Policy comes from django-csp; this module only chooses the admin's policy and adds the headers
Django has no setting for (Cross-Origin-Resource-Policy, Permissions-Policy).
"""

import re
import uuid

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings

from .logging import request_id_var

REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


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


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Cross-Origin-Resource-Policy", settings.CROSS_ORIGIN_RESOURCE_POLICY)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class SiteCSPMiddleware(CSPMiddleware):
    """The strict public policy everywhere, except the admin's, which allows style attributes (never scripts)."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and request.path.startswith(f"/{settings.ADMIN_URL}"):
            return PolicyParts(dict(settings.ADMIN_CONTENT_SECURITY_POLICY), parts.update, None, parts.nonce)
        return parts
