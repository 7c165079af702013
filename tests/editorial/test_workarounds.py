"""The upstream behaviour editorial/converting_fields.py exists for: modeltranslation falls back without converting."""

import pytest
from django.utils import translation

from articles.models import Article
from editorial.converting_fields import ConvertingDescriptor
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def test_modeltranslation_reads_a_blank_traditional_text_as_the_simplified_fallback_unconverted():
    article = Article.objects.get(pk=ArticleFactory(title_zh_hans="热点数据", title_zh_hant="").pk)
    descriptor = Article.__dict__["title"]
    assert isinstance(descriptor, ConvertingDescriptor)  # installed by EditorialConfig.ready()

    with translation.override("zh-hant"):
        upstream = descriptor.wrapped.__get__(article, Article)
        ours = article.title

    assert upstream == "热点数据"  # Simplified characters for a Traditional reader: why the wrapper exists
    assert ours == "熱點數據"
