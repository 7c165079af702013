import os
import subprocess
import sys
from pathlib import Path

import dj_database_url
import pytest

ROOT = Path(__file__).resolve().parent.parent
STRONG_KEY = "q7Vx2-Lm9wZpR4tYbN8cKd3HsJf6GaUe1Wi5Oo0Xr_Tn-Pv7Bl2Mz9Qy4Ck8Ej3Fh"


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
    result = import_settings("esimguide.settings.production", SECRET_KEY=STRONG_KEY)

    assert result.returncode != 0
    assert "Set ALLOWED_HOSTS" in result.stderr


def test_production_starts_with_secret_and_hosts():
    result = import_settings("esimguide.settings.production", SECRET_KEY=STRONG_KEY, ALLOWED_HOSTS="esim.example")

    assert result.returncode == 0, result.stderr


def test_sqlite_is_the_default_and_database_url_switches_to_postgresql():
    assert import_settings("esimguide.settings.dev").stdout.strip() == "django.db.backends.sqlite3"
    postgres = import_settings("esimguide.settings.dev", DATABASE_URL="postgres://u@127.0.0.1:5432/esim")
    assert postgres.stdout.strip() == "django.db.backends.postgresql"
    assert dj_database_url.parse("postgres://u@h:5432/esim")["NAME"] == "esim"


@pytest.mark.parametrize(
    "weak",
    [
        "django-insecure-" + "a1b2c3d4e5" * 5,  # what startproject writes
        "insecure-local-development-key-do-not-use-in-production",  # our development default
        "k" * 64,  # long but not random
        "short-but-random-Zq8",
    ],
)
def test_production_refuses_a_weak_or_development_secret_key(weak):
    result = import_settings("esimguide.settings.production", SECRET_KEY=weak, ALLOWED_HOSTS="esim.example")

    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr


def production_setting(name, **env):
    code = f"import django; django.setup(); from django.conf import settings; print(repr(settings.{name}))"
    environment = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL"}}
    environment.update(
        {"SECRET_KEY": STRONG_KEY, "ALLOWED_HOSTS": "esim.example", **env},
        DJANGO_SETTINGS_MODULE="esimguide.settings.production",
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_hsts_is_on_by_default_in_production_with_a_documented_way_out():
    assert production_setting("SECURE_HSTS_SECONDS") == str(365 * 24 * 3600)
    assert production_setting("SECURE_HSTS_SECONDS", SECURE_HSTS_SECONDS="0") == "0"


def test_forwarded_proto_is_trusted_only_when_the_operator_says_a_proxy_sets_it():
    assert production_setting("SECURE_PROXY_SSL_HEADER") == "None"
    trusted = production_setting("SECURE_PROXY_SSL_HEADER", TRUST_PROXY_HEADERS="1")
    assert trusted == "('HTTP_X_FORWARDED_PROTO', 'https')"


def test_postgresql_connections_have_connect_and_statement_timeouts():
    options = production_setting("DATABASES['default']['OPTIONS']", DATABASE_URL="postgres://u@127.0.0.1:5432/esim")
    assert "'connect_timeout': 5" in options and "statement_timeout=10000" in options


def test_deploy_checks_pass_at_warning_level():
    skipped = {"SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE"}  # the last is set by browser tests
    environment = {k: v for k, v in os.environ.items() if k not in skipped}
    environment.update(
        SECRET_KEY=STRONG_KEY, ALLOWED_HOSTS="esim.example", DJANGO_SETTINGS_MODULE="esimguide.settings.production"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=environment, capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
