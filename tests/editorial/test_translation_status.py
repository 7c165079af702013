"""Translation status per record and language: complete, missing, outdated; admin columns, filters, actions."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from articles.models import Article
from carriers.models import PlanFeature, Region
from editorial import status
from tests.factories import ArticleFactory, PlanFeatureFactory, RegionFactory

pytestmark = pytest.mark.django_db


def later(minutes):
    return time_machine.travel(datetime.datetime(2026, 1, 5, 12, minutes, tzinfo=datetime.UTC), tick=False)


def test_editing_the_chinese_title_after_the_english_marks_english_outdated():
    with later(0):
        article = ArticleFactory()
    assert article.translation_status("en") == status.COMPLETE

    with later(5):
        article = Article.objects.get(pk=article.pk)
        article.title_zh_hans = "新的中文标题"
        article.save()

    article = Article.objects.get(pk=article.pk)
    assert article.translation_status("en") == status.OUTDATED
    assert article.translation_status("zh-hans") == status.COMPLETE
    assert list(Article.objects.filter(status.outdated_q(Article, "en"))) == [article]


def test_editing_the_english_afterwards_brings_it_up_to_date():
    with later(0):
        article = ArticleFactory()
    with later(5):
        article.title_zh_hans = "改过的标题"
        article.save()
    with later(9):
        article = Article.objects.get(pk=article.pk)
        article.title_en = "Revised title"
        article.save()

    assert Article.objects.get(pk=article.pk).translation_status("en") == status.COMPLETE


def test_text_missing_in_one_language_is_missing_not_outdated():
    region = RegionFactory(name_en="Macau", name_zh_hans="澳门", keywords_zh_hans="澳门, 澳門")

    assert region.translation_status("en") == status.MISSING
    assert region.translation_status("zh-hans") == status.COMPLETE
    assert list(Region.objects.filter(status.missing_q(Region, "en"))) == [region]
    assert not Region.objects.filter(status.missing_q(Region, "zh-hans")).exists()


def test_plan_feature_notes_have_a_status_too():
    row = PlanFeatureFactory(note_zh_hans="热点上限 5GB。", note_en="")

    assert row.translation_status("en") == status.MISSING
    assert PlanFeature.objects.filter(status.missing_q(PlanFeature, "en")).count() == 1


def test_admin_lists_show_status_and_filter_english_outdated(admin_client):
    with later(0):
        ArticleFactory(title_en="Fresh")
        stale = ArticleFactory(title_en="Stale")
    with later(5):
        stale.title_zh_hans = "改了中文"
        stale.save()

    response = admin_client.get(reverse("admin:articles_article_changelist"), {"translation": "en:outdated"})

    html = response.content.decode()
    assert "Stale" in html and "Fresh" not in html
    assert "English outdated" in html  # the filter's own label
    assert "English outdated" in html and "简体中文 ✓" in html  # the status column


def test_mark_reviewed_action_clears_outdated(admin_client):
    with later(0):
        article = ArticleFactory()
    with later(5):
        article.body_zh_hans = "新的正文"
        article.save()

    response = admin_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "mark_reviewed_en", "_selected_action": [article.pk]},
    )

    assert response.status_code == 302
    assert Article.objects.get(pk=article.pk).translation_status("en") == status.COMPLETE


def test_mark_reviewed_button_on_the_change_form(admin_client):
    with later(0):
        region = RegionFactory()
    with later(5):
        region.name_zh_hans = "新名字"
        region.save()
    change_url = reverse("admin:carriers_region_change", args=[region.pk])
    assert "Mark English reviewed" in admin_client.get(change_url).content.decode()

    admin_client.post(reverse("admin:carriers_region_mark_reviewed", args=[region.pk]), {"language": "en"})

    assert Region.objects.get(pk=region.pk).translation_status("en") == status.COMPLETE


def test_unknown_language_in_mark_reviewed_is_refused_with_a_message(admin_client):
    region = RegionFactory()
    response = admin_client.post(
        reverse("admin:carriers_region_mark_reviewed", args=[region.pk]), {"language": "xx"}, follow=True
    )
    assert "Unknown language." in response.content.decode()


def test_public_page_falls_back_with_lang_attribute_and_a_note(client):
    ArticleFactory(slug="only-chinese", title_en="", summary_en="", body_en="", body_zh_hans="## 回答\n\n只写了中文。")

    html = client.get("/en/articles/only-chinese/").content.decode()

    assert 'lang="zh-hans"' in html and "只写了中文" in html
    assert "Not yet translated" in html


def test_line_endings_from_a_browser_are_not_a_change():
    with later(0):
        article = ArticleFactory(body_zh_hans="第一段。\n\n第二段。")
    with later(5):
        article = Article.objects.get(pk=article.pk)
        article.body_zh_hans = "第一段。\r\n\r\n第二段。"
        article.save()

    assert Article.objects.get(pk=article.pk).translation_status("en") == status.COMPLETE


def test_adding_an_english_translation_never_marks_the_chinese_outdated():
    with later(0):
        article = ArticleFactory(title_en="", summary_en="", body_en="")
    assert article.translation_status("en") == status.MISSING

    with later(5):
        article = Article.objects.get(pk=article.pk)
        article.title_en, article.summary_en, article.body_en = "Hotspot in Hong Kong", "Mostly yes.", "## Yes"
        article.save()

    article = Article.objects.get(pk=article.pk)
    assert article.translation_status("zh-hans") == status.COMPLETE
    assert article.translation_status("en") == status.COMPLETE
    assert not Article.objects.filter(status.outdated_q(Article, "zh-hans")).exists()

    with later(9):  # a later edit of the Chinese still outdates the English
        article.body_zh_hans = "## 改过"
        article.save()
    assert Article.objects.get(pk=article.pk).translation_status("en") == status.OUTDATED
