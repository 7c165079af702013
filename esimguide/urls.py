from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path

from . import views
from .sitemaps import SITEMAPS

urlpatterns = [
    path(settings.ADMIN_URL, admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("healthz/", views.healthz, name="healthz"),
    path("readyz/", views.readyz, name="readyz"),
    # Browsers ask for /favicon.ico on pages without an icon link (the admin); answer instead of a 404.
    path("favicon.ico", views.favicon, name="favicon"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("sitemap.xml", sitemap_views.index, {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap_section"}),
    path("sitemap-<section>.xml", sitemap_views.sitemap, {"sitemaps": SITEMAPS}, name="sitemap_section"),
]
if settings.SERVE_MEDIA:  # the embedded default; several servers serve media from S3 (README "Media files")
    urlpatterns.append(path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", views.media, name="media"))

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("articles/", include("articles.urls")),
    path("search/", include("search.urls")),
    path("feeds/", include("feeds.urls")),
    path("report/", include("reports.urls")),
    path("devices/", include("devices.urls")),
    path("check/", include("trips.urls")),
    path("", include("carriers.urls")),
    prefix_default_language=True,
)

# A failing database is an outage, not a bug: handler500 answers 503 with Retry-After for it.
handler500 = "esimguide.views.server_error"
# A role refused (admin or public): a page that says so in the user's language, not a bare 403.
handler403 = "esimguide.views.permission_denied"
# An address Django will not read (too many parameters): a page in the reader's language, not a bare "Bad Request".
handler400 = "esimguide.views.bad_request"
