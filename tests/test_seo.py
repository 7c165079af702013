"""What search engines read: sitemap with hreflang alternates, canonical URLs, robots, JSON-LD, Open Graph."""

import json
import re
import xml.etree.ElementTree as ET
from html import unescape

import pytest

from tests.factories import ArticleFactory, PlanFeatureFactory

pytestmark = pytest.mark.django_db
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
LANGUAGES = ["zh-hans", "zh-hant", "en"]


@pytest.fixture
def site(hong_kong, hotspot):
    row = PlanFeatureFactory(
        plan__carrier__region=hong_kong,
        plan__carrier__slug="csl",
        plan__slug="hk-travel",
        plan__name_en="HK Travel",
        plan__price=88,
        plan__currency="HKD",
        feature=hotspot,
    )
    article = ArticleFactory(
        slug="hotspot-question",
        title_en="Can a Hong Kong eSIM share a hotspot?",
        title_zh_hans="香港 eSIM 能开热点吗？",
        summary_en="Usually yes, but many plans cap it.",
        summary_zh_hans="通常可以，但很多计划设了上限。",
    )
    article.regions.add(hong_kong)
    ArticleFactory(slug="draft-one", status="draft")
    return row.plan, article


def sitemap_urls(client):
    index = ET.fromstring(client.get("/sitemap.xml").content)
    urls = {}
    for loc in index.iter(f"{SM}loc"):
        section = ET.fromstring(client.get(loc.text.replace("http://testserver", "")).content)
        for url in section.findall(f"{SM}url"):
            alternates = {link.get("hreflang"): link.get("href") for link in url.findall(f"{XHTML}link")}
            urls[url.find(f"{SM}loc").text] = (alternates, url.find(f"{SM}lastmod"))
    return urls


def test_the_sitemap_lists_every_public_page_in_three_languages_with_alternates(client, site):
    urls = sitemap_urls(client)

    paths = {"/", "/articles/", "/plans/", "/regions/", "/carriers/", "/methodology/", "/articles/hotspot-question/",
             "/plans/hk-travel/", "/regions/hong-kong/", "/carriers/csl/"}  # fmt: skip
    expected = {f"http://testserver/{language}{path}" for language in LANGUAGES for path in paths}
    assert set(urls) == expected
    for url, (alternates, lastmod) in urls.items():
        assert set(alternates) == {*LANGUAGES, "x-default"}, url
        if "/methodology/" not in url:
            assert lastmod is not None, url
    # Every listed page answers.
    for url in expected:
        assert client.get(url.replace("http://testserver", "")).status_code == 200, url


def test_drafts_are_not_in_the_sitemap(client, site):
    assert not [url for url in sitemap_urls(client) if "draft-one" in url]


def test_robots_txt_points_at_the_sitemap_and_keeps_crawlers_out_of_the_admin(client, db):
    text = client.get("/robots.txt").content.decode()

    assert "Sitemap: http://testserver/sitemap.xml" in text
    assert "Disallow: /admin/" in text
    assert "Disallow: /zh-hant/search/" in text


def head_links(html):
    return {
        "canonical": unescape(re.search(r'<link rel="canonical" href="([^"]+)"', html).group(1)),
        "alternates": {
            code: unescape(url)
            for code, url in re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)"', html)
        },
        "noindex": bool(re.search(r'<meta name="robots" content="noindex', html)),
    }


def test_every_page_has_a_canonical_url_and_three_alternates_plus_x_default(client, site):
    links = head_links(client.get("/zh-hant/plans/hk-travel/").content.decode())

    assert links["canonical"] == "http://testserver/zh-hant/plans/hk-travel/"
    assert links["alternates"] == {
        "zh-hans": "http://testserver/zh-hans/plans/hk-travel/",
        "zh-hant": "http://testserver/zh-hant/plans/hk-travel/",
        "en": "http://testserver/en/plans/hk-travel/",
        "x-default": "http://testserver/plans/hk-travel/",
    }
    assert not links["noindex"]


