import pytest

from articles.models import Article
from tests.factories import ArticleFactory, CarrierFactory, plan_with_features

pytestmark = pytest.mark.django_db


def test_draft_article_is_404_for_readers(client):
    ArticleFactory(slug="secret", draft=True)

    assert client.get("/en/articles/secret/").status_code == 404
    assert "secret" not in client.get("/en/articles/").content.decode()


def test_article_scheduled_in_the_future_is_hidden(client):
    from datetime import timedelta

    from django.utils import timezone

    ArticleFactory(slug="later", published_at=timezone.now() + timedelta(days=2))

    assert client.get("/en/articles/later/").status_code == 404


def test_publishing_without_a_date_stamps_it_now():
    article = ArticleFactory(status=Article.Status.PUBLISHED, published_at=None)

    assert article.published_at is not None
    assert Article.objects.published().filter(pk=article.pk).exists()


def test_article_shows_live_plan_data_for_its_region_and_feature(client, hong_kong, united_states, hotspot):
    article = ArticleFactory(slug="hk-hotspot")
    article.regions.add(hong_kong)
    article.features.add(hotspot)
    hk_plan = plan_with_features(
        carrier=CarrierFactory(region=hong_kong), support_by_feature={hotspot: ("limited", 7)}, name_en="HK Seven"
    )
    plan_with_features(
        carrier=CarrierFactory(region=united_states), support_by_feature={hotspot: "yes"}, name_en="US Plan"
    )

    response = client.get("/en/articles/hk-hotspot/")
    html = response.content.decode()

    assert [p.pk for p in response.context["plans"]] == [hk_plan.pk]
    assert "HK Seven" in html and "US Plan" not in html
    assert "Limited · 7" in html


def test_live_table_changes_when_the_plan_record_changes(client, hong_kong, hotspot):
    article = ArticleFactory(slug="hk-hotspot")
    article.regions.add(hong_kong)
    article.features.add(hotspot)
    plan = plan_with_features(carrier=CarrierFactory(region=hong_kong), support_by_feature={hotspot: "yes"})
    plan.feature_rows.update(support="no")

    html = client.get("/en/articles/hk-hotspot/").content.decode()

    assert "support-no" in html and "support-yes" not in html


def test_article_list_paginates_without_errors(client, settings):
    ArticleFactory.create_batch(3)

    for page in ("1", "abc", "999"):
        response = client.get(f"/zh-hans/articles/?page={page}")
        assert response.status_code == 200
        assert len(response.context["articles"]) == 3


def test_empty_article_list_says_so(client):
    assert "还没有已发布的文章" in client.get("/zh-hans/articles/").content.decode()
