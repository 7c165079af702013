"""Who is asking: the client address for login lockout, trusting a proxy's header only when told to."""

from django.conf import settings
from django.contrib import admin
from django.shortcuts import render
from django.utils.translation import gettext as _


def client_ip(request):
    """The address django-axes counts failures for. X-Forwarded-For is honoured only with TRUST_PROXY_HEADERS,
    and then only its last entry (the one our own proxy appended), which a client cannot forge."""
    if settings.TRUST_PROXY_HEADERS:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if forwarded:
            return forwarded[-1]
    return request.META.get("REMOTE_ADDR", "")


def lockout_response(request, original_response=None, credentials=None):
    """django-axes' answer to a locked-out sign-in: a page in the user's language saying how long to wait."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    context = {
        "cooloff_minutes": minutes,
        "title": _("Too many failed sign-ins"),
        "site_header": admin.site.site_header,
    }
    response = render(request, "registration/locked_out.html", context, status=429)
    response["Retry-After"] = str(minutes * 60)
    return response
