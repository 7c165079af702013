"""``[[fact plan feature]]`` in an article's Markdown renders the live answer from the catalogue."""

from decimal import Decimal

import pytest
from django.utils import translation

from articles.models import Article
from carriers.models import PlanFeature
from tests.factories import ArticleFactory, EditorFactory, PlanFeatureFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def row(hong_kong, hotspot):
    return PlanFeatureFactory(
        plan__carrier__region=hong_kong,
        plan__slug="hk-travel",
        plan__name_en="HK Travel",
        feature=hotspot,
        support="limited",
        value=Decimal("10"),
        verified_on="2026-11-01",
    )


@pytest.fixture
def article(row):
    return ArticleFactory(
        slug="caps",
        title_en="Hotspot caps",
        title_zh_hans="热点上限",
        body_en="The cap today: [[fact hk-travel hotspot]]. Unknown: [[fact no-such-plan hotspot]] and "
        "[[fact hk-travel no-such-feature]].",
        body_zh_hans="今天的上限：[[fact hk-travel hotspot]]。",
    )


def test_an_inline_fact_renders_the_live_answer_with_its_verified_date(client, article):
    html = client.get("/en/articles/caps/").content.decode()

    assert 'class="inline-fact support-limited" href="/en/plans/hk-travel/"' in html
    assert "Limited · 10 GB</a>" in html
    assert "verified 2026-11-01" in html
    assert "[[fact" not in html


def test_the_fact_follows_the_data(client, article, row):
    client.get("/en/articles/caps/")
    PlanFeature.objects.filter(pk=row.pk).update(support="yes", value=Decimal("5"))

    html = client.get("/en/articles/caps/").content.decode()

    assert "Yes · 5 GB</a>" in html
    assert "Limited · 10 GB" not in html


def test_the_fact_speaks_the_page_language(client, article):
    assert "有限制 · 10 GB</a>" in client.get("/zh-hans/articles/caps/").content.decode()
    assert "有限制 · 10 GB</a>" in client.get("/zh-hant/articles/caps/").content.decode()


def test_unknown_plans_and_features_show_nothing_to_readers_and_a_marker_to_staff(client, article):
    public = client.get("/en/articles/caps/").content.decode()
    assert "fact-problem" not in public
    assert "Unknown: " in public and " and ." in public

    client.force_login(EditorFactory(is_staff=True))
    staff = client.get("/en/articles/caps/").content.decode()
    assert "[[fact no-such-plan hotspot]]: no active plan with this slug" in staff
    assert "[[fact hk-travel no-such-feature]]: no feature with this slug" in staff


def test_fact_tags_cannot_smuggle_markup(client, row):
    body = '[[fact <script>alert(1)</script> hotspot]] <b onclick="x">b</b>'
    ArticleFactory(slug="evil", title_en="x", title_zh_hans="x", body_en=body)

    html = client.get("/en/articles/evil/").content.decode()

    assert "<script>alert(1)" not in html
    assert "onclick" not in html


def test_a_quoted_fact_that_changes_puts_the_article_in_the_review_queue(article, row):
    other_region_article = article  # the article has no regions, so only its inline fact can put it in the queue
    Article.objects.filter(pk=article.pk).update(reviewed_at="2026-01-01T00:00:00Z")
    assert not Article.objects.needing_review().filter(pk=article.pk).exists()

    row.value = Decimal("5")
    row.save()

    assert list(Article.objects.needing_review()) == [other_region_article]
    changed = Article.objects.get(pk=article.pk).changed_facts()
    assert [(change.plan_id, change.feature_id, Decimal(change.new_value)) for change in changed] == [
        (row.plan_id, row.feature_id, row.value)
    ]


@pytest.fixture
def quoted_rule(hong_kong, hotspot):
    from tests.factories import FeatureRuleFactory, PlanFactory, RegionFactory, rule_value

    mainland = RegionFactory(slug="mainland-china", name_en="Mainland China", name_zh_hans="中国内地")
    plan = PlanFactory(slug="bay-rules", carrier__region=hong_kong)
    cap = FeatureRuleFactory(feature=hotspot, slug="cap", kind="data")
    values = [rule_value(plan, cap, "5 GB"), rule_value(plan, cap, "1 GB", region=mainland)]
    article = ArticleFactory(slug="bay-caps", title_en="Caps", title_zh_hans="上限",
                             body_en="The cap: [[fact bay-rules hotspot.cap]]. Typo: [[fact bay-rules hotspot.kap]].",
                             body_zh_hans="上限：[[fact bay-rules hotspot.cap]]。")  # fmt: skip
    return article, values


def test_an_inline_fact_can_quote_a_rule_in_the_readers_language(client, quoted_rule):
    assert "5 GB; Mainland China: 1 GB</a>" in client.get("/en/articles/bay-caps/").content.decode()
    assert "5 GB; 中国内地: 1 GB</a>" in client.get("/zh-hans/articles/bay-caps/").content.decode()
    assert "5 GB; 中國內地: 1 GB</a>" in client.get("/zh-hant/articles/bay-caps/").content.decode()
    client.force_login(EditorFactory(is_staff=True))
    assert (
        "[[fact bay-rules hotspot.kap]]: no rule with this key" in client.get("/en/articles/bay-caps/").content.decode()
    )


def test_a_quoted_rule_that_changes_puts_the_article_in_the_review_queue(quoted_rule):
    article, (everywhere, _mainland) = quoted_rule
    Article.objects.filter(pk=article.pk).update(reviewed_at="2026-01-01T00:00:00Z")
    assert not Article.objects.needing_review().filter(pk=article.pk).exists()

    everywhere.note_en = "Only the note changed."
    everywhere.save()
    assert not Article.objects.needing_review().filter(pk=article.pk).exists()  # a note is not the rule

    everywhere.set_value("3 GB")
    everywhere.save()
    assert list(Article.objects.needing_review()) == [article]
    changed = Article.objects.get(pk=article.pk).changed_rules()
    with translation.override("en"):
        assert [(change.rule_id, change.region_id, change.describe()) for change in changed] == [
            (everywhere.attribute_id, None, "Hotspot · Cap lowered from 5 GB to 3 GB")
        ]
