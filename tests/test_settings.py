import os
import subprocess
import sys
from pathlib import Path

import dj_database_url

ROOT = Path(__file__).resolve().parent.parent


def import_settings(module, **env):
    environment = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL"}}
    environment.update(env, DJANGO_SETTINGS_MODULE=module)
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.DATABASES['default']['ENGINE'])"
    )
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True)


def test_production_refuses_to_start_without_a_secret_key():
    result = import_settings("esimguide.settings.production", ALLOWED_HOSTS="esim.example")

    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = import_settings("esimguide.settings.production", SECRET_KEY="x" * 50)

    assert result.returncode != 0
    assert "Set ALLOWED_HOSTS" in result.stderr


def test_production_starts_with_secret_and_hosts():
    result = import_settings("esimguide.settings.production", SECRET_KEY="k" * 50, ALLOWED_HOSTS="esim.example")

    assert result.returncode == 0, result.stderr


def test_sqlite_is_the_default_and_database_url_switches_to_postgresql():
    assert import_settings("esimguide.settings.dev").stdout.strip() == "django.db.backends.sqlite3"
    postgres = import_settings("esimguide.settings.dev", DATABASE_URL="postgres://u@127.0.0.1:5432/esim")
    assert postgres.stdout.strip() == "django.db.backends.postgresql"
    assert dj_database_url.parse("postgres://u@h:5432/esim")["NAME"] == "esim"
