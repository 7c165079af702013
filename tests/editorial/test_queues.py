"""Verification queue, articles to review, and the queues on the admin index."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from carriers.models import PlanFeature
from tests.factories import ArticleFactory, CarrierFactory, PlanFactory, PlanFeatureFactory

pytestmark = pytest.mark.django_db


def days_ago(days):
    return timezone.localdate() - datetime.timedelta(days=days)


def test_mark_verified_action_records_who_and_today(admin_client, editor):
    row = PlanFeatureFactory(verified_on=days_ago(400))

    admin_client.post(
        reverse("admin:carriers_planfeature_changelist"),
        {"action": "mark_rows_verified", "_selected_action": [row.pk]},
    )

    row.refresh_from_db()
    assert (row.verified_on, row.verified_by) == (timezone.localdate(), editor)


def test_plan_form_button_marks_every_row_verified(admin_client, editor, hotspot, family_sharing):
    plan = PlanFactory()
    PlanFeatureFactory(plan=plan, feature=hotspot, verified_on=None)
    PlanFeatureFactory(plan=plan, feature=family_sharing, verified_on=days_ago(300))
    assert (
        "Mark all features verified today"
        in admin_client.get(reverse("admin:carriers_plan_change", args=[plan.pk])).content.decode()
    )

    admin_client.post(reverse("admin:carriers_plan_verify", args=[plan.pk]))

    assert set(plan.feature_rows.values_list("verified_on", "verified_by")) == {(timezone.localdate(), editor.pk)}


def test_overdue_queue_lists_unverified_and_old_rows_oldest_first(admin_client, hotspot, family_sharing, settings):
    settings.STALE_AFTER_DAYS = 180
    fresh = PlanFeatureFactory(feature=hotspot, verified_on=days_ago(10))
    old = PlanFeatureFactory(feature=hotspot, verified_on=days_ago(200))
    older = PlanFeatureFactory(feature=family_sharing, verified_on=days_ago(500))
    never = PlanFeatureFactory(feature=family_sharing, verified_on=None)

    assert list(PlanFeature.objects.overdue()) == [never, older, old]
    html = admin_client.get(reverse("admin:carriers_overduefact_changelist")).content.decode()
    assert str(old.plan) in html and str(never.plan) in html and str(fresh.plan) not in html


def test_article_needs_review_when_a_shown_fact_changes_and_says_what_changed(admin_client, hong_kong, hotspot):
    plan = PlanFactory(carrier=CarrierFactory(region=hong_kong), name_en="Harbour 10")
    row = PlanFeatureFactory(plan=plan, feature=hotspot, support="yes", value=10)
    article = ArticleFactory(title_en="Hotspots in Hong Kong", published_at=timezone.now() - datetime.timedelta(days=3))
    article.regions.add(hong_kong)
    article.features.add(hotspot)
    assert not Article.objects.needing_review().exists()

    row = PlanFeature.objects.get(pk=row.pk)
    row.support, row.value = "limited", 5
    row.save()

    assert list(Article.objects.needing_review()) == [article]
    html = admin_client.get(reverse("admin:articles_articletoreview_changelist")).content.decode()
    assert "Hotspots in Hong Kong" in html
    assert "Harbour 10 · Hotspot changed from Yes to Limited" in html
    assert "Harbour 10 · Hotspot lowered from 10 GB to 5 GB" in html

    admin_client.post(
        reverse("admin:articles_articletoreview_changelist"),
        {"action": "mark_facts_reviewed", "_selected_action": [article.pk]},
    )
    assert not Article.objects.needing_review().exists()


def test_fact_change_outside_the_articles_table_does_not_queue_it(hong_kong, united_states, hotspot):
    article = ArticleFactory()
    article.regions.add(hong_kong)
    article.features.add(hotspot)
    row = PlanFeatureFactory(plan=PlanFactory(carrier=CarrierFactory(region=united_states)), feature=hotspot)
    row = PlanFeature.objects.get(pk=row.pk)
    row.support = "no"
    row.save()

    assert not Article.objects.needing_review().exists()


def test_verifying_without_changing_the_answer_does_not_queue_articles(hong_kong, hotspot, editor):
    row = PlanFeatureFactory(plan=PlanFactory(carrier=CarrierFactory(region=hong_kong)), feature=hotspot)
    article = ArticleFactory()
    article.regions.add(hong_kong)
    PlanFeature.objects.get(pk=row.pk).mark_verified(user=editor)

    assert not Article.objects.needing_review().exists()


def test_admin_index_shows_queues_with_counts_and_links(admin_client, hotspot):
    ArticleFactory(draft=True)
    ArticleFactory(draft=True)
    ArticleFactory(title_en="")
    PlanFeatureFactory(feature=hotspot, verified_on=None)

    html = admin_client.get(reverse("admin:index")).content.decode()

    assert "Waiting for editors" in html
    assert '<span class="queue-count has-work">2</span> Draft articles' in html
    assert '<span class="queue-count has-work">1</span> Plan facts overdue for checking' in html
    assert "?state=draft" in html and "/admin/carriers/overduefact/" in html
    assert "English missing: articles" in html and "translation=en:missing" in html
