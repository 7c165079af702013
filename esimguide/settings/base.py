"""Settings shared by every environment. Everything site-specific comes from the environment."""

import os
import tempfile
from datetime import timedelta
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def sqlite_options(timeout):
    """The embedded database's connection options. WAL lets readers read while a write is open (without it every
    save blocked every page); synchronous=NORMAL is WAL's safe setting (a power cut may lose the last commits,
    never corrupt the file); a write waits up to ``timeout`` seconds for another before "database is locked"."""
    pragmas = ["journal_mode=WAL", "synchronous=NORMAL", "temp_store=MEMORY", "foreign_keys=ON",
               f"busy_timeout={int(timeout * 1000)}"]  # fmt: skip
    return {"timeout": timeout, "init_command": "".join(f"PRAGMA {pragma};" for pragma in pragmas)}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "insecure-local-development-key-do-not-use-in-production")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # modeltranslation must come before django.contrib.admin to patch the admin.
    "modeltranslation",
    # Django's admin, with our site class (editorial queues on the index).
    "editorial.apps.EditorialAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_filters",
    "csp",
    "axes",
    "reversion",
    "import_export",
    "imagekit",
    "editorial",
    "operations",
    "carriers",
    "images",
    "devices",
    "articles",
    "search",
    "feeds",
    "reports",
    "trips",
]

MIDDLEWARE = [
    "esimguide.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "esimguide.middleware.SecurityHeadersMiddleware",
    # /healthz/ is answered here: a liveness probe needs none of what follows (bench/README.md measures it).
    "esimguide.middleware.HealthProbeMiddleware",
    # One revision read per reading request, shared by the page cache's key and every part of the page.
    "carriers.revision.RequestScopeMiddleware",
    # Anonymous pages from the cache, keyed by content revision, before everything that works on a request:
    # a hit costs no query on PostgreSQL (carriers/revision_feed.py) and one on SQLite.
    "esimguide.page_cache.PageCacheMiddleware",
    # A request larger than UPLOAD_MAX_REQUEST_BYTES is answered 413 from its headers, before its body is read.
    "esimguide.uploads.RequestSizeMiddleware",
    # ETag on every response; 304 when the browser already has it (the page cache answers its own hits).
    "django.middleware.http.ConditionalGetMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # A 404 at an address that moved (a renamed slug) becomes a 301 to the new address.
    "esimguide.middleware.MovedAddressMiddleware",
    # Scheduled changes to published articles go live on the first request after their time (no cron).
    "articles.publishing.DueChangesMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "esimguide.csp_policy.SiteCSPMiddleware",
    # Last, as django-axes asks: it answers locked-out logins.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "esimguide.urls"
WSGI_APPLICATION = "esimguide.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "esimguide.context_processors.language_links",
                "esimguide.seo.seo",
            ],
            # The project's own tags (esimguide is not an app): schema.org JSON-LD, pagination links.
            "libraries": {
                "seo_tags": "esimguide.templatetags.seo_tags",
                "page_tags": "esimguide.templatetags.page_tags",
            },
        },
    },
    {
        # Only for the hot partials (templates/jinja2/), rendered from Django templates' tags (core/fragments.py).
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "NAME": "jinja2",
        "DIRS": [BASE_DIR / "templates" / "jinja2"],
        "APP_DIRS": False,
        "OPTIONS": {"environment": "esimguide.jinja2.environment", "autoescape": True},
    },
]

