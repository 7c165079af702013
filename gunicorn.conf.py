"""gunicorn settings for production: `gunicorn esimguide.wsgi` picks this file up from the working directory.

Every value can be overridden from the environment (GUNICORN_CMD_ARGS, or the variables below).
"""

import multiprocessing
import os

# Hooks, found by name: the master loads what workers share; each worker builds its read model before serving.
from esimguide.workers import post_worker_init, when_ready  # noqa: F401

bind = os.environ.get("BIND", "127.0.0.1:8001")
# Sync workers: our views are CPU-bound (the in-process read model), so one process per core plus one.
# On the 2-core reference machine that is 3 (bench/README.md measures 2 and 3).
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() + 1))
worker_class = "sync"
# A request may take at most this long; database statements give up earlier (DB_STATEMENT_TIMEOUT_MS = 10 s).
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then (with jitter, so they do not all restart at once) against slow memory growth.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "200"))
# Load the app once in the master: faster restarts of workers, and import errors stop the start at once.
preload_app = True

# One JSON line per request on stdout, with the request id the app put in X-Request-ID.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
access_log_format = (
    '{"time": "%(t)s", "request_id": "%({x-request-id}o)s", "remote": "%(h)s", "method": "%(m)s", '
    '"path": "%(U)s", "query": "%(q)s", "status": %(s)s, "bytes": "%(B)s", "duration_ms": %(M)s, '
    '"user_agent": "%(a)s"}'
)
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# Proxy headers are believed only when TRUST_PROXY_HEADERS is set, and then only X-Forwarded-Proto, exactly as
# Django's SECURE_PROXY_SSL_HEADER (settings/base.py). gunicorn's defaults would believe X-Forwarded-Proto,
# X-Forwarded-Protocol and X-Forwarded-Ssl from 127.0.0.1, so any local client could make a page "https".
# Behind a proxy on another host, list its address in FORWARDED_ALLOW_IPS.
TRUST_PROXY_HEADERS = os.environ.get("TRUST_PROXY_HEADERS", "").lower() in ("1", "true", "yes", "on")
if TRUST_PROXY_HEADERS:
    forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
    secure_scheme_headers = {"X-FORWARDED-PROTO": "https"}
else:
    forwarded_allow_ips = ""
    secure_scheme_headers = {}
