"""Restore the database from a backup file: ``manage.py restore esimguide-2026-11-28.dump --yes``.

Replaces everything in the database with the backup's contents; it asks first unless ``--yes`` is given.
"""

from django.core.management.base import BaseCommand, CommandError

from operations.backups import BackupError, restore, restore_media


class Command(BaseCommand):
    help = "Replace the database's contents with a backup made by `manage.py backup`."

    def add_arguments(self, parser):
        parser.add_argument("path", help="the backup file to read")
        parser.add_argument("--database", default="default")
        parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")

    def handle(self, *args, path, database, yes, **options):
        if not yes and input(f"Replace everything in the database with {path}? [y/N] ").strip().lower() != "y":
            raise CommandError("Restore cancelled; nothing was changed.")
        try:
            restore(path, alias=database)
            files = restore_media(path)
        except (BackupError, OSError) as error:
            raise CommandError(f"Restore failed: {error}") from error
        self.stdout.write(self.style.SUCCESS(f"Database restored from {path}."))
        if files is not None:
            self.stdout.write(self.style.SUCCESS(f"{files} media file(s) restored."))