# SQLite file in the project folder unless DATABASE_URL names another database.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
        conn_health_checks=True,
    )
}
# A database that accepts connections but never answers must not hold a worker until gunicorn kills it:
# give up connecting after DB_CONNECT_TIMEOUT seconds and cancel any statement after DB_STATEMENT_TIMEOUT_MS.
DB_CONNECT_TIMEOUT = int(os.environ.get("DB_CONNECT_TIMEOUT", "5"))
DB_STATEMENT_TIMEOUT_MS = int(os.environ.get("DB_STATEMENT_TIMEOUT_MS", "10000"))
# A frozen path to the database never lets statement_timeout act: web requests give up on a query after this many
# seconds on their own (esimguide/db_deadline.py); 0 turns that off.
DB_REQUEST_DEADLINE_SECONDS = float(os.environ.get("DB_REQUEST_DEADLINE_SECONDS", "5"))
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"connect_timeout": DB_CONNECT_TIMEOUT, "options": f"-c statement_timeout={DB_STATEMENT_TIMEOUT_MS}"}
    )
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(sqlite_options(DB_CONNECT_TIMEOUT))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages: codes lower-case and hyphenated; modeltranslation turns them into *_zh_hans / *_zh_hant / *_en columns.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [
    ("zh-hans", "简体中文"),
    ("zh-hant", "繁體中文"),
    ("en", "English"),
]
# What the header's switcher shows for each language.
LANGUAGE_SWITCHER_LABELS = {"zh-hans": "简体", "zh-hant": "繁體", "en": "English"}
# Languages read as a conversion of another unless an editor typed their own text (editorial/conversion.py):
# Traditional Chinese from Simplified with OpenCC's Hong Kong variant.
CONVERTED_LANGUAGES = {"zh-hant": ("zh-hans", "s2hk")}
MODELTRANSLATION_DEFAULT_LANGUAGE = "zh-hans"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("zh-hans", "en")
# modeltranslation reads this bare name; serve jQuery UI ourselves instead of from a CDN.
JQUERY_UI_URL = "vendor/jquery-ui/jquery-ui.min.js"
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Hong_Kong")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "esimguide" / "static"]

# Claims older than this are flagged to readers as possibly out of date.
STALE_AFTER_DAYS = int(os.environ.get("STALE_AFTER_DAYS", "180"))
PLANS_PER_PAGE = int(os.environ.get("PLANS_PER_PAGE", "50"))
ARTICLES_PER_PAGE = int(os.environ.get("ARTICLES_PER_PAGE", "12"))
DEVICES_PER_PAGE = int(os.environ.get("DEVICES_PER_PAGE", "20"))
# The trip checker lists at most this many plans in each of passes, fails and "not confirmed" (and in its JSON).
TRIP_RESULTS_SHOWN = int(os.environ.get("TRIP_RESULTS_SHOWN", "20"))
# ... and judges at most this many plans that could fit, the cheapest first: a request's cost stays bounded however
# big the catalogue (past it, the page says its counts are lower bounds). bench/README.md has the figures.
TRIP_JUDGE_LIMIT = int(os.environ.get("TRIP_JUDGE_LIMIT", "1000"))
# An export (CSV or JSON) holds at most this many plans; more is refused with a message, since 12,500 plans took
# 4.5 s to write (bench/README.md, 100,000 plans).
EXPORT_MAX_PLANS = int(os.environ.get("EXPORT_MAX_PLANS", "5000"))

# Spreadsheet import/export (django-import-export): atomic imports; exported cells that would start a formula
# (=, +, -, @) are neutralised so a spreadsheet never runs them.
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False
# Off: editorial/spreadsheets.py neutralises formulas itself (all of =, +, -, @), and the library's own escaping
# turns every cell into text, so Excel would see numbers as text.
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = False
IMPORT_EXPORT_FORMATS_CSV_XLSX = True

# Article importer: files above this size are refused with a reason.
ARTICLE_IMPORT_MAX_BYTES = int(os.environ.get("ARTICLE_IMPORT_MAX_BYTES", str(512 * 1024)))

# Image library (images/uploads.py): files, pixels and stored width; renditions are made at upload.
IMAGE_MAX_BYTES = int(os.environ.get("IMAGE_MAX_BYTES", str(10 * 1024 * 1024)))
IMAGE_MAX_PIXELS = int(os.environ.get("IMAGE_MAX_PIXELS", str(40_000_000)))
IMAGE_MAX_WIDTH = int(os.environ.get("IMAGE_MAX_WIDTH", "2400"))
# Uploaded files. The embedded default keeps them in MEDIA_ROOT and serves them itself (SERVE_MEDIA); several
# servers share one S3-compatible bucket instead (README "Media files").
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = os.environ.get("MEDIA_URL", "/media/")
SERVE_MEDIA = env_bool("SERVE_MEDIA", True)

