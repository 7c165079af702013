"""gunicorn settings for the benchmark: none but the production config's worker start hook, so the figures measure
the app (not gunicorn.conf.py's access log) as production starts it."""

from esimguide.workers import post_worker_init  # noqa: F401 - a gunicorn hook, found by name
