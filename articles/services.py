"""Writes to articles that touch several models."""

from dataclasses import dataclass
from datetime import timedelta

import reversion
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.db import IntegrityError, OperationalError, transaction
from django.utils import timezone
from django.utils.translation import gettext
from modeltranslation.settings import AVAILABLE_LANGUAGES

from carriers.models import Carrier, Feature, Region
from editorial import roles
from editorial.models import localized
from images.demo import load_demo_images

from . import demo_data, importing, publishing
from .models import Article, CleanupRule

SLUG_ROOM = 110  # the slug column holds 120 characters; leave room for "-2", "-3", …


@transaction.atomic
def load_demo_articles(*, now=None):
    """Create the demo articles that do not exist yet, published, with their topics. Safe to run again: an
    existing article (perhaps edited since) is never changed."""
    now = now or timezone.now()
    illustration = None
    for slug, regions, features, carriers, age, zh, en in demo_data.ARTICLES:
        if Article.objects.filter(slug=slug).exists():
            continue
        article = Article(slug=slug, status=Article.Status.PUBLISHED, published_at=now - timedelta(days=age))
        article.title_zh_hans, article.summary_zh_hans, article.body_zh_hans = zh
        article.title_en, article.summary_en, article.body_en = en
        if slug in demo_data.ILLUSTRATED:  # the library's demo image, after the first section
            illustration = illustration or load_demo_images()
            for column in ("body_zh_hans", "body_en"):
                head, sep, rest = getattr(article, column).partition("\n\n## ")
                setattr(
                    article, column, f"{head}\n\n{illustration.tag}{sep}{rest}" if sep else getattr(article, column)
                )
        article.full_clean()
        article.save()
        article.regions.set(Region.objects.filter(slug__in=regions))
        article.features.set(Feature.objects.filter(slug__in=features))
        article.carriers.set(Carrier.objects.filter(slug__in=carriers))
    return len(demo_data.ARTICLES)


@dataclass
class ImportReport:
    files: list
    language: str
    dry_run: bool
    written: bool = False

    def count(self, action):
        return sum(1 for item in self.files if item.action == action)

    @property
    def created(self):
        return self.count("created")

    @property
    def updated(self):
        return self.count("updated")

    @property
    def failed(self):
        return self.count("failed")


def _topics(model):
    return [(obj.slug, [*obj.keyword_list(), *_names(obj)]) for obj in model.objects.all()]


def _names(obj):
    return [getattr(obj, localized("name", language)) or "" for language in AVAILABLE_LANGUAGES]


def parse_files(files, *, max_bytes=None):
    """Parse (name, bytes) pairs with the editors' cleanup rules and topic keywords."""
    rules = [(rule.name, rule.compiled()) for rule in CleanupRule.objects.filter(is_active=True)]
    regions, features = _topics(Region), _topics(Feature)
    names = {
        **{("region", obj.slug): str(obj) for obj in Region.objects.all()},
        **{("feature", obj.slug): str(obj) for obj in Feature.objects.all()},
    }
    limit = max_bytes or settings.ARTICLE_IMPORT_MAX_BYTES
    parsed = []
    for name, raw in files:
        item = importing.parse(name, raw, rules=rules, regions=regions, features=features, max_bytes=limit)
        item.action = "" if item.is_valid else "failed"
        item.suggested = [
            {"kind": kind, "slug": found.slug, "name": names[kind, found.slug], "evidence": found.evidence}
            for kind, found in item.suggestions
        ]
        parsed.append(item)
    return parsed


def _unique_slug(slug, *, exclude_pk=None):
    candidate, number = slug, 2
    while Article.objects.filter(slug=candidate).exclude(pk=exclude_pk).exists():
        candidate = f"{slug[:SLUG_ROOM]}-{number}"
        number += 1
    return candidate


