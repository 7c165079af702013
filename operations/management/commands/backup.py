"""Back up the database to a file: ``manage.py backup esimguide-2026-11-28.dump`` (see operations/backups.py)."""

from django.core.management.base import BaseCommand, CommandError

from operations.backups import BackupError, backup, backup_media


class Command(BaseCommand):
    help = "Write a consistent backup of the database (pg_dump custom format, or SQLite's online backup)."

    def add_arguments(self, parser):
        parser.add_argument("path", help="the backup file to write")
        parser.add_argument("--database", default="default")
        parser.add_argument("--no-media", action="store_true", help="leave the uploaded images out")

    def handle(self, *args, path, database, no_media, **options):
        try:
            written = backup(path, alias=database)
            media = None if no_media else backup_media(path)
        except (BackupError, OSError) as error:
            raise CommandError(f"Backup failed: {error}") from error
        self.stdout.write(self.style.SUCCESS(f"Backup written to {written} ({written.stat().st_size} bytes)."))
        if media is not None:
            self.stdout.write(self.style.SUCCESS(f"Media written to {media} ({media.stat().st_size} bytes)."))
