"""gunicorn settings for the bare Django anchor: as bench/gunicorn_bench.py, without esimguide's hooks."""

preload_app = True
