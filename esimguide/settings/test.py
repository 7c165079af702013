"""Test runs: fast hashing, no debug, same database selection as base (DATABASE_URL or SQLite)."""

from .base import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True
# Uploads made by tests (the demo illustration, image library tests) go to a folder of this run, not the project's.
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="esimguide-test-media-"))  # noqa: F405 - Path and tempfile from base
# Tests run inside transactions that never commit, so no NOTIFY would ever arrive: pages read the revision, and the
# feed's own tests (tests/test_revision_feed.py) turn it on around writes that commit.
PAGE_CACHE_REVISION_FEED = False
