from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache

from articles.models import Article
from carriers.models import Plan
from core.clients import client_ip
from core.ratelimit import allow

from .forms import ReportForm

KINDS = {
    "plan": lambda slug: get_object_or_404(Plan.objects.active().select_related("carrier__region"), slug=slug),
    "article": lambda slug: get_object_or_404(Article.objects.published(), slug=slug),
}


def _record(kind, slug):
    if kind not in KINDS:
        raise Http404
    return KINDS[kind](slug)


@never_cache
def report(request, kind, slug):
    """The form on a page of its own, so the plan and article pages carry no per-visitor token and stay cached."""
    record = _record(kind, slug)
    form = ReportForm(request.POST or None)
    if request.method == "POST":
        limit, window = settings.REPORTS_PER_CLIENT
        if not allow("report", client_ip(request), limit=limit, window=window):
            context = {"record": record, "kind": kind, "window_minutes": window // 60}
            response = render(request, "reports/limited.html", context, status=429)
            response["Retry-After"] = str(window)
            return response
        if form.is_valid():
            if not form.is_bot:
                form.instance.content_type = ContentType.objects.get_for_model(record)
                form.instance.object_id = record.pk
                form.instance.language = get_language()
                form.save()
            return redirect(reverse("reports:sent", kwargs={"kind": kind, "slug": slug}))
    status = 400 if form.is_bound else 200
    return render(request, "reports/report_form.html", {"form": form, "record": record, "kind": kind}, status=status)


def sent(request, kind, slug):
    return render(request, "reports/sent.html", {"record": _record(kind, slug), "kind": kind})


def csrf_failure(request, reason=""):
    """A refused form (expired page, cookies blocked) explained in the reader's language, not Django's 403 page."""
    return render(request, "reports/csrf_failure.html", status=403)
