"""gunicorn settings for the benchmark: the production config's start-up (app loaded in the master, its hooks), but
not its access log, so the figures measure the app as production starts it."""

from esimguide.workers import post_worker_init, when_ready  # noqa: F401 - gunicorn hooks, found by name

preload_app = True
