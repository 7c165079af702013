"""Drafts of changes to published articles, review before publishing, notifications and soft locks."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from articles.models import Article
from articles.services import import_articles
from tests.editorial.test_history import change_data
from tests.factories import ArticleFactory, ChiefEditorFactory, EditorFactory, RegionFactory

pytestmark = pytest.mark.django_db

NOON = datetime.datetime(2026, 3, 1, 12, 0, tzinfo=datetime.UTC)


def edit(client, article, button=None, **overrides):
    data = change_data(article, **overrides)
    if button:
        data[button] = "1"
    response = client.post(reverse("admin:articles_article_change", args=[article.pk]), data)
    assert response.status_code == 302, response.content.decode()[-3000:]
    return response


def public_views(client):
    """What readers can see of the articles: page, list, feed, sitemap and search."""
    return {
        "page": client.get("/en/articles/harbour/").content.decode(),
        "list": client.get("/en/articles/").content.decode(),
        "feed": client.get("/en/feeds/articles.xml").content.decode(),
        "sitemap": client.get("/sitemap-articles.xml").content.decode(),
        "search": client.get("/en/search/", {"q": "harbour"}).content.decode(),
    }


@pytest.fixture
def live_article():
    return ArticleFactory(slug="harbour", title_en="Harbour hotspot", body_en="Live text about the harbour.")


def test_a_draft_of_changes_leaves_every_public_view_unchanged_until_published(client, live_article):
    reader = client.__class__()
    before = public_views(reader)
    client.force_login(EditorFactory())

    edit(client, live_article, title_en="Harbour hotspot, revised", body_en="Draft text about the harbour.")

    after = public_views(reader)
    for name in before:
        assert "Draft text" not in after[name] and "revised" not in after[name], name
    assert after["sitemap"] == before["sitemap"]  # not even its date moved
    article = Article.objects.get(pk=live_article.pk)
    assert (
        article.body_en == "Live text about the harbour."
        and article.draft["body_en"] == "Draft text about the harbour."
    )
    assert reader.get("/en/articles/harbour/")["X-Page-Cache"] == "hit"  # the cached page stays what readers see

    form = client.get(reverse("admin:articles_article_change", args=[article.pk]), HTTP_ACCEPT_LANGUAGE="en")
    html = form.content.decode()
    assert "Draft text about the harbour." in html  # the form opens on the draft
    assert "Draft of changes" in html and "readers still see the live version" in html


def test_a_chief_editor_publishes_the_changes_and_readers_see_them(client, live_article):
    client.force_login(EditorFactory())
    edit(client, live_article, body_en="Draft text about the harbour.")
    client.force_login(ChiefEditorFactory())

    edit(client, Article.objects.get(pk=live_article.pk), "_publish", body_en="Draft text about the harbour.")

    article = Article.objects.get(pk=live_article.pk)
    assert article.draft is None and article.body_en == "Draft text about the harbour."
    assert "Draft text about the harbour." in client.__class__().get("/en/articles/harbour/").content.decode()


def test_scheduled_changes_go_live_by_themselves_at_their_time(client):
    reader = client.__class__()
    with time_machine.travel(NOON, tick=False):
        live_article = ArticleFactory(slug="harbour", body_en="Live text about the harbour.", published_at=NOON)
        client.force_login(ChiefEditorFactory())
        assert "Live text" in reader.get("/en/articles/harbour/").content.decode()  # cached now
        edit(
            client,
            live_article,
            "_publish",
            body_en="Scheduled text about the harbour.",
            published_at_0="2026-03-01",
            published_at_1="08:00:00",
            changes_publish_at_0="2026-03-01",
            changes_publish_at_1="21:00:00",  # Hong Kong time: 13:00 UTC
        )
        article = Article.objects.get(pk=live_article.pk)
        assert article.draft and article.body_en == "Live text about the harbour."
        assert "Scheduled text" not in reader.get("/en/articles/harbour/").content.decode()

    with time_machine.travel(NOON + datetime.timedelta(hours=1, seconds=1), tick=False):
        page = reader.get("/en/articles/harbour/").content.decode()

    assert "Scheduled text about the harbour." in page
    article = Article.objects.get(pk=live_article.pk)
    assert article.draft is None and article.changes_publish_at is None
    assert Version.objects.get_for_object(article).first().revision.get_comment() == "Scheduled changes published."


def test_an_expired_article_leaves_the_site_by_itself(client):
    with time_machine.travel(NOON, tick=False):
        ArticleFactory(slug="promo", expires_at=NOON + datetime.timedelta(minutes=30))
        assert client.get("/en/articles/promo/").status_code == 200
    with time_machine.travel(NOON + datetime.timedelta(minutes=31), tick=False):
        assert client.get("/en/articles/promo/").status_code == 404
        assert Article.objects.get(slug="promo").state == Article.State.EXPIRED


def test_preview_shows_the_forms_unsaved_content_in_each_language(client, live_article):
    client.force_login(EditorFactory())
    data = change_data(live_article, title_en="Typed, never saved", body_en="Unsaved **bold** words.")
    data["title_zh_hans"] = "未保存的标题"

    pages = {}
    for language, expected in (("en", "Typed, never saved"), ("zh-hans", "未保存的标题"), ("zh-hant", "未保存的標題")):
        response = client.post(reverse("admin:articles_article_preview", args=[live_article.pk, language]), data)
        pages[language] = response.content.decode()
        assert response.status_code == 200 and expected in pages[language], language
        assert "no-store" in response["Cache-Control"] and response["X-Robots-Tag"] == "noindex, nofollow"
    assert "unsaved changes included" in pages["en"] and "Unsaved <strong>bold</strong> words." in pages["en"]
    assert Article.objects.get(pk=live_article.pk).title_en == "Harbour hotspot"  # nothing saved


def test_preview_of_a_hostile_unsaved_body_shows_the_error_not_the_body(client, live_article):
    client.force_login(EditorFactory())
    data = change_data(live_article, body_en="[" * 40 + "deep" + "]" * 40 + "\n" + "> " * 40 + "quote")

    response = client.post(reverse("admin:articles_article_preview", args=[live_article.pk, "en"]), data)

    html = response.content.decode()
    assert response.status_code == 200 and "Not shown because of errors on the form" in html
    assert "Live text about the harbour." in html


def test_an_editor_cannot_publish_by_any_path(client, live_article):
    draft = ArticleFactory(slug="unpublished", draft=True)
    client.force_login(EditorFactory())

    # The form: status and times are read-only, and the publish button is refused.
    edit(client, draft, status="published", published_at_0="2026-01-01", published_at_1="09:00:00")
    refused = client.post(
        reverse("admin:articles_article_change", args=[draft.pk]), {**change_data(draft), "_publish": "1"}
    )
    # A list action posted by hand.
    client.post(reverse("admin:articles_article_changelist"), {"action": "publish", "_selected_action": [draft.pk]})
    # An import asking to publish, and the import form.
    with pytest.raises(PermissionDenied):
        import_articles(files=[("x.md", b"# T\n\nBody")], language="en", publish=True, user=EditorFactory())
    form = client.get(reverse("admin:articles_article_import"), HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert refused.status_code == 403
    assert Article.objects.get(pk=draft.pk).status == Article.Status.DRAFT
    assert not Article.objects.filter(slug="t").exists()
    assert 'name="publish"' not in form


def test_an_editors_import_into_a_published_article_is_a_draft_of_changes(live_article):
    live_article.import_key = "harbour"
    live_article.save()

    import_articles(files=[("harbour.md", b"# Harbour hotspot\n\nImported new text.")], language="en",
                    user=EditorFactory())  # fmt: skip

    article = Article.objects.get(pk=live_article.pk)
    assert article.body_en == "Live text about the harbour." and "Imported new text." in article.draft["body_en"]


def test_restoring_a_published_article_by_an_editor_is_a_draft_of_changes(client, live_article):
    chief = ChiefEditorFactory()
    client.force_login(chief)
    edit(client, live_article)
    original = Version.objects.get_for_object(live_article).get()
    edit(client, Article.objects.get(pk=live_article.pk), body_en="Published later.")
    client.force_login(EditorFactory())

    url = reverse("admin:articles_article_restore", args=[live_article.pk, original.pk])
    client.post(url, {"seen_version": Article.objects.get(pk=live_article.pk).lock_version})

    article = Article.objects.get(pk=live_article.pk)
    assert article.body_en == "Published later." and article.draft["body_en"] == "Live text about the harbour."


def test_submit_approve_and_send_back_notify_the_people_concerned(client, django_capture_on_commit_callbacks):
    author, chief = EditorFactory(), ChiefEditorFactory()
    article = ArticleFactory(slug="new-one", title_en="A new answer", title_zh_hans="新的回答", draft=True)
    client.force_login(author)

    with django_capture_on_commit_callbacks(execute=True):
        edit(client, article, "_submit")

    assert Article.objects.get(pk=article.pk).review_state == Article.Review.SUBMITTED
    assert [message.to for message in mail.outbox] == [[chief.email]]
    assert "新的回答" in mail.outbox[0].subject and "A new answer" in mail.outbox[0].body
    assert "/admin/articles/article/" in mail.outbox[0].body

    client.force_login(chief)
    index = client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Awaiting your review" in index and "review=submitted" in index
    with django_capture_on_commit_callbacks(execute=True):
        edit(client, Article.objects.get(pk=article.pk), "_send_back", review_comment="Cite the carrier's page.")
    assert mail.outbox[-1].to == [author.email] and "Cite the carrier's page." in mail.outbox[-1].body

    client.force_login(author)
    form = client.get(reverse("admin:articles_article_change", args=[article.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert "Cite the carrier&#x27;s page." in form.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        edit(client, Article.objects.get(pk=article.pk), "_submit")

    client.force_login(chief)
    with django_capture_on_commit_callbacks(execute=True):
        edit(client, Article.objects.get(pk=article.pk), "_publish")

    article = Article.objects.get(pk=article.pk)
    assert article.is_published and article.review_state == Article.Review.NONE
    assert mail.outbox[-1].to == [author.email] and "approved" in mail.outbox[-1].body
    assert client.__class__().get("/en/articles/new-one/").status_code == 200


def test_the_review_queue_is_for_those_who_publish(client):
    ArticleFactory(draft=True, review_state=Article.Review.SUBMITTED)
    client.force_login(EditorFactory())
    assert "Awaiting your review" not in client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_the_form_shows_who_else_has_the_article_open(client, live_article):
    other = client.__class__()
    other.force_login(EditorFactory(username="lin"))
    other.get(reverse("admin:articles_article_change", args=[live_article.pk]))
    client.force_login(EditorFactory(username="mei"))
    url = reverse("admin:articles_article_change", args=[live_article.pk])

    html = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    beat = client.post(reverse("admin:articles_article_presence", args=[live_article.pk])).json()

    assert "Also open by:" in html and "lin" in html
    assert beat == {"others": ["lin"]}
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=5)):
        assert client.post(reverse("admin:articles_article_presence", args=[live_article.pk])).json() == {"others": []}


def test_draft_topics_wait_for_publication(client, live_article):
    region = RegionFactory(slug="macau")
    client.force_login(EditorFactory())

    edit(client, live_article, regions=[region.pk])

    article = Article.objects.get(pk=live_article.pk)
    assert list(article.regions.all()) == [] and article.draft["regions"] == [region.pk]


def test_history_shows_drafts_and_publications_as_versions(client, live_article):
    client.force_login(EditorFactory())
    edit(client, live_article, body_en="Draft text.")
    client.force_login(ChiefEditorFactory())
    edit(client, Article.objects.get(pk=live_article.pk), "_publish", body_en="Draft text.")

    comments = [v.revision.get_comment() for v in Version.objects.get_for_object(live_article)]

    assert comments[0].startswith("Published.") and comments[1].startswith("Draft of changes saved.")
    history = client.get(reverse("admin:articles_article_history", args=[live_article.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert "Draft of changes saved." in history.content.decode()
