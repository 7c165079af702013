"""Import Markdown articles: ``manage.py import_articles PATH... --language zh-hans|en``.

Editors bring articles they already have as Markdown files. Each file becomes a draft (``--publish`` publishes
it); importing the same file again updates its article. By default the run is all or nothing: if any file cannot
be used, nothing is written and the file is named with its reason; ``--skip-invalid`` imports the others.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from modeltranslation.settings import AVAILABLE_LANGUAGES

from articles import importing
from articles.services import import_articles


def collect(paths):
    """(name, bytes) for every file named or found in the folders named; other suffixes in folders are ignored."""
    files = []
    for argument in paths:
        path = Path(argument)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and importing.is_markdown_name(p.name))
            if not found:
                raise CommandError(f"{argument}: no .md, .markdown or .txt files in this folder.")
            files += [(str(p), p.read_bytes()) for p in found]
        elif path.is_file():
            files.append((str(path), path.read_bytes()))
        else:
            raise CommandError(f"{argument}: no such file or folder.")
    return files


class Command(BaseCommand):
    help = "Import Markdown files (or folders of them) as articles in one language."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH", help="Markdown files (.md, .markdown, .txt) or folders")
        parser.add_argument("--language", required=True, choices=AVAILABLE_LANGUAGES, help="the files' language")
        parser.add_argument("--dry-run", action="store_true", help="report what would happen; write nothing")
        parser.add_argument("--publish", action="store_true", help="publish now instead of saving drafts")
        parser.add_argument("--skip-invalid", action="store_true", help="import the usable files even if some fail")

    def handle(self, *args, **options):
        with translation.override("en"):  # the command's report is in English, like its flags
            self.run(**options)

    def run(self, *, paths, language, dry_run, publish, skip_invalid, **options):
        files = collect(paths)
        for name, _raw in files:
            if not importing.is_markdown_name(name):
                raise CommandError(f"{name}: not a Markdown file (.md, .markdown or .txt).")
        report = import_articles(
            files=files, language=language, publish=publish, skip_invalid=skip_invalid, dry_run=dry_run
        )
        for item in report.files:
            self.report_file(item, verbosity=options["verbosity"])
        self.summarise(report, skip_invalid=skip_invalid)

    def report_file(self, item, *, verbosity):
        if not item.is_valid:
            self.stdout.write(self.style.ERROR(f"failed   {item.name}: {item.error}"))
            return
        action = item.action or "ok"
        self.stdout.write(f"{action:<8} {item.name} → {item.slug}  “{item.title}”")
        if verbosity < 1:
            return
        for rule, text in item.removed:
            self.stdout.write(f"         removed ({rule}): {text}")
        for url in item.images:
            self.stdout.write(f"         removed remote image: {url}")
        regions = ", ".join(item.regions) or "none"
        features = ", ".join(item.features) or "none"
        self.stdout.write(f"         topics: regions {regions}; features {features}")

    def summarise(self, report, *, skip_invalid):
        summary = (
            f"{len(report.files)} file(s): {report.created} created, {report.updated} updated, {report.failed} failed."
        )
        if report.dry_run:
            self.stdout.write(self.style.WARNING(f"{summary} Dry run: nothing was written."))
        elif report.failed and not skip_invalid:
            raise CommandError(
                f"{summary} Nothing was written because {report.failed} file(s) cannot be used; "
                "fix them or run again with --skip-invalid."
            )
        else:
            self.stdout.write(self.style.SUCCESS(summary))
