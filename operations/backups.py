"""Backing up and restoring the whole database with the database's own tools, and the uploaded media with it.

PostgreSQL: ``pg_dump --format=custom`` and ``pg_restore --clean`` (consistent snapshot, any size, restorable
table by table). SQLite: the online backup API (``sqlite3.Connection.backup``), which copies a consistent
snapshot while the site keeps running; copying the live file could catch a write half done.

Media (the image library) on the embedded default live in MEDIA_ROOT: ``backup_media`` writes them to a tar file
beside the database's backup, ``restore_media`` puts them back (refusing paths that would leave MEDIA_ROOT). Media
in an S3-compatible bucket are not copied here: the bucket's own versioning keeps them (README "Media files").
"""

import os
import sqlite3
import subprocess
import tarfile
from contextlib import closing
from pathlib import Path

from django.conf import settings as django_settings
from django.core.files.storage import FileSystemStorage, default_storage
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
    # A dump holds no planner statistics: until they are gathered, PostgreSQL guesses, and its guess made it read
    # every answer to find the notes of a few thousand plans (bench/README.md). pg_restore's documentation says to
    # ANALYZE afterwards; autovacuum would do it only later, or never where it is off.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def media_path(path):
    """Where the media of the backup at ``path`` go: ``site.dump`` → ``site.dump.media.tar``."""
    path = Path(path)
    return path.with_name(path.name + ".media.tar")


def media_on_disk():
    return isinstance(default_storage, FileSystemStorage)


def backup_media(path):
    """Write MEDIA_ROOT to the tar file beside the backup at ``path``; returns it, or None for media not on disk."""
    if not media_on_disk():
        return None
    root, target = Path(django_settings.MEDIA_ROOT), media_path(path)
    with tarfile.open(target, "w") as archive:
        if root.is_dir():
            for item in sorted(root.rglob("*")):
                if item.is_file() and not item.is_symlink():
                    archive.add(item, arcname=str(item.relative_to(root)), recursive=False)
    return target


def restore_media(path):
    """Put back the media saved beside the backup at ``path``; returns how many files, or None when the backup has
    no media file. Only regular files under MEDIA_ROOT are written (tarfile's "data" filter)."""
    source = media_path(path)
    if not source.is_file() or not media_on_disk():
        return None
    root = Path(django_settings.MEDIA_ROOT)
    root.mkdir(parents=True, exist_ok=True)
    try:
        with tarfile.open(source) as archive:
            members = [member for member in archive.getmembers() if member.isfile()]
            archive.extractall(root, members=members, filter="data")
    except (tarfile.TarError, OSError) as error:
        raise BackupError(f"{source}: {error}") from error
    return len(members)
