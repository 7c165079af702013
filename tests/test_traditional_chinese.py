"""Traditional Chinese: converted from Simplified with OpenCC (s2hk) unless an editor typed a zh-hant text."""

import pytest
from django.utils import translation

from carriers.models import Plan
from editorial.conversion import convert
from editorial.status import MISSING, OUTDATED, missing_q, outdated_q, translation_status
from tests.factories import ArticleFactory, PlanFeatureFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def article(hong_kong, hotspot):
    article = ArticleFactory(
        slug="hotspot-data",
        title_zh_hans="香港数据热点",
        title_en="Hotspot data in Hong Kong",
        body_zh_hans="用手机热点分享数据。",
        body_en="Share data over a phone hotspot.",
    )
    article.regions.add(hong_kong)
    article.features.add(hotspot)
    return article


def test_the_conversion_is_opencc_hong_kong_traditional():
    assert convert("数据", "zh-hant") == "數據"
    assert convert("数据", "en") == "数据"


def test_simplified_text_renders_traditional_on_zh_hant_pages(client, article):
    html = client.get("/zh-hant/articles/hotspot-data/").content.decode()

    assert '<html lang="zh-hant">' in html
    assert "香港數據熱點" in html
    assert "用手機熱點分享數據。" in html
    assert "数据" not in html
    # A conversion is the reader's language, not an untranslated fallback.
    assert "untranslated-note" not in html


def test_an_editors_zh_hant_text_wins_over_the_conversion(client, article):
    article.title_zh_hant = "香港：熱點分享數據"
    article.save()

    html = client.get("/zh-hant/articles/hotspot-data/").content.decode()

    assert "香港：熱點分享數據" in html
    assert "香港數據熱點" not in html
    # The body has no override, so it is still the conversion.
    assert "用手機熱點分享數據。" in html


def test_bulk_updates_of_the_simplified_text_show_converted_on_the_next_request(client, article):
    client.get("/zh-hant/articles/hotspot-data/")
    type(article).objects.filter(pk=article.pk).update(title_zh_hans="热点与漫游数据")

    assert "熱點與漫遊數據" in client.get("/zh-hant/articles/hotspot-data/").content.decode()


def test_plan_names_and_notes_in_the_plan_list_are_converted(client, hong_kong, hotspot):
    PlanFeatureFactory(
        plan__carrier__region=hong_kong,
        plan__slug="hk-data",
        plan__name_zh_hans="数据卡",
        feature=hotspot,
        note_zh_hans="热点限速",
    )

    html = client.get("/zh-hant/plans/?region=hong-kong").content.decode()

    assert "數據卡" in html
    assert "熱點分享" in html  # the feature's name
    detail = client.get("/zh-hant/plans/hk-data/").content.decode()
    assert "熱點限速" in detail


def test_descriptors_read_converted_text_only_in_the_converted_language(article):
    with translation.override("zh-hant"):
        assert article.title == "香港數據熱點"
    with translation.override("zh-hans"):
        assert article.title == "香港数据热点"
    with translation.override("en"):
        assert article.title == "Hotspot data in Hong Kong"


def test_traditional_is_neither_missing_nor_outdated_while_it_is_a_conversion(article):
    article.title_zh_hans = "新的标题"
    article.save()

    assert translation_status(article, "zh-hant") not in (MISSING, OUTDATED)
    model = type(article)
    assert not model.objects.filter(missing_q(model, "zh-hant") | outdated_q(model, "zh-hant")).exists()


def test_an_override_falls_behind_when_the_simplified_text_changes(article, time_machine):
    time_machine.move_to("2026-01-01 10:00Z")
    article.title_zh_hant = "熱點分享"
    article.save()
    time_machine.move_to("2026-01-02 10:00Z")
    article.title_zh_hans = "热点分享（更新）"
    article.save()

    assert translation_status(article, "zh-hant") == OUTDATED
    model = type(article)
    assert list(model.objects.filter(outdated_q(model, "zh-hant"))) == [article]


def test_a_plan_without_simplified_name_falls_back_to_english_in_traditional(hong_kong):
    plan = PlanFeatureFactory(plan__carrier__region=hong_kong, plan__name_zh_hans="", plan__name_en="Roam").plan
    plan = Plan.objects.get(pk=plan.pk)

    with translation.override("zh-hant"):
        assert plan.name == "Roam"
    assert translation_status(plan, "zh-hant") == MISSING


def test_the_admin_shows_the_conversion_in_the_traditional_tab_and_saves_an_override(client, article):
    from tests.factories import EditorFactory

    client.force_login(EditorFactory())
    url = f"/admin/articles/article/{article.pk}/change/"
    html = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert 'name="title_zh_hant"' in html
    assert 'placeholder="香港數據熱點"' in html


def test_exports_speak_traditional_on_zh_hant(client, hong_kong, hotspot):
    PlanFeatureFactory(
        plan__carrier__region=hong_kong, plan__slug="hk-data", plan__name_zh_hans="数据卡", feature=hotspot
    )

    payload = client.get("/zh-hant/plans/export.json").json()

    assert payload["language"] == "zh-hant"
    assert payload["plans"][0]["name"] == "數據卡"
    assert "數據卡" in client.get("/zh-hant/plans/export.csv").content.decode("utf-8-sig")
