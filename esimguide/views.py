from django.http import HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.templatetags.static import static

from articles.models import Article
from carriers.models import Feature, Plan, Region


def home(request):
    context = {
        "regions": Region.objects.all(),
        "articles": Article.objects.published().latest()[:6],
        "features": Feature.objects.filterable(),
        "plan_count": Plan.objects.active().count(),
    }
    return render(request, "home.html", context)


def healthz(request):
    """Liveness probe for load balancers; also the benchmark's trivial reference view."""
    return HttpResponse("ok", content_type="text/plain")


def favicon(request):
    """Browsers ask for /favicon.ico on pages without an icon link (the admin); point them at ours."""
    return HttpResponsePermanentRedirect(static("favicon.svg"))
