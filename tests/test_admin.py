import pytest
from django.urls import reverse

from articles.models import Article
from carriers.models import Feature, Plan
from editorial import roles
from tests.factories import CarrierFactory, EditorAndMaintainerFactory, PlanFeatureFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client):
    client.force_login(EditorAndMaintainerFactory(role=[roles.CHIEF_EDITOR]))
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def inline_management(prefix, total):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def test_editor_creates_plan_with_feature_rows_and_article_then_readers_see_both(
    editor_client, client, hong_kong, hotspot
):
    carrier = CarrierFactory(region=hong_kong)
    plan_data = {
        "carrier": carrier.pk,
        "slug": "harbour-10",
        "name_zh_hans": "海港 10GB",
        "name_en": "Harbour 10 GB",
        "plan_type": "travel",
        "data_gb": "10",
        "validity_days": "8",
        "price": "88",
        "currency": "HKD",
        "is_active": "on",
        "purchase_url": "https://example.com/harbour",
        **inline_management("feature_rows", 1),
        **inline_management("rule_values", 0),
        "feature_rows-0-feature": hotspot.pk,
        "feature_rows-0-support": "limited",
        "feature_rows-0-value": "5",
        "feature_rows-0-note_zh_hans": "热点上限 5GB。",
        "feature_rows-0-note_en": "Hotspot capped at 5 GB.",
        "feature_rows-0-source_url": "https://example.com/terms",
        "feature_rows-0-verified_on": "2026-11-01",
    }
    response = editor_client.post(reverse("admin:carriers_plan_add"), plan_data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""

    article_data = {
        "slug": "harbour-hotspot",
        "title_zh_hans": "海港卡能开热点吗？",
        "title_en": "Can Harbour share a hotspot?",
        "summary_zh_hans": "可以，上限 5GB。",
        "summary_en": "Yes, up to 5 GB.",
        "body_zh_hans": "## 回答\n\n可以开热点。",
        "body_en": "## Answer\n\nYou can tether.",
        "status": "published",
        "published_at_0": "2026-11-01",
        "published_at_1": "10:00:00",
        "regions": [hong_kong.pk],
        "features": [hotspot.pk],
    }
    response = editor_client.post(reverse("admin:articles_article_add"), article_data)
    assert response.status_code == 302

    plan = Plan.objects.get(slug="harbour-10")
    assert (plan.name_zh_hans, plan.name_en) == ("海港 10GB", "Harbour 10 GB")
    assert plan.feature_rows.get().note_en == "Hotspot capped at 5 GB."
    assert Article.objects.published().filter(slug="harbour-hotspot").exists()

    zh = client.get("/zh-hans/articles/harbour-hotspot/").content.decode()
    en = client.get("/en/articles/harbour-hotspot/").content.decode()
    assert "海港卡能开热点吗？" in zh and "海港 10GB" in zh and "有限制 · 5" in zh
    assert "Can Harbour share a hotspot?" in en and "Harbour 10 GB" in en and "Limited · 5" in en
    assert "Harbour 10 GB" in client.get("/en/plans/?region=hong-kong&hotspot=limited").content.decode()
    assert "热点上限 5GB。" in client.get("/zh-hans/plans/harbour-10/").content.decode()


def test_draft_saved_in_admin_stays_off_the_public_site(editor_client, client):
    data = {"slug": "wip", "title_zh_hans": "草稿", "title_en": "Draft", "status": "draft"}
    assert editor_client.post(reverse("admin:articles_article_add"), data).status_code == 302

    assert client.get("/en/articles/wip/").status_code == 404


def test_feature_slug_that_clashes_with_a_filter_parameter_is_refused(editor_client):
    for slug in ("sort", "page", "hotspot_min"):
        data = {"slug": slug, "name_zh_hans": "排序", "name_en": "Sort", "display_order": "1", "is_filterable": "on"}
        response = editor_client.post(reverse("admin:carriers_feature_add"), data)

        assert response.status_code == 200
        assert "is used by the plan list" in response.content.decode()
    assert not Feature.objects.exists()


def test_feature_added_in_admin_appears_as_filter(editor_client, client):
    data = {
        "slug": "esim-qr",
        "name_zh_hans": "二维码激活",
        "name_en": "eSIM QR activation",
        "display_order": "5",
        "is_filterable": "on",
        **inline_management("rules", 0),
    }
    assert editor_client.post(reverse("admin:carriers_feature_add"), data).status_code == 302

    html = client.get("/en/plans/").content.decode()
    assert "eSIM QR activation" in html and 'name="esim-qr"' in html


def test_unlimited_plan_with_a_data_amount_is_refused_with_a_message(editor_client, hong_kong):
    carrier = CarrierFactory(region=hong_kong)
    data = {
        "carrier": carrier.pk,
        "slug": "odd",
        "name_zh_hans": "怪",
        "name_en": "Odd",
        "plan_type": "prepaid",
        "data_gb": "10",
        "is_unlimited_data": "on",
        "validity_days": "30",
        "price": "10",
        "currency": "HKD",
        **inline_management("feature_rows", 0),
        **inline_management("rule_values", 0),
    }

    response = editor_client.post(reverse("admin:carriers_plan_add"), data)

    assert response.status_code == 200
    assert "Leave the data amount empty for an unlimited plan." in response.content.decode()
    assert not Plan.objects.exists()


def test_admin_messages_follow_the_editors_language(editor_client, hong_kong):
    data = {
        "carrier": CarrierFactory(region=hong_kong).pk,
        "slug": "odd",
        "name_zh_hans": "怪",
        "name_en": "Odd",
        "plan_type": "prepaid",
        "validity_days": "30",
        "price": "10",
        "currency": "HKD",
        **inline_management("feature_rows", 0),
        **inline_management("rule_values", 0),
    }

    response = editor_client.post(reverse("admin:carriers_plan_add"), data, HTTP_ACCEPT_LANGUAGE="zh-CN")

    assert "请填写数据量，或勾选“无限流量”。" in response.content.decode()


@pytest.mark.parametrize(
    "model",
    [
        "carriers_region",
        "carriers_carrier",
        "carriers_feature",
        "carriers_plan",
        "carriers_planfeature",
        "articles_article",
    ],
)
def test_admin_lists_search_and_filter(editor_client, model, hotspot):
    PlanFeatureFactory(feature=hotspot)
    url = reverse(f"admin:{model}_changelist")

    assert editor_client.get(url).status_code == 200
    assert editor_client.get(url, {"q": "香港"}).status_code == 200
    assert editor_client.get(url, {"q": "plan"}).status_code == 200


def test_admin_add_forms_show_both_language_tabs(editor_client):
    html = editor_client.get(reverse("admin:carriers_plan_add")).content.decode()

    assert 'name="name_zh_hans"' in html and 'name="name_en"' in html
    assert "vendor/jquery-ui/jquery-ui.min.js" in html
    assert "googleapis" not in html
