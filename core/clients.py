"""Who is asking: the client's address, trusting a proxy's header only when told to."""

from django.conf import settings


def client_ip(request):
    """The address login lockout and rate limits count by. X-Forwarded-For is honoured only with
    TRUST_PROXY_HEADERS, and then only its last entry (the one our own proxy appended), which a client cannot
    forge."""
    if settings.TRUST_PROXY_HEADERS:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if forwarded:
            return forwarded[-1]
    return request.META.get("REMOTE_ADDR", "")
