"""Draft, scheduled, published; staff preview that is never cached or indexed."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from tests.factories import ArticleFactory, ChiefEditorFactory, EditorFactory

pytestmark = pytest.mark.django_db

NOON = datetime.datetime(2026, 3, 1, 12, 0, tzinfo=datetime.UTC)


def test_scheduled_article_appears_by_itself_at_its_time(client):
    with time_machine.travel(NOON, tick=False):
        ArticleFactory(slug="tomorrow", title_en="Tomorrow's answer", published_at=NOON + datetime.timedelta(hours=1))
        assert client.get("/en/articles/tomorrow/").status_code == 404
        assert "Tomorrow&#x27;s answer" not in client.get("/en/articles/").content.decode()
        assert Article.objects.get(slug="tomorrow").state == Article.State.SCHEDULED

    with time_machine.travel(NOON + datetime.timedelta(hours=1, seconds=1), tick=False):
        assert client.get("/en/articles/tomorrow/").status_code == 200
        assert "Tomorrow&#x27;s answer" in client.get("/en/articles/").content.decode()
        assert Article.objects.get(slug="tomorrow").state == Article.State.PUBLISHED


def test_draft_article_is_404_for_anonymous_reader(client):
    ArticleFactory(slug="secret", draft=True)
    assert client.get("/en/articles/secret/").status_code == 404
    assert client.get("/zh-hans/articles/secret/").status_code == 404


def test_staff_preview_a_draft_in_either_language_with_a_banner_never_cached_or_indexed(client):
    article = ArticleFactory(slug="draft-one", draft=True, title_en="Draft answer", title_zh_hans="草稿回答")
    client.force_login(EditorFactory())

    for language, title in (("en", "Draft answer"), ("zh-hans", "草稿回答")):
        response = client.get(reverse("admin:articles_article_preview", args=[article.pk, language]))
        html = response.content.decode()
        assert response.status_code == 200 and title in html
        assert 'class="preview-banner"' in html
        assert '<meta name="robots" content="noindex, nofollow">' in html
        assert "no-store" in response["Cache-Control"] and response["X-Robots-Tag"] == "noindex, nofollow"
        assert f'<html lang="{language}">' in html


def test_preview_is_for_staff_only(client):
    article = ArticleFactory(draft=True)
    response = client.get(reverse("admin:articles_article_preview", args=[article.pk, "en"]))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_preview_in_an_unknown_language_is_404(client):
    article = ArticleFactory(draft=True)
    client.force_login(EditorFactory())
    assert client.get(reverse("admin:articles_article_preview", args=[article.pk, "xx"])).status_code == 404


def test_admin_state_filter_separates_draft_scheduled_and_published(client):
    client.force_login(EditorFactory())
    ArticleFactory(title_en="Is draft", draft=True)
    ArticleFactory(title_en="Is scheduled", published_at=timezone.now() + datetime.timedelta(days=2))
    ArticleFactory(title_en="Is live")
    url = reverse("admin:articles_article_changelist")

    scheduled = client.get(url, {"state": "scheduled"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "Is scheduled" in scheduled and "Is draft" not in scheduled and "Is live" not in scheduled


def test_view_on_site_of_a_draft_opens_its_preview(client):
    client.force_login(EditorFactory())
    draft = ArticleFactory(draft=True)
    published = ArticleFactory()

    draft_page = client.get(reverse("admin:articles_article_change", args=[draft.pk]), HTTP_ACCEPT_LANGUAGE="en")
    published_page = client.get(reverse("admin:articles_article_change", args=[published.pk]))

    assert reverse("admin:articles_article_preview", args=[draft.pk, "en"]) in draft_page.content.decode()
    assert f'href="{published.get_absolute_url()}"' in published_page.content.decode()


def test_bulk_publish_and_unpublish_follow_the_forms_rules(client):
    client.force_login(ChiefEditorFactory())
    draft = ArticleFactory(draft=True)
    later = timezone.now() + datetime.timedelta(days=3)
    scheduled_draft = ArticleFactory(status=Article.Status.DRAFT, published_at=later)
    changelist = reverse("admin:articles_article_changelist")

    client.post(changelist, {"action": "publish", "_selected_action": [draft.pk, scheduled_draft.pk]})

    assert Article.objects.get(pk=draft.pk).is_published
    assert Article.objects.get(pk=scheduled_draft.pk).state == Article.State.SCHEDULED  # keeps its time
    client.post(changelist, {"action": "unpublish", "_selected_action": [draft.pk]})
    assert Article.objects.get(pk=draft.pk).state == Article.State.DRAFT


def test_a_data_maintainer_cannot_bulk_publish(client):
    from tests.factories import DataMaintainerFactory

    client.force_login(DataMaintainerFactory())
    draft = ArticleFactory(draft=True)

    client.post(reverse("admin:articles_article_changelist"), {"action": "publish", "_selected_action": [draft.pk]})

    assert Article.objects.get(pk=draft.pk).state == Article.State.DRAFT


def test_the_form_says_when_a_scheduled_article_appears(client):
    client.force_login(EditorFactory())
    article = ArticleFactory(published_at=timezone.now() + datetime.timedelta(days=2))

    html = client.get(reverse("admin:articles_article_change", args=[article.pk]), HTTP_ACCEPT_LANGUAGE="en").content

    assert "Scheduled for" in html.decode() and "appears on the site by itself" in html.decode()


def test_admin_search_finds_both_chinese_scripts(client):
    client.force_login(EditorFactory())
    ArticleFactory(title_zh_hans="香港热点怎么开")

    traditional = client.get(reverse("admin:articles_article_changelist"), {"q": "熱點"}).content.decode()
    simplified = client.get(reverse("admin:articles_article_changelist"), {"q": "热点"}).content.decode()

    assert "香港热点怎么开" in traditional and "香港热点怎么开" in simplified
