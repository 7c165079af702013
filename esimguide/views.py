import logging
import sys

from django.conf import settings
from django.contrib import admin
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, InterfaceError, OperationalError, connections
from django.http import HttpResponse, HttpResponsePermanentRedirect, JsonResponse, QueryDict
from django.shortcuts import render
from django.template import loader
from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.utils import translation
from django.utils.formats import number_format
from django.utils.translation import get_language, gettext
from django.views.static import serve as static_serve

from articles.models import Article
from carriers.models import Feature, Plan, Region
from core.querystrings import known_parameters

logger = logging.getLogger(__name__)
DATABASE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30


@known_parameters()
def home(request):
    context = {
        "regions": Region.objects.all(),
        "articles": Article.objects.published().latest()[:6],
        "features": Feature.objects.filterable(),
        "plan_count": Plan.objects.active().count(),
    }
    return render(request, "home.html", context)


def healthz(request):
    """Liveness: the process answers. Touches nothing else; also the benchmark's trivial reference view."""
    return JsonResponse({"status": "ok"})


def _database_ready():
    # A fresh connection, not the request's persistent one: a stale pooled socket must not pass for health.
    connection = connections.create_connection(DEFAULT_DB_ALIAS)
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    finally:
        connection.close()


def _cache_ready():
    cache.set("readyz", "ok", 10)
    if cache.get("readyz") != "ok":
        raise RuntimeError("cache did not return what was stored")


def readyz(request):
    """Readiness: the database answers through a fresh connection and the cache stores and returns a value."""
    checks = {}
    for name, check in (("database", _database_ready), ("cache", _cache_ready)):
        try:
            check()
            checks[name] = "ok"
        except Exception as error:  # noqa: BLE001 - any failure means "not ready"; the log has the details
            logger.warning("readiness check %s failed: %s", name, error)
            checks[name] = "unavailable"
    ready = all(value == "ok" for value in checks.values())
    response = JsonResponse({"status": "ok" if ready else "unavailable", **checks}, status=200 if ready else 503)
    response["Cache-Control"] = "no-store"
    return response


def robots_txt(request):
    """Crawlers may read everything public but the admin, search results and report forms; the sitemap lists it."""
    context = {"admin_url": "/" + settings.ADMIN_URL, "sitemap_url": request.build_absolute_uri("/sitemap.xml")}
    return render(request, "robots.txt", context, content_type="text/plain; charset=utf-8")


def favicon(request):
    """Browsers ask for /favicon.ico on pages without an icon link (the admin); point them at ours."""
    return HttpResponsePermanentRedirect(static("favicon.svg"))


# PostgreSQL error classes that mean "the database is unreachable, shutting down, overloaded or hung", as
# opposed to a bug such as a missing table: 08 connection exception, 53 insufficient resources, 57 operator
# intervention (shutdown, statement timeout). SQLite: the file cannot be opened, or stays locked.
OUTAGE_SQLSTATE_PREFIXES = ("08", "53", "57")
SQLITE_OUTAGE_MESSAGES = ("unable to open database file", "database is locked", "disk I/O error")


def _is_database_outage(error):
    if not isinstance(error, DATABASE_ERRORS):
        return False
    if isinstance(error, InterfaceError):
        return True  # the connection is gone
    cause = error.__cause__
    sqlstate = getattr(cause, "sqlstate", "")
    if hasattr(cause, "sqlstate"):
        return sqlstate is None or sqlstate.startswith(OUTAGE_SQLSTATE_PREFIXES)  # None: never connected
    return any(message in str(error) for message in SQLITE_OUTAGE_MESSAGES)


def server_error(request):
    """handler500. Rendered without context processors, so it works when the database does not."""
    return error_page(outage=_is_database_outage(sys.exc_info()[1]))


def error_page(*, outage):
    """The 503 page (database unreachable) or the 500 page, in the active language, needing nothing else."""
    context = {"LANGUAGE_CODE": get_language() or settings.LANGUAGE_CODE}
    template, status = ("503.html", 503) if outage else ("500.html", 500)
    return _standalone(template, status, context, retry=outage)


def error_response(request, template, status, *, retry=False):
    """A standalone error page (no database, no session) in the language the path or the browser asks for."""
    language = translation.get_language_from_path(request.path_info) or translation.get_language_from_request(request)
    with translation.override(language):
        context = {"LANGUAGE_CODE": language, "limit_megabytes": settings.UPLOAD_MAX_REQUEST_BYTES // 2**20}
        return _standalone(template, status, context, retry=retry)


def _standalone(template, status, context, *, retry):
    try:
        body = loader.render_to_string(template, context)
    except Exception:  # noqa: BLE001 - the error page itself failed (static files, templates): say it plainly
        logger.exception("the %s page could not be rendered", status)
        body = "esimguide: please try again in a minute. / 请稍后再试。"
    response = HttpResponse(body, status=status)
    if retry:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def permission_denied(request, exception=None):
    """handler403. In the admin, a page in the admin's look that says what was refused and where to go; on the
    public site, the site's own page. Both in the user's language; never Django's bare "403 Forbidden"."""
    if request.path.startswith(f"/{settings.ADMIN_URL}"):
        context = {**admin.site.each_context(request), "title": gettext("Not allowed for your role")}
        return TemplateResponse(request, "admin/refused.html", context, status=403).render()
    return TemplateResponse(request, "403.html", {}, status=403).render()


def bad_request(request, exception=None):
    """handler400: an address Django refused to read (more than DATA_UPLOAD_MAX_NUMBER_FIELDS parameters, say), on
    the site's own page in the reader's language. The page must not read the query string again: the language
    links would raise the same error, so it renders with an empty one."""
    request.GET = QueryDict()
    context = {"field_limit": number_format(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS or 0, force_grouping=True)}
    return TemplateResponse(request, "400.html", context, status=400).render()


def media(request, path):
    """An uploaded file from MEDIA_ROOT (the embedded default). Uploads are never overwritten (a new upload gets a
    new name, a rendition's name carries its spec's hash), so browsers may keep them for a year."""
    response = static_serve(request, path, document_root=settings.MEDIA_ROOT)
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response
