"""Production behind gunicorn: refuses to start without a real secret key and host list."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env_bool, env_list

DEBUG = False

SECRET_KEY = os.environ.get("SECRET_KEY", "")
WEAK_PREFIXES = ("insecure", "django-insecure", "changeme", "secret")
if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5 or SECRET_KEY.lower().startswith(WEAK_PREFIXES):
    raise ImproperlyConfigured(
        "Set SECRET_KEY to at least 50 random characters, e.g. the output of: "
        "python -c 'import secrets; print(secrets.token_urlsafe(50))'"
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("Set ALLOWED_HOSTS to the comma-separated host names this site answers to.")

# Persistent connections with a health check at the start of each request (measured against a connection per
# request and against Django's psycopg pool in bench/README.md "Database connections"). DB_POOL=1 switches to the
# pool, which only pays off with threaded workers.
DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("CONN_MAX_AGE", "60"))  # noqa: F405
if env_bool("DB_POOL") and DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":  # noqa: F405
    DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405 - the pool keeps the connections instead
    DATABASES["default"]["OPTIONS"]["pool"] = {"min_size": 1, "max_size": 4, "timeout": 5}  # noqa: F405

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
# HSTS is on: browsers then refuse plain HTTP for a year, on every subdomain, and the header allows preloading.
# Ways out (README "Production"): SECURE_HSTS_SECONDS=0 for a staging host on plain HTTP;
# SECURE_HSTS_INCLUDE_SUBDOMAINS=0 or SECURE_HSTS_PRELOAD=0 when other subdomains still serve HTTP.
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SILENCED_SYSTEM_CHECKS = [
    # Only the checks the operator switched off on purpose with the variables above.
    *(["security.W004"] if SECURE_HSTS_SECONDS == 0 else []),
    *(["security.W005"] if not SECURE_HSTS_INCLUDE_SUBDOMAINS else []),
    *(["security.W021"] if not SECURE_HSTS_PRELOAD else []),
]
