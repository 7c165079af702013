import pytest
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from search.terms import MAX_QUERY_LENGTH, parse
from tests.factories import ArticleFactory, CarrierFactory, PlanFeatureFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def articles(hong_kong):
    hotspot = ArticleFactory(
        slug="hk-hotspot",
        title_zh_hans="香港eSIM能开热点吗",
        title_en="Can a Hong Kong eSIM share a hotspot?",
        body_zh_hans="大多数计划允许用手机分享数据。",
        body_en="Most plans allow sharing data from your phone.",
    )
    family = ArticleFactory(
        slug="family",
        title_zh_hans="一家人共用流量",
        title_en="Families sharing one plan",
        body_zh_hans="有些计划也能开热点给家人。",
        body_en="Some plans let the family share through tethering.",
    )
    draft = ArticleFactory(slug="draft", title_zh_hans="热点草稿", title_en="Hotspot draft", status="draft")
    return hotspot, family, draft


def hits(response, kind):
    groups = {group.kind: group for group in response.context["results"].groups}
    return [hit.url.rstrip("/").rsplit("/", 1)[-1] for hit in groups[kind].hits] if kind in groups else []


@pytest.mark.parametrize("lang", ["zh-hans", "zh-hant", "en"])
@pytest.mark.parametrize("q", ["热点", "熱點"])
def test_a_two_character_chinese_query_finds_the_article_in_either_script(client, articles, lang, q):
    response = client.get(f"/{lang}/search/", {"q": q})

    assert response.status_code == 200
    # Title above body; drafts never.
    assert hits(response, "articles") == ["hk-hotspot", "family"]


def test_traditional_pages_highlight_the_match_in_traditional(client, articles):
    html = client.get("/zh-hant/search/", {"q": "热点"}).content.decode()

    assert "<mark>熱點</mark>" in html


def test_english_is_stemmed_and_title_ranks_above_body(client, articles):
    response = client.get("/en/search/", {"q": "shared"})

    # "share" in the first title; "sharing" in the second title too; both by stem.
    assert set(hits(response, "articles")) == {"hk-hotspot", "family"}
    response = client.get("/en/search/", {"q": "tethers"})
    assert hits(response, "articles") == ["family"]
    assert "<mark>tethering</mark>" in response.content.decode()


def test_every_term_must_match(client, articles):
    assert hits(client.get("/en/search/", {"q": "hotspot family"}), "articles") == []
    assert hits(client.get("/en/search/", {"q": "hotspot phone"}), "articles") == ["hk-hotspot"]


def test_plans_carriers_and_regions_are_found_and_grouped(client, hong_kong, hotspot):
    carrier = CarrierFactory(region=hong_kong, slug="harbour", name_en="Harbour Mobile", name_zh_hans="海港电讯")
    PlanFeatureFactory(plan__carrier=carrier, plan__slug="harbour-10", plan__name_en="Harbour 10", feature=hotspot)

    response = client.get("/en/search/", {"q": "harbour"})

    assert hits(response, "plans") == ["harbour-10"]
    assert hits(response, "carriers") == ["harbour"]
    assert hits(client.get("/zh-hant/search/", {"q": "香港"}), "regions") == ["hong-kong"]
    assert hits(client.get("/zh-hans/search/", {"q": "海港電訊"}), "carriers") == ["harbour"]


def test_matches_are_escaped(client, db):
    ArticleFactory(slug="xss", title_en="<script>alert(1)</script> hotspot", title_zh_hans="热点")

    html = client.get("/en/search/", {"q": "hotspot <script>"}).content.decode()

    assert "<script>alert" not in html
    assert "&lt;<mark>script</mark>&gt;" in html or "&lt;script&gt;" in html


@pytest.mark.parametrize(
    "q, message",
    [
        ("", "Type a question or a few words"),
        ("   ", "Type a question or a few words"),
        ("zzzqqq", "Nothing matched"),
        ("热" * 1000, "only its first 100 characters"),
        ("%_\\'\"; DROP TABLE", "Nothing matched"),
    ],
)
def test_empty_unmatched_and_huge_queries_get_a_helpful_page(client, articles, q, message):
    response = client.get("/en/search/", {"q": q})

    assert response.status_code == 200
    assert message in response.content.decode()


def test_query_length_and_terms_are_bounded():
    query = parse("hotspot " * 500)

    assert len(query.text) <= MAX_QUERY_LENGTH
    assert query.was_shortened
    assert [term.text for term in query.terms] == ["hotspot"]


def test_the_header_has_one_search_box_on_every_page(client, articles):
    html = client.get("/zh-hans/").content.decode()

    assert html.count('role="search"') == 1
    assert 'action="/zh-hans/search/"' in html


def test_trigram_indexes_serve_chinese_substrings_on_postgresql_only():
    with connection.cursor() as cursor:
        names = set(connection.introspection.get_constraints(cursor, "articles_article"))

    assert ("article_body_zh_hans_trgm" in names) == (connection.vendor == "postgresql")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(q=st.text(max_size=300))
def test_any_query_text_gets_a_page_never_an_error(client, articles, q):
    response = client.get("/zh-hant/search/", {"q": q})

    assert response.status_code == 200


@pytest.mark.django_db
def test_a_500_kb_article_is_found_with_a_snippet_around_its_one_match(client):
    filler = "Plans differ from one carrier to the next. " * 12_000  # about 500 KB
    ArticleFactory(slug="long", title_en="Long guide", body_en=filler + "Tethering is capped at 5 GB. " + filler)
    ArticleFactory(slug="hostile", title_en="Brackets", body_en="![" * 100_000 + " tethering")

    html = client.get("/en/search/", {"q": "tethering"}).content.decode()

    assert "Long guide" in html and "Brackets" in html
    assert "<mark>Tethering</mark> is capped at 5 GB" in html
