"""History with django-reversion: versions with who and when, a readable diff in both languages, restore."""

from decimal import Decimal

import pytest
from django.urls import reverse
from reversion.models import Version

from articles.models import Article
from carriers.models import Plan
from tests.factories import ArticleFactory, PlanFactory, PlanFeatureFactory

pytestmark = pytest.mark.django_db


def change_data(article, **overrides):
    data = {
        "slug": article.slug,
        "title_zh_hans": article.title_zh_hans,
        "title_en": article.title_en,
        "summary_zh_hans": article.summary_zh_hans,
        "summary_en": article.summary_en,
        "body_zh_hans": article.body_zh_hans,
        "body_en": article.body_en,
        "status": article.status,
        "published_at_0": "2026-11-01",
        "published_at_1": "10:00:00",
        "seen_version": Article.objects.get(pk=article.pk).lock_version,
    }
    return {**data, **overrides}


def save_article(client, article, **overrides):
    response = client.post(
        reverse("admin:articles_article_change", args=[article.pk]), change_data(article, **overrides)
    )
    assert response.status_code == 302, response.content.decode()[:3000]


def test_every_admin_save_records_a_version_with_who(admin_client, editor):
    article = ArticleFactory(title_en="First")
    save_article(admin_client, article, title_en="Second")
    save_article(admin_client, article, title_en="Third")

    versions = Version.objects.get_for_object(article)
    assert versions.count() == 2
    assert {v.revision.user for v in versions} == {editor}


def test_history_page_shows_field_changes_in_both_languages(admin_client):
    article = ArticleFactory(title_en="Old English", title_zh_hans="旧标题", draft=True)
    save_article(admin_client, article)
    save_article(admin_client, article, title_en="New English", title_zh_hans="新标题")

    html = admin_client.get(reverse("admin:articles_article_history", args=[article.pk])).content.decode()

    assert "Old English" in html and "New English" in html and "旧标题" in html and "新标题" in html
    assert "(English)" in html and "(简体中文)" in html


def test_compare_two_versions(admin_client):
    article = ArticleFactory(title_en="Alpha", draft=True)
    save_article(admin_client, article)
    save_article(admin_client, article, title_en="Beta", body_en="Changed body")
    newer, older = Version.objects.get_for_object(article)[:2]

    response = admin_client.get(
        reverse("admin:articles_article_compare", args=[article.pk]), {"from": older.pk, "to": newer.pk}
    )

    html = response.content.decode()
    assert "Alpha" in html and "Beta" in html and "Changed body" in html


def test_compare_with_a_bad_version_id_is_404_not_500(admin_client):
    article = ArticleFactory()
    response = admin_client.get(reverse("admin:articles_article_compare", args=[article.pk]), {"from": "x", "to": "9"})
    assert response.status_code == 404


def test_restore_brings_back_exact_field_values_as_a_new_version(admin_client):
    article = ArticleFactory(title_en="Original", body_zh_hans="原来的正文", draft=True)
    save_article(admin_client, article)
    original = Version.objects.get_for_object(article).get()
    save_article(admin_client, article, title_en="Vandalised", body_zh_hans="被改坏了")

    url = reverse("admin:articles_article_restore", args=[article.pk, original.pk])
    confirmation = admin_client.get(url)
    assert Article.objects.get(pk=article.pk).title_en == "Vandalised"  # asking shows, never writes
    assert "Vandalised" in confirmation.content.decode() and "Original" in confirmation.content.decode()

    response = admin_client.post(url, {"seen_version": Article.objects.get(pk=article.pk).lock_version})

    assert response.status_code == 302
    article = Article.objects.get(pk=article.pk)
    assert (article.title_en, article.body_zh_hans) == ("Original", "原来的正文")
    assert Version.objects.get_for_object(article).count() == 3
    assert "Restored" in Version.objects.get_for_object(article).first().revision.get_comment()


def test_plan_versions_include_inline_feature_rows_and_restore_plan_fields(admin_client):
    plan = PlanFactory(price=Decimal("100"))
    PlanFeatureFactory(plan=plan)
    from tests.editorial.test_locking import plan_form_data

    admin_client.post(reverse("admin:carriers_plan_change", args=[plan.pk]), plan_form_data(plan))
    first = Version.objects.get_for_object(plan).get()
    assert first.revision.version_set.count() == 2  # the plan and its feature row

    admin_client.post(reverse("admin:carriers_plan_change", args=[plan.pk]), plan_form_data(plan, price="120"))
    seen = Plan.objects.get(pk=plan.pk).lock_version
    admin_client.post(reverse("admin:carriers_plan_restore", args=[plan.pk, first.pk]), {"seen_version": seen})

    assert Plan.objects.get(pk=plan.pk).price == Decimal("100")