def _save_imported(item, *, language, publish, user):
    article = Article.objects.filter(import_key=item.import_key).first()
    item.action = "updated" if article else "created"
    if article is None:
        article = Article(import_key=item.import_key, status=Article.Status.DRAFT)
        article.slug = _unique_slug(item.slug)
    item.slug = article.slug
    # A file for an article with a draft of changes is written on top of that draft, not of the live text.
    drafted_topics = article.apply_draft() if article.draft else {}
    setattr(article, localized("title", language), item.title)
    if getattr(article, localized("summary", language)):
        # The article keeps the summary an editor gave it, so the lead paragraph stays in the body.
        setattr(article, localized("body", language), item.full_body)
    else:
        setattr(article, localized("summary", language), item.summary)
        setattr(article, localized("body", language), item.body)
    if publish:
        article.status = Article.Status.PUBLISHED
        article.published_at = article.published_at or timezone.now()
    # Only this language's texts come from the file; the others may still be empty for a new article.
    others = [localized(name, other) for name in ("title",) for other in AVAILABLE_LANGUAGES if other != language]
    article.full_clean(exclude=others)
    topics = {**article.live_topics(), **drafted_topics}
    for name, model, slugs in (("regions", Region, item.regions), ("features", Feature, item.features)):
        topics[name] = sorted({*topics[name], *model.objects.filter(slug__in=slugs).values_list("pk", flat=True)})
    # A published article's new text becomes a draft of changes unless a publisher imports with "publish".
    publishing.stage_or_save(article, user=user, topics=topics, publish=publish)
    item.article_id = article.pk
    return article


def _save_or_fail(item, *, language, publish, user):
    try:
        with transaction.atomic():  # a savepoint: a refused file leaves nothing behind
            _save_imported(item, language=language, publish=publish, user=user)
    except ValidationError as error:
        item.action = "failed"
        item.error = "; ".join(
            f"{_field_label(name)}: {' '.join(messages)}" for name, messages in error.message_dict.items()
        )
    except (IntegrityError, OperationalError) as error:
        # Another import (or editor) created the same article or address between our check and our write
        # (PostgreSQL: a unique violation once theirs commits; SQLite: its one writer at a time says "locked").
        if isinstance(error, OperationalError) and "locked" not in str(error):
            raise
        item.action = "failed"
        item.error = gettext(
            "another import created this article at the same moment; nothing of this file was written. "
            "Import it again to update that article."
        )


def _field_label(name):
    """``body_zh_hans`` → "body (Markdown) [zh-hans]" as the admin shows it; NON_FIELD_ERRORS → "file"."""
    try:
        return str(Article._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        return gettext("file")


def import_articles(*, files, language, publish=False, skip_invalid=False, dry_run=False, user=None):
    """Import Markdown files into articles in ``language``, all or nothing unless ``skip_invalid``.

    ``files`` are (name, bytes). Each file becomes a draft (or is published with ``publish``); a file imported
    again updates its article (matched by the file name without language and extension) and leaves the other
    languages as editors left them. A dry run does every step and rolls back.
    """
    if language not in AVAILABLE_LANGUAGES:
        raise ValueError(f"unknown language {language!r}")
    if publish and user is not None and not roles.may_publish(user):
        raise PermissionDenied
    report = ImportReport(files=parse_files(files), language=language, dry_run=dry_run)
    if report.failed and not skip_invalid:
        return report
    with transaction.atomic(), reversion.create_revision():
        for item in report.files:
            if item.is_valid:
                _save_or_fail(item, language=language, publish=publish, user=user)
        reversion.set_user(user)
        reversion.set_comment(f"Imported {len(report.files) - report.failed} Markdown file(s) ({language}).")
        if dry_run or (report.failed and not skip_invalid):
            transaction.set_rollback(True)
            if not dry_run:
                for item in report.files:
                    item.action = "failed" if item.action == "failed" else ""
                return report
    report.written = not dry_run and bool(report.created + report.updated)
    return report
