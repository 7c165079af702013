import re
from html import unescape

import pytest

from tests.factories import ArticleFactory, CarrierFactory, PlanFeatureFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(hong_kong, hotspot):
    carrier = CarrierFactory(region=hong_kong, slug="csl", name_en="CSL", name_zh_hans="CSL")
    row = PlanFeatureFactory(plan__carrier=carrier, plan__slug="csl-30", feature=hotspot)
    article = ArticleFactory(slug="hotspot-answer", title_en="Hotspot answer", title_zh_hans="热点答案")
    article.regions.add(hong_kong)
    article.features.add(hotspot)
    return {"plan": row.plan, "article": article}


PUBLIC_PATHS = [
    "/",
    "/articles/",
    "/articles/hotspot-answer/",
    "/plans/",
    "/plans/?region=hong-kong&hotspot=yes",
    "/plans/csl-30/",
    "/plans/compare/?plans=csl-30",
    "/regions/",
    "/regions/hong-kong/",
    "/carriers/",
    "/carriers/csl/",
    "/methodology/",
]


@pytest.mark.parametrize("lang", ["zh-hans", "zh-hant", "en"])
@pytest.mark.parametrize("path", PUBLIC_PATHS)
def test_every_public_page_answers_in_every_language(client, site, lang, path):
    response = client.get(f"/{lang}{path}")

    assert response.status_code == 200
    assert f'<html lang="{lang}">' in response.content.decode()


@pytest.mark.parametrize(
    "accept, target",
    [
        ("en-US,en;q=0.9", "/en/"),
        ("zh-CN,zh;q=0.9", "/zh-hans/"),
        ("zh-HK,zh;q=0.9,en;q=0.8", "/zh-hant/"),
        ("zh-TW", "/zh-hant/"),
        ("zh-Hant", "/zh-hant/"),
        ("zh-Hant-HK,en;q=0.5", "/zh-hant/"),
        ("fr-FR", "/zh-hans/"),
        ("", "/zh-hans/"),
    ],
)
def test_root_redirects_to_the_readers_language(client, db, accept, target):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=accept)

    assert response.status_code == 302
    assert response["Location"] == target


def switcher_links(html):
    nav = re.search(r'<nav class="lang-switch".*?</nav>', html, re.S).group(0)
    return {lang: unescape(href) for href, lang in re.findall(r'<a href="([^"]+)" hreflang="([^"]+)"', nav)}


def test_language_switcher_keeps_page_and_filters(client, site):
    html = client.get("/en/plans/?region=hong-kong&hotspot=yes&sort=data").content.decode()

    assert switcher_links(html) == {
        "zh-hans": "/zh-hans/plans/?region=hong-kong&hotspot=yes&sort=data",
        "zh-hant": "/zh-hant/plans/?region=hong-kong&hotspot=yes&sort=data",
    }


def test_language_switcher_on_an_article_points_to_the_same_article(client, site):
    html = client.get("/zh-hans/articles/hotspot-answer/").content.decode()

    assert switcher_links(html) == {
        "zh-hant": "/zh-hant/articles/hotspot-answer/",
        "en": "/en/articles/hotspot-answer/",
    }


def test_switcher_names_simplified_traditional_and_english(client, site):
    html = client.get("/en/").content.decode()
    nav = re.search(r'<nav class="lang-switch".*?</nav>', html, re.S).group(0)

    assert re.findall(r">([^<>]+)</(?:a|span)>", nav) == ["简体", "繁體", "English"]


def test_content_follows_the_url_language(client, site):
    assert "热点答案" in client.get("/zh-hans/articles/hotspot-answer/").content.decode()
    assert "Hotspot answer" in client.get("/en/articles/hotspot-answer/").content.decode()


@pytest.mark.parametrize("path", ["/fr/plans/", "/zh-tw/", "/en/no-such-page/", "/en/plans/no-such-plan/"])
def test_unknown_language_or_page_is_a_friendly_404(client, db, path):
    response = client.get(path)

    assert response.status_code == 404


def test_404_page_is_translated(client, db):
    response = client.get("/zh-hans/no-such-page/")

    assert "找不到页面" in response.content.decode()


def test_public_pages_send_a_strict_content_security_policy(client, site):
    response = client.get("/en/plans/")

    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "<script>" not in response.content.decode()
    assert "style=" not in response.content.decode()
