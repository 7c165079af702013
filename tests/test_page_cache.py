"""The whole-page cache: warm pages come from the cache, and every committed write is visible on the next request."""

import datetime

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.urls import reverse

from articles.models import Article
from articles.services import import_articles
from carriers.models import Plan, PlanFeature
from esimguide.page_cache import NearCache, near_cache, page_key
from tests.factories import ArticleFactory, CarrierFactory, EditorAndMaintainerFactory, PlanFactory, PlanFeatureFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def hk_plan(hong_kong, hotspot):
    plan = PlanFactory(slug="harbour-10", name_en="Harbour 10", carrier=CarrierFactory(region=hong_kong))
    PlanFeatureFactory(plan=plan, feature=hotspot, support="yes", value=None)
    return plan


def fetch(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response, response.content.decode()


def test_second_anonymous_request_is_a_hit_with_the_same_page(client, hk_plan):
    first, first_html = fetch(client, "/en/plans/harbour-10/")
    second, second_html = fetch(client, "/en/plans/harbour-10/")

    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    assert first_html == second_html


def test_change_through_the_admin_is_visible_on_the_next_request(client, hk_plan, hotspot):
    fetch(client, "/en/plans/?region=hong-kong")
    row = PlanFeature.objects.get()
    editor = EditorAndMaintainerFactory()
    from django.test import Client

    admin = Client()
    admin.force_login(editor)
    from tests.editorial.test_locking import plan_form_data

    data = plan_form_data(hk_plan)
    data.update({"feature_rows-0-support": "limited", "feature_rows-0-value": "5"})
    assert admin.post(reverse("admin:carriers_plan_change", args=[hk_plan.pk]), data).status_code == 302

    response, html = fetch(client, "/en/plans/?region=hong-kong")
    assert response["X-Page-Cache"] == "miss" and "Limited · 5" in html
    assert PlanFeature.objects.get(pk=row.pk).support == "limited"


def test_bulk_update_and_raw_sql_are_visible_on_the_next_request(client, hk_plan):
    assert "Harbour 10" in fetch(client, "/en/plans/")[1]

    PlanFeature.objects.update(support="no")
    assert fetch(client, "/en/plans/harbour-10/")[0]["X-Page-Cache"] == "miss"
    from carriers.models import Plan

    Plan.objects.filter(pk=hk_plan.pk).update(name_en="Harbour Ten")
    assert "Harbour Ten" in fetch(client, "/en/plans/")[1]

    with connection.cursor() as cursor:
        cursor.execute("UPDATE carriers_plan SET name_en = %s WHERE id = %s", ["Harbour X", hk_plan.pk])
    assert "Harbour X" in fetch(client, "/en/plans/")[1]


def test_article_edit_bulk_update_and_raw_sql_are_visible(client):
    article = ArticleFactory(slug="answer", title_en="First answer")
    assert "First answer" in fetch(client, "/en/articles/")[1]

    article.title_en = "Second answer"
    article.save()
    assert "Second answer" in fetch(client, "/en/articles/")[1]

    Article.objects.update(title_en="Third answer")
    assert "Third answer" in fetch(client, "/en/articles/answer/")[1]

    with connection.cursor() as cursor:
        cursor.execute("UPDATE articles_article SET title_en = %s", ["Fourth answer"])
    assert "Fourth answer" in fetch(client, "/en/articles/answer/")[1]


def test_an_import_is_visible_on_the_next_request(client):
    fetch(client, "/en/articles/")
    import_articles(files=[("fresh-news.md", b"# Fresh news\n\nJust imported.\n")], language="en", publish=True)

    assert "Fresh news" in fetch(client, "/en/articles/")[1]


def test_scheduled_article_appears_at_its_time_with_the_cache_on(client):
    noon = datetime.datetime(2026, 3, 1, 12, 0, tzinfo=datetime.UTC)
    with time_machine.travel(noon, tick=False):
        ArticleFactory(slug="at-one", title_en="Published at one", published_at=noon + datetime.timedelta(hours=1))
        assert "Published at one" not in fetch(client, "/en/articles/")[1]
        assert fetch(client, "/en/articles/")[0]["X-Page-Cache"] == "hit"

    with time_machine.travel(noon + datetime.timedelta(hours=1, seconds=1), tick=False):
        response, html = fetch(client, "/en/articles/")
        assert "Published at one" in html and response["X-Page-Cache"] == "miss"


def test_staff_are_never_served_from_the_cache(client, hk_plan):
    fetch(client, "/en/plans/harbour-10/")
    fetch(client, "/en/plans/harbour-10/")
    client.force_login(EditorAndMaintainerFactory())

    response, _ = fetch(client, "/en/plans/harbour-10/")
    assert "X-Page-Cache" not in response


def test_previews_are_never_cached(client):
    article = ArticleFactory(draft=True)
    client.force_login(EditorAndMaintainerFactory())
    response = client.get(reverse("admin:articles_article_preview", args=[article.pk, "en"]))

    assert "X-Page-Cache" not in response and "no-store" in response["Cache-Control"]


def test_error_responses_are_not_cached(client):
    assert client.get("/en/plans/no-such-plan/").status_code == 404
    assert "X-Page-Cache" not in client.get("/en/plans/no-such-plan/")


def test_responses_above_the_size_limit_are_served_but_not_kept(client, hk_plan, settings):
    page_size = len(fetch(client, "/en/plans/export.json")[0].content)
    settings.PAGE_CACHE_MAX_BYTES = page_size // 2
    assert [fetch(client, "/en/plans/export.json?region=hong-kong")[0].get("X-Page-Cache") for _ in "12"] == [
        None,
        None,
    ]

    settings.PAGE_CACHE_MAX_BYTES = page_size * 2
    responses = [fetch(client, "/en/plans/export.json?region=hong-kong")[0] for _ in "12"]
    assert [response["X-Page-Cache"] for response in responses] == ["miss", "hit"]


def test_the_near_cache_answers_without_the_shared_cache_and_is_as_exact(client, hk_plan, settings):
    settings.PAGE_CACHE_NEAR_BYTES = 1024 * 1024
    fetch(client, "/en/plans/harbour-10/")
    assert near_cache.entries == {}  # made once: only the shared cache keeps it
    assert fetch(client, "/en/plans/harbour-10/")[0]["X-Page-Cache"] == "hit"  # asked again: this process keeps it
    cache.clear()  # the shared cache (Redis in production) lost everything; this process still has the page

    response, html = fetch(client, "/en/plans/harbour-10/")
    assert response["X-Page-Cache"] == "hit" and "Harbour 10" in html

    Plan.objects.filter(pk=hk_plan.pk).update(name_en="Harbour Ten")
    response, html = fetch(client, "/en/plans/harbour-10/")
    assert response["X-Page-Cache"] == "miss" and "Harbour Ten" in html


def test_an_unreadable_entry_is_a_miss_not_an_error(client, hk_plan):
    request = fetch(client, "/en/plans/harbour-10/")[0].wsgi_request
    cache.set(page_key(request), b"pickled by an older release")  # bytes that do not unpickle
    near_cache.clear()  # with Redis, this process's copy would answer first

    response, html = fetch(client, "/en/plans/harbour-10/")
    assert response["X-Page-Cache"] == "miss" and "Harbour 10" in html


def test_the_near_cache_keeps_to_its_size(settings):
    settings.PAGE_CACHE_NEAR_BYTES = 40_000
    near = NearCache()
    for number in range(10):
        near.put(f"page-{number}", b"x" * 6_000)
    assert near.size <= 40_000 and near.get("page-9") == b"x" * 6_000 and near.get("page-0") is None


def test_conditional_get_answers_304(client, hk_plan):
    response, _ = fetch(client, "/en/plans/harbour-10/")
    etag = response["ETag"]

    assert client.get("/en/plans/harbour-10/", HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert "must-revalidate" in response["Cache-Control"] and "Cookie" in response["Vary"]


def test_query_parameter_order_shares_one_entry_and_fragments_are_kept_apart(client, hk_plan, hotspot):
    fetch(client, "/en/plans/?region=hong-kong&hotspot=yes")
    assert fetch(client, "/en/plans/?hotspot=yes&region=hong-kong")[0]["X-Page-Cache"] == "hit"

    fragment = client.get("/en/plans/?region=hong-kong&hotspot=yes", HTTP_HX_REQUEST="true")
    assert fragment["X-Page-Cache"] == "miss" and "<html" not in fragment.content.decode()


def test_an_unreachable_cache_serves_pages_uncached_instead_of_failing(client, hk_plan, unreachable_cache):
    for _ in range(2):
        response = client.get("/en/plans/harbour-10/")

        assert response.status_code == 200
        assert "X-Page-Cache" not in response
