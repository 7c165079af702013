import pytest
from django.core.management import call_command

from articles.models import Article
from carriers.models import Carrier, Feature, Plan, PlanFeature, Region

pytestmark = pytest.mark.django_db


def counts():
    return [m.objects.count() for m in (Region, Carrier, Feature, Plan, PlanFeature, Article)]


def test_demo_content_meets_the_brief_and_loads_twice_without_duplicates():
    call_command("load_demo", verbosity=0)
    first = counts()
    call_command("load_demo", verbosity=0)

    assert counts() == first
    assert {"hong-kong", "united-states", "pakistan"} <= set(Region.objects.values_list("slug", flat=True))
    assert Region.objects.count() >= 4 and Carrier.objects.count() >= 9 and Plan.objects.count() >= 24
    assert {"hotspot", "cross-border-data", "family-sharing", "5g"} <= set(
        Feature.objects.values_list("slug", flat=True)
    )
    assert Feature.objects.count() >= 6
    assert Article.objects.published().count() >= 6


def test_every_demo_plan_has_a_row_per_feature_and_notes_in_both_languages():
    call_command("load_demo", verbosity=0)

    # Every feature that is a column of the list; "plan terms" has rules, not answers.
    assert PlanFeature.objects.count() == Plan.objects.count() * Feature.objects.filter(is_filterable=True).count()
    assert not Feature.objects.filter(is_filterable=False).exclude(slug="plan-terms").exists()
    assert not PlanFeature.objects.filter(note_en="").exists()
    assert not PlanFeature.objects.exclude(note_en__contains="Demo data").exists()
    assert not PlanFeature.objects.exclude(note_zh_hans__contains="演示数据").exists()


def test_demo_articles_have_both_languages():
    call_command("load_demo", verbosity=0)

    assert not Article.objects.filter(title_en="").exists()
    assert not Article.objects.filter(body_zh_hans="").exists()
    assert Article.objects.filter(regions__slug="hong-kong", features__slug="hotspot").exists()


def test_dry_run_saves_nothing():
    call_command("load_demo", "--dry-run", verbosity=0)

    assert counts() == [0, 0, 0, 0, 0, 0]


def test_reloading_unchanged_demo_articles_keeps_their_updated_dates():
    call_command("load_demo", verbosity=0)
    before = dict(Article.objects.values_list("slug", "updated_at"))
    call_command("load_demo", verbosity=0)

    assert dict(Article.objects.values_list("slug", "updated_at")) == before


def test_loading_again_never_undoes_an_editors_changes():
    call_command("load_demo", verbosity=0)
    plan = Plan.objects.order_by("slug").first()
    plan.name_en = "Renamed by an editor"
    plan.save()
    row = PlanFeature.objects.filter(plan=plan).first()
    row.source_url = "https://example.com/terms"
    row.save()
    article = Article.objects.first()
    article.body_en = "Rewritten by an editor."
    article.save()

    call_command("load_demo", verbosity=0)

    assert Plan.objects.get(pk=plan.pk).name_en == "Renamed by an editor"
    assert PlanFeature.objects.get(pk=row.pk).source_url == "https://example.com/terms"
    assert Article.objects.get(pk=article.pk).body_en == "Rewritten by an editor."


def test_demo_regions_and_features_get_importer_keywords():
    call_command("load_demo", verbosity=0)

    assert "HK" in Region.objects.get(slug="hong-kong").keyword_list()
    assert "熱點" in Feature.objects.get(slug="hotspot").keyword_list()
