"""gunicorn settings for the benchmark: none, so the figures measure the app (not gunicorn.conf.py's access log)."""