# Uploads (esimguide/uploads.py): checked before their bodies are read, and no file is kept past its limit.
UPLOAD_MAX_REQUEST_BYTES = int(os.environ.get("UPLOAD_MAX_REQUEST_BYTES", str(25 * 1024 * 1024)))
FILE_UPLOAD_HANDLERS = [
    "esimguide.uploads.FileSizeLimitHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# Spreadsheet import (editorial/sheet_reading.py): limits checked while the file is read, before any row is used.
SPREADSHEET_MAX_BYTES = int(os.environ.get("SPREADSHEET_MAX_BYTES", str(10 * 1024 * 1024)))
SPREADSHEET_MAX_UNPACKED_BYTES = int(os.environ.get("SPREADSHEET_MAX_UNPACKED_BYTES", str(40 * 1024 * 1024)))
SPREADSHEET_MAX_ROWS = int(os.environ.get("SPREADSHEET_MAX_ROWS", "20000"))
# The largest file any upload form takes; each form checks its own, smaller limit by the size the handler counted.
UPLOAD_MAX_FILE_BYTES = max(SPREADSHEET_MAX_BYTES, ARTICLE_IMPORT_MAX_BYTES, IMAGE_MAX_BYTES)
SPREADSHEET_MAX_COLUMNS = 60
SPREADSHEET_MAX_CELL_CHARS = 5000
# Uploads wait here, per editor, between preview and confirmation; older ones are removed.
SPREADSHEET_TEMP_DIR = Path(
    os.environ.get("SPREADSHEET_TEMP_DIR", str(Path(tempfile.gettempdir()) / "esimguide-imports"))
)
SPREADSHEET_TEMP_SECONDS = int(os.environ.get("SPREADSHEET_TEMP_SECONDS", str(6 * 3600)))
# Imports that write more rows than this run in a thread with a progress page instead of within the request
# (about 1 ms a row: 20,000 rows would pass gunicorn's 30 s timeout); one still "running" after
# SPREADSHEET_JOB_MAX_SECONDS was interrupted (its server stopped) and wrote nothing.
SPREADSHEET_INLINE_ROWS = int(os.environ.get("SPREADSHEET_INLINE_ROWS", "2000"))
SPREADSHEET_JOB_MAX_SECONDS = int(os.environ.get("SPREADSHEET_JOB_MAX_SECONDS", "900"))

# Cache: Redis when REDIS_URL is set (shared by every app server), else this process's memory.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            # Django's Redis backend, keeping its redis-py client (esimguide/cache.py says why).
            "BACKEND": "esimguide.cache.ReusingRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "esimguide"),
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "esimguide"}}
# Page chrome that depends only on the language and the code (header, footer), kept by each process: ``{% cache
# ... using="chrome" %}`` in base.html. A deploy restarts the processes, which empties it.
CACHES["chrome"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "chrome",
                    "TIMEOUT": None, "OPTIONS": {"MAX_ENTRIES": 100}}  # fmt: skip

