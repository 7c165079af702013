"""Load the bilingual demo content (regions, carriers, features, plans, articles).

Creates only what is missing: records that exist are never changed, so the README's run command can call it
every time without undoing an editor's work on demo content.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from articles.services import load_demo_articles
from carriers.services import load_demo_catalogue
from devices.services import load_demo_devices


class Command(BaseCommand):
    help = "Create the demo catalogue and articles that are missing; never changes existing records."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Load inside a transaction, then roll back.")

    def handle(self, *args, dry_run=False, verbosity=1, **options):
        with transaction.atomic():
            counts = load_demo_catalogue()
            counts["articles"] = load_demo_articles()
            counts["devices"] = load_demo_devices()
            if dry_run:
                transaction.set_rollback(True)
        if verbosity:
            summary = ", ".join(f"{count} {name}" for name, count in counts.items())
            prefix = "Dry run, nothing saved: would load" if dry_run else "Demo content loaded:"
            self.stdout.write(self.style.SUCCESS(f"{prefix} {summary}."))
