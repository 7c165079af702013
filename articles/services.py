"""Writes to articles that touch several models."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from carriers.models import Carrier, Feature, Region

from . import demo_data
from .models import Article


@transaction.atomic
def load_demo_articles(*, now=None):
    """Create or update the demo articles, published, with their topics. Safe to run again."""
    now = now or timezone.now()
    for slug, regions, features, carriers, age, (zh_title, zh_summary, zh_body), (
        en_title,
        en_summary,
        en_body,
    ) in demo_data.ARTICLES:
        article = Article.objects.filter(slug=slug).first() or Article(slug=slug)
        values = {
            "title_zh_hans": zh_title, "summary_zh_hans": zh_summary, "body_zh_hans": zh_body,
            "title_en": en_title, "summary_en": en_summary, "body_en": en_body,
            "status": Article.Status.PUBLISHED, "published_at": article.published_at or now - timedelta(days=age),
        }  # fmt: skip
        if article.pk is None or any(getattr(article, name) != value for name, value in values.items()):
            # Only real changes touch the record, so "updated" dates stay meaningful across reloads.
            for name, value in values.items():
                setattr(article, name, value)
            article.full_clean()
            article.save()
        article.regions.set(Region.objects.filter(slug__in=regions))
        article.features.set(Feature.objects.filter(slug__in=features))
        article.carriers.set(Carrier.objects.filter(slug__in=carriers))
    return len(demo_data.ARTICLES)