# Sessions (editors only: readers get none) live in the database, which every app server shares. Not in Redis:
# Django's cached_db store fails every signed-in request while Redis is down (its cache writes are unguarded), and a
# logout during an outage would leave the old session in the cache to come back with Redis. One indexed query per
# editor request is the price.
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# Whole-page cache for anonymous readers (esimguide/page_cache.py): exact, keyed by the content revision.
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE_ENABLED", True)
PAGE_CACHE_ALIAS = "default"
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "86400"))
# Each process keeps the pages it served last in its own memory too, in front of Redis (esimguide/page_cache.py
# NearCache): up to this many bytes; 0 turns it off. Without Redis the cache is this process's memory already.
PAGE_CACHE_NEAR_BYTES = int(os.environ.get("PAGE_CACHE_NEAR_BYTES", str(16 * 1024 * 1024 if REDIS_URL else 0)))
# On PostgreSQL each process learns of a new revision from NOTIFY (carriers/revision_feed.py), so a cache hit costs
# no query; off, or on SQLite, a hit reads the revision from the database.
PAGE_CACHE_REVISION_FEED = env_bool("PAGE_CACHE_REVISION_FEED", True)
# Larger responses (exports of thousands of plans) are not kept: they would crowd out many pages.
PAGE_CACHE_MAX_BYTES = int(os.environ.get("PAGE_CACHE_MAX_BYTES", str(1024 * 1024)))
# Newest changes listed on a plan page (the feed has the rest).
PLAN_CHANGES_SHOWN = 30
# Readers' reports: at most this many submissions per client address and window (seconds).
REPORTS_PER_CLIENT = (int(os.environ.get("REPORTS_PER_HOUR", "5")), 3600)
# A refused CSRF check (an old form, blocked cookies) gets a page in the reader's language.
CSRF_FAILURE_VIEW = "reports.views.csrf_failure"
# Entries per Atom feed.
FEED_ITEMS = 50
# The liveness probe's address, answered by esimguide.middleware.HealthProbeMiddleware (also routed in urls.py).
HEALTH_PROBE_PATH = "/healthz/"
# Readers' pages (under a language prefix): the page cache keeps them, and the first of them after a scheduled
# change's time publishes it. Everything else (/healthz/, the admin, static files) skips both.
CONTENT_PATH_PREFIXES = tuple(f"/{code}/" for code, _name in LANGUAGES)
PAGE_CACHE_PATH_PREFIXES = CONTENT_PATH_PREFIXES

# The admin's address; a less obvious one keeps most password-guessing bots away (django-axes stops the rest).
ADMIN_URL = os.environ.get("ADMIN_URL", "admin/").strip("/") + "/"
# Where a sign-in lands when its next= is missing or points off this site.
LOGIN_URL = "admin:login"
LOGIN_REDIRECT_URL = "admin:index"

# Security headers (checked by tests/test_security.py). Public pages: nothing but this site's own files.
MARKDOWN_IMAGE_HOSTS = env_list("MARKDOWN_IMAGE_HOSTS")  # extra hosts article images may come from
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", *(f"https://{host}" for host in MARKDOWN_IMAGE_HOSTS)],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}
# The admin (and django-import-export's pages) set style attributes in their markup; scripts stay strict.
ADMIN_CONTENT_SECURITY_POLICY = {
    **CONTENT_SECURITY_POLICY["DIRECTIVES"],
    "style-src-elem": ["'self'"],
    "style-src-attr": ["'unsafe-inline'"],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CROSS_ORIGIN_RESOURCE_POLICY = "same-origin"
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
# Behind a proxy, trust its X-Forwarded-Proto / X-Forwarded-For only when told to: anyone can send them.
TRUST_PROXY_HEADERS = env_bool("TRUST_PROXY_HEADERS", False)
if TRUST_PROXY_HEADERS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Login lockout (django-axes): five failures lock that username, and separately that address, for 15 minutes.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "esimguide.security.lockout_response"
AXES_CLIENT_IP_CALLABLE = "core.clients.client_ip"
AXES_VERBOSE = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "esimguide.logging.RequestIdFilter"}},
    "formatters": {
        # One JSON object per line, with the request id, for log collectors.
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json", "filters": ["request_id"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {"django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False}},
}

# Editors' soft locks (editorial.models.Presence): a form counts as open this long after it last said so.
EDIT_PRESENCE_SECONDS = int(os.environ.get("EDIT_PRESENCE_SECONDS", "120"))

# Review notifications (articles/notifications.py) go through Django's email framework: printed to the console
# unless EMAIL_HOST names an SMTP server (tests use Django's in-memory outbox).
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "esimguide <editors@localhost>")
# Links in notifications: the admin's address as editors reach it (e.g. https://esimguide.example).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
