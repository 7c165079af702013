"""Login lockout (django-axes): who is asking, and the page a locked-out user sees."""

from django.conf import settings
from django.contrib import admin
from django.shortcuts import render
from django.utils.translation import gettext as _

from core.clients import client_ip  # noqa: F401 - AXES_CLIENT_IP_CALLABLE names it here


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
