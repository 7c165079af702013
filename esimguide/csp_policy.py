"""Content-Security-Policy headers: django-csp's policies, built once instead of on every response.

Upstream behaviour: django-csp 4.0's ``CSPMiddleware.process_response`` builds both policies (the policy and the
report-only one) from settings on every response: ``dataclasses.asdict`` of the policy's parts (a deep copy of the
directives) and ``build_policy``, twice. It was the largest single cost of a trivial request: 22 % of /healthz/
under cProfile. What the reuse saves per response is measured by bench/workarounds.py (bench/README.md,
"Work-arounds"); figures live there.

This site's policies never change while it runs: no view sets a nonce or a per-view policy (``csp_update``,
``csp_replace``, ``csp_exempt``). So each of the two policies (the public one, and the admin's, which allows style
attributes) is built once, by django-csp itself, and reused. A response that does carry a per-view policy, or a
request that asked for a nonce, goes through django-csp as before. tests/test_workarounds.py fails when
django-csp stops building per response, and checks that the headers are django-csp's own.
"""

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.http import HttpResponse

PER_VIEW = ("_csp_exempt", "_csp_exempt_ro", "_csp_update", "_csp_update_ro", "_csp_replace", "_csp_replace_ro",
            "_csp_config", "_csp_config_ro")  # fmt: skip


class SiteCSPMiddleware(CSPMiddleware):
    """The strict public policy everywhere, except the admin's, which allows style attributes (never scripts)."""

    def __init__(self, get_response):
        super().__init__(get_response)
        self.headers = {}  # is the admin -> (policy header, report-only header), made on first use

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and request.path.startswith(f"/{settings.ADMIN_URL}"):
            return PolicyParts(dict(settings.ADMIN_CONTENT_SECURITY_POLICY), parts.update, None, parts.nonce)
        return parts

    def process_response(self, request, response):
        if getattr(request, "_csp_nonce", None) is not None or any(hasattr(response, name) for name in PER_VIEW):
            return super().process_response(request, response)
        admin = request.path.startswith(f"/{settings.ADMIN_URL}")
        if admin not in self.headers:
            # django-csp builds the header, once: onto a scratch copy of this response's headers.
            scratch = super().process_response(request, HttpResponse())
            self.headers[admin] = (scratch.get(HEADER), scratch.get(HEADER_REPORT_ONLY))
        policy, report_only = self.headers[admin]
        if policy and HEADER not in response:
            response[HEADER] = policy
        if report_only and "Content-Security-Policy-Report-Only" not in response:
            response["Content-Security-Policy-Report-Only"] = report_only
        request.csp_nonce = None  # the header is written: a nonce asked for now could not be in it
        return response
