"""Backing up and restoring the whole database with the database's own tools.

PostgreSQL: ``pg_dump --format=custom`` and ``pg_restore --clean`` (consistent snapshot, any size, restorable
table by table). SQLite: the online backup API (``sqlite3.Connection.backup``), which copies a consistent
snapshot while the site keeps running; copying the live file could catch a write half done.
"""

import os
import sqlite3
import subprocess
from contextlib import closing
from pathlib import Path

from django.db import connections


class BackupError(Exception):
    pass


def _settings(alias):
    return connections[alias].settings_dict


def _pg_environment(settings):
    environment = dict(os.environ)
    for key, name in (("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER"), ("PGPASSWORD", "PASSWORD")):
        if settings.get(name):
            environment[key] = str(settings[name])
    return environment


def _run(command, settings):
    result = subprocess.run(command, env=_pg_environment(settings), capture_output=True, text=True)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(result.stderr.strip() or f"{command[0]} failed")


def _sqlite_connect(name):
    name = str(name)
    return closing(sqlite3.connect(name, uri=name.startswith("file:")))


def _sqlite_copy(source_path, target_path):
    with _sqlite_connect(source_path) as source, _sqlite_connect(target_path) as target:
        source.backup(target)


def backup(path, *, alias="default"):
    """Write a backup of the database to ``path``."""
    connection, path = connections[alias], Path(path)
    settings = _settings(alias)
    if connection.vendor == "postgresql":
        _run(["pg_dump", "--format=custom", "--no-owner", "--file", str(path), settings["NAME"]], settings)
    elif connection.vendor == "sqlite":
        connection.close()  # the backup opens its own connection; nothing is held across it
        _sqlite_copy(settings["NAME"], path)
    else:
        raise BackupError(f"No backup method for {connection.vendor}.")
    return path


def restore(path, *, alias="default"):
    """Replace the database's contents with the backup at ``path``."""
    connection, path = connections[alias], Path(path)
    if not path.is_file():
        raise BackupError(f"{path}: no such backup file.")
    settings = _settings(alias)
    connection.close()
    if connection.vendor == "postgresql":
        _run(
            ["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction", "--dbname",
             settings["NAME"], str(path)],
            settings,
        )  # fmt: skip
    elif connection.vendor == "sqlite":
        _sqlite_copy(path, settings["NAME"])
    else:
        raise BackupError(f"No restore method for {connection.vendor}.")