@pytest.mark.parametrize(
    "query, canonical, noindex",
    [
        ("", "/en/plans/", False),
        ("?region=hong-kong", "/en/plans/?region=hong-kong", False),
        ("?hotspot=yes&region=hong-kong&sort=price", "/en/plans/?region=hong-kong&hotspot=yes", False),
        ("?region=hong-kong&page=1", "/en/plans/?region=hong-kong", False),
        ("?region=hong-kong&hotspot=limited", "/en/plans/?region=hong-kong", True),
        ("?region=hong-kong&region=united-states", "/en/plans/", True),
        ("?region=hong-kong&carrier=csl&data_min=5", "/en/plans/?region=hong-kong", True),
    ],
)
def test_filtered_plan_lists_are_canonicalised_and_explosive_combinations_not_indexed(
    client, site, query, canonical, noindex
):
    links = head_links(client.get(f"/en/plans/{query}").content.decode())

    assert links["canonical"] == f"http://testserver{canonical}"
    assert links["noindex"] is noindex


def json_ld(html):
    return [json.loads(block) for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html)]


def test_an_article_has_article_breadcrumbs_and_faq_structured_data(client, site):
    blocks = {block["@type"]: block for block in json_ld(client.get("/en/articles/hotspot-question/").content.decode())}

    assert set(blocks) == {"Article", "BreadcrumbList", "FAQPage"}
    assert blocks["Article"]["headline"] == "Can a Hong Kong eSIM share a hotspot?"
    assert blocks["Article"]["inLanguage"] == "en"
    assert [item["name"] for item in blocks["BreadcrumbList"]["itemListElement"]] == [
        "Home",
        "Articles",
        "Can a Hong Kong eSIM share a hotspot?",
    ]
    question = blocks["FAQPage"]["mainEntity"][0]
    assert question["acceptedAnswer"]["text"] == "Usually yes, but many plans cap it."


def test_structured_data_speaks_the_page_language(client, site):
    blocks = {b["@type"]: b for b in json_ld(client.get("/zh-hant/articles/hotspot-question/").content.decode())}

    assert blocks["Article"]["headline"] == "香港 eSIM 能開熱點嗎？"
    assert blocks["FAQPage"]["mainEntity"][0]["acceptedAnswer"]["text"] == "通常可以，但很多計劃設了上限。"


def test_a_statement_article_has_no_faq(client, db):
    ArticleFactory(slug="note", title_en="Roaming in Macau", title_zh_hans="澳门漫游")

    types = {block["@type"] for block in json_ld(client.get("/en/articles/note/").content.decode())}

    assert types == {"Article", "BreadcrumbList"}


def test_a_plan_is_a_product_with_an_offer(client, site):
    blocks = {block["@type"]: block for block in json_ld(client.get("/en/plans/hk-travel/").content.decode())}

    assert blocks["Product"]["name"] == "HK Travel"
    assert blocks["Product"]["offers"] == {
        "@type": "Offer",
        "price": "88",
        "priceCurrency": "HKD",
        "availability": "https://schema.org/InStock",
        "url": "http://testserver/en/plans/hk-travel/",
    }
    assert blocks["BreadcrumbList"]["itemListElement"][-1]["name"] == "HK Travel"


def test_json_ld_cannot_break_out_of_its_script(client, db):
    ArticleFactory(slug="evil", title_en="</script><script>alert(1)</script>?", title_zh_hans="x", summary_en="a")

    html = client.get("/en/articles/evil/").content.decode()

    assert "</script><script>alert(1)" not in html
    assert json_ld(html)[0]["headline"].startswith("</script>")


def test_open_graph_and_titles_are_in_the_page_language(client, site):
    html = client.get("/zh-hant/articles/hotspot-question/").content.decode()

    assert "<title>香港 eSIM 能開熱點嗎？ · esimguide</title>" in html
    assert '<meta property="og:locale" content="zh_HK">' in html
    assert '<meta property="og:type" content="article">' in html
    assert '<meta property="og:title" content="香港 eSIM 能開熱點嗎？">' in html
    assert '<meta name="description" content="通常可以，但很多計劃設了上限。">' in html


def test_a_comparison_is_indexable_and_canonical_whatever_the_order(client, site, hong_kong, hotspot):
    PlanFeatureFactory(plan__carrier__region=hong_kong, plan__slug="hk-other", feature=hotspot)

    links = head_links(client.get("/en/plans/compare/?plans=hk-travel,hk-other").content.decode())

    assert links["canonical"] == "http://testserver/en/plans/compare/?plans=hk-other,hk-travel"
    assert not links["noindex"]
