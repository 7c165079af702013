"""No lost updates: a save based on an older version is refused and the first editor's values remain."""

import pytest
from django.test import Client
from django.urls import reverse

from articles.models import Article
from carriers.models import Plan, PlanFeature
from editorial.models import StaleEdit
from tests.factories import ArticleFactory, EditorAndMaintainerFactory, PlanFactory, PlanFeatureFactory

pytestmark = pytest.mark.django_db


def rule_rows_data(plan):
    """The plan form's rule rows as the admin page posts them back, unchanged."""
    values = list(plan.rule_values.select_related("attribute"))
    data = {"rule_values-TOTAL_FORMS": len(values), "rule_values-INITIAL_FORMS": len(values),
            "rule_values-MIN_NUM_FORMS": 0, "rule_values-MAX_NUM_FORMS": 1000}  # fmt: skip
    for index, row in enumerate(values):
        prefix = f"rule_values-{index}-"
        data.update({f"{prefix}id": row.pk, f"{prefix}plan": plan.pk, f"{prefix}attribute": row.attribute_id,
                     f"{prefix}region": row.region_id or "", f"{prefix}value": row.as_text(),
                     f"{prefix}note_zh_hans": row.note_zh_hans or "", f"{prefix}note_en": row.note_en or "",
                     f"{prefix}source_url": row.source_url,
                     f"{prefix}verified_on": row.verified_on.isoformat() if row.verified_on else "",
                     f"{prefix}seen_version": row.lock_version})  # fmt: skip
    return data


def plan_form_data(plan, rows=None, **overrides):
    plan = Plan.objects.get(pk=plan.pk)
    rows = list(plan.feature_rows.all()) if rows is None else rows
    data = {
        "carrier": plan.carrier_id,
        "slug": plan.slug,
        "name_zh_hans": plan.name_zh_hans,
        "name_en": plan.name_en,
        "plan_type": plan.plan_type,
        "data_gb": plan.data_gb or "",
        "validity_days": plan.validity_days,
        "price": plan.price,
        "currency": plan.currency,
        "is_active": "on",
        "seen_version": plan.lock_version,
        "feature_rows-TOTAL_FORMS": len(rows),
        "feature_rows-INITIAL_FORMS": len(rows),
        "feature_rows-MIN_NUM_FORMS": 0,
        "feature_rows-MAX_NUM_FORMS": 1000,
        **rule_rows_data(plan),
    }
    for index, row in enumerate(rows):
        prefix = f"feature_rows-{index}-"
        data.update(
            {
                f"{prefix}id": row.pk,
                f"{prefix}plan": plan.pk,
                f"{prefix}feature": row.feature_id,
                f"{prefix}support": row.support,
                f"{prefix}value": row.value if row.value is not None else "",
                f"{prefix}note_zh_hans": row.note_zh_hans or "",
                f"{prefix}note_en": row.note_en or "",
                f"{prefix}source_url": row.source_url,
                f"{prefix}verified_on": row.verified_on.isoformat() if row.verified_on else "",
                f"{prefix}seen_version": row.lock_version,
            }
        )
    data.update(overrides)
    return data


def editor_client(language="en"):
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(EditorAndMaintainerFactory())
    return client


def test_second_save_of_the_same_version_is_refused_and_shows_what_changed():
    plan = PlanFactory(price=100, name_en="Harbour")
    first, second = editor_client(), editor_client()
    url = reverse("admin:carriers_plan_change", args=[plan.pk])
    seen_by_both = plan_form_data(plan)
    first.post(url, seen_by_both)  # records the version both editors opened
    opened = plan_form_data(plan)

    assert first.post(url, {**opened, "price": "120"}).status_code == 302
    response = second.post(url, {**opened, "name_en": "Harbour Plus"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "Someone else saved" in html and "They changed price: 100.00 → 120.00" in html
    plan = Plan.objects.get(pk=plan.pk)
    assert (plan.price, plan.name_en) == (120, "Harbour")


def test_refusal_speaks_the_editors_language():
    plan = PlanFactory()
    url = reverse("admin:carriers_plan_change", args=[plan.pk])
    opened = plan_form_data(plan)
    editor_client().post(url, {**opened, "price": "150"})

    html = editor_client("zh-hans").post(url, opened).content.decode()

    assert "其他人在你编辑期间保存了" in html


def test_stale_inline_feature_row_is_refused_and_the_first_value_remains(hotspot):
    import reversion

    plan = PlanFactory()
    with reversion.create_revision():  # history knows the version the editor opened
        row = PlanFeatureFactory(plan=plan, feature=hotspot, support="yes")
    url = reverse("admin:carriers_plan_change", args=[plan.pk])
    opened = plan_form_data(plan)

    assert (
        editor_client()
        .post(url, {**opened, "feature_rows-0-support": "limited", "feature_rows-0-value": "5"})
        .status_code
        == 302
    )
    stale = {**opened, "seen_version": Plan.objects.get(pk=plan.pk).lock_version, "feature_rows-0-support": "no"}
    response = editor_client().post(url, stale)

    html = response.content.decode()
    assert response.status_code == 200 and "Someone else saved" in html
    assert "They changed support: Yes → Limited" in html
    assert "previous support" not in html and "fact changed at" not in html  # bookkeeping is not shown
    assert PlanFeature.objects.get(pk=row.pk).support == "limited"


def test_row_changed_by_someone_else_blocks_a_save_that_would_write_it_back(hotspot, family_sharing):
    plan = PlanFactory(price=100)
    PlanFeatureFactory(plan=plan, feature=hotspot)
    other = PlanFeatureFactory(plan=plan, feature=family_sharing, support="no")
    opened = plan_form_data(plan)
    other.support = "yes"
    other.save()  # a colleague changes the second row meanwhile

    response = editor_client().post(reverse("admin:carriers_plan_change", args=[plan.pk]), {**opened, "price": "99"})

    # The form still holds "no" for that row; saving it would silently undo the colleague's "yes".
    assert response.status_code == 200 and "Someone else saved" in response.content.decode()
    assert PlanFeature.objects.get(pk=other.pk).support == "yes"
    assert Plan.objects.get(pk=plan.pk).price == 100


def test_rows_nobody_else_changed_save_normally(hotspot):
    plan = PlanFactory(price=100)
    PlanFeatureFactory(plan=plan, feature=hotspot, support="yes")
    opened = plan_form_data(plan)

    response = editor_client().post(reverse("admin:carriers_plan_change", args=[plan.pk]), {**opened, "price": "99"})

    assert response.status_code == 302
    assert Plan.objects.get(pk=plan.pk).price == 99


def test_database_refuses_a_save_that_raced_past_the_form_check():
    article = ArticleFactory()
    first = Article.objects.get(pk=article.pk)
    second = Article.objects.get(pk=article.pk)
    first.expected_lock_version = first.lock_version
    first.title_en = "First"
    first.save()

    second.expected_lock_version = second.lock_version
    second.title_en = "Second"
    with pytest.raises(StaleEdit):
        second.save()
    assert Article.objects.get(pk=article.pk).title_en == "First"


def test_every_save_increments_the_version():
    article = ArticleFactory()
    before = article.lock_version
    article.save()
    article.save()
    assert Article.objects.get(pk=article.pk).lock_version == before + 2


def test_a_change_form_posted_without_its_version_is_refused_and_changes_nothing():
    article = ArticleFactory(title_en="Colleague's title")
    from tests.editorial.test_history import change_data

    data = change_data(article, title_en="Overwritten")
    del data["seen_version"]
    response = editor_client().post(reverse("admin:articles_article_change", args=[article.pk]), data)

    assert response.status_code == 200 and "does not say which version" in response.content.decode()
    assert Article.objects.get(pk=article.pk).title_en == "Colleague's title"
