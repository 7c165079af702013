"""Roles hold on every path that writes: forms, list_editable, list actions, spreadsheet import, restore, the
verify button and hand-posted URLs. Every user here holds exactly one role; none is a superuser."""

from decimal import Decimal

import pytest
import reversion
from django.test import Client
from django.urls import reverse

from articles.models import Article
from carriers.models import Feature, Plan, PlanFeature, Support
from tests.carriers.test_spreadsheets import PLAN_HEADER, confirm, upload
from tests.factories import (
    ArticleFactory,
    DataMaintainerFactory,
    EditorFactory,
    FeatureFactory,
    PlanFactory,
    PlanFeatureFactory,
)

pytestmark = pytest.mark.django_db


def signed_in(user, language="en"):
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    return client


@pytest.fixture
def editor():
    return signed_in(EditorFactory())


@pytest.fixture
def maintainer():
    return signed_in(DataMaintainerFactory())


@pytest.fixture
def plan(db):
    plan = PlanFactory(slug="karachi-30", name_en="Karachi 30", price=Decimal("480"), currency="PKR")
    PlanFeatureFactory(plan=plan, feature=FeatureFactory(slug="hotspot"), support=Support.NO, verified_on=None)
    return plan


def plan_csv(plan, **changes):
    values = {
        "slug": plan.slug, "carrier": plan.carrier.slug, "name_zh_hans": plan.name_zh_hans, "name_en": plan.name_en,
        "plan_type": plan.plan_type, "data_gb": "10", "is_unlimited_data": "0", "validity_days": "30",
        "price": "480", "currency": "PKR", "is_5g": "0", "purchase_url": "", "is_active": "1",
        **changes,
    }  # fmt: skip
    return (PLAN_HEADER + "\n" + ",".join(values[name] for name in PLAN_HEADER.split(",")) + "\n").encode()


def facts(plan):
    plan = Plan.objects.get(pk=plan.pk)
    row = plan.feature_rows.get()
    return (plan.price, plan.is_active, row.support, row.verified_on)


def test_editor_spreadsheet_import_cannot_change_a_price_and_writes_nothing(editor, plan):
    before = facts(plan)

    response, html = upload(editor, "admin:carriers_plan_import", plan_csv(plan, price="1", is_active="0"))

    assert response.status_code == 200
    assert "Your role may not change this column" in html
    assert "confirm_form" not in html and 'name="import_file_name"' not in html  # no way to confirm
    assert facts(plan) == before


def test_editor_spreadsheet_import_cannot_create_a_plan(editor, plan):
    csv = plan_csv(plan, slug="new-plan")

    _response, html = upload(editor, "admin:carriers_plan_import", csv)

    assert "Your role may not add new records" in html
    assert not Plan.objects.filter(slug="new-plan").exists()


def test_editor_spreadsheet_import_cannot_turn_a_hotspot_answer_to_yes(editor, plan):
    csv = (
        "plan,feature,support,value,note_zh_hans,note_zh_hant,note_en,source_url,verified_on\n"
        f"{plan.slug},hotspot,yes,,,,,,\n"
    ).encode()

    _response, html = upload(editor, "admin:carriers_planfeature_import", csv)

    assert "Your role may not change this column" in html
    assert PlanFeature.objects.get(plan=plan).support == Support.NO


def test_editor_spreadsheet_import_may_change_a_plan_name(editor, plan):
    _response, html = upload(editor, "admin:carriers_plan_import", plan_csv(plan, name_en="Karachi Thirty"))
    confirm(editor, "admin:carriers_plan_process_import", html)

    plan.refresh_from_db()
    assert plan.name_en == "Karachi Thirty" and plan.price == Decimal("480")


def test_data_maintainer_spreadsheet_import_changes_the_price(maintainer, plan):
    _response, html = upload(maintainer, "admin:carriers_plan_import", plan_csv(plan, price="450"))
    confirm(maintainer, "admin:carriers_plan_process_import", html)

    assert Plan.objects.get(pk=plan.pk).price == Decimal("450")


def test_editor_restore_of_an_older_plan_version_leaves_the_price(editor, plan):
    with reversion.create_revision():
        Plan.objects.get(pk=plan.pk).save()
    old = reversion.models.Version.objects.get_for_object(plan).get()
    current = Plan.objects.get(pk=plan.pk)
    current.price, current.name_en = Decimal("999"), "Renamed"
    with reversion.create_revision():
        current.save()
    url = reverse("admin:carriers_plan_restore", args=[plan.pk, old.pk])

    page = editor.get(url).content.decode()
    editor.post(url, {"seen_version": Plan.objects.get(pk=plan.pk).lock_version, "include_guarded": "1"})

    restored = Plan.objects.get(pk=plan.pk)
    assert "Your role may not change these fields" in page
    assert (restored.name_en, restored.price) == ("Karachi 30", Decimal("999"))


def test_editor_verify_button_is_refused_with_a_page_and_records_nothing(editor, plan):
    response = editor.post(reverse("admin:carriers_plan_verify", args=[plan.pk]))

    assert response.status_code == 403
    assert "Your role does not allow this change" in response.content.decode()
    assert PlanFeature.objects.get(plan=plan).verified_on is None


def test_editor_verify_action_is_not_offered_and_a_hand_posted_one_changes_nothing(editor, plan):
    changelist = reverse("admin:carriers_plan_changelist")
    assert "mark_plans_verified" not in editor.get(changelist).content.decode()

    editor.post(changelist, {"action": "mark_plans_verified", "_selected_action": [plan.pk]})

    assert PlanFeature.objects.get(plan=plan).verified_on is None


def test_editor_list_editable_on_features_changes_nothing(editor):
    feature = FeatureFactory(slug="roaming", is_filterable=True, display_order=3)
    changelist = reverse("admin:carriers_feature_changelist")
    assert 'name="form-0-is_filterable"' not in editor.get(changelist).content.decode()

    editor.post(
        changelist,
        {
            "form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "1", "form-0-id": feature.pk,
            "form-0-is_filterable": "", "form-0-display_order": "99", "_save": "Save",
        },
    )  # fmt: skip

    feature = Feature.objects.get(pk=feature.pk)
    assert (feature.is_filterable, feature.display_order) == (True, 3)


def test_data_maintainer_list_editable_on_features_works(maintainer):
    feature = FeatureFactory(slug="roaming", is_filterable=True, display_order=3)
    changelist = reverse("admin:carriers_feature_changelist")

    maintainer.post(
        changelist,
        {
            "form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "1", "form-0-id": feature.pk,
            "form-0-display_order": "7", "_save": "Save",
        },
    )  # fmt: skip

    assert Feature.objects.get(pk=feature.pk).display_order == 7


def test_editor_plan_form_post_with_a_new_price_keeps_the_old_one(editor, plan):
    from tests.editorial.test_locking import plan_form_data

    editor.post(reverse("admin:carriers_plan_change", args=[plan.pk]), plan_form_data(plan, price="1"))

    assert Plan.objects.get(pk=plan.pk).price == Decimal("480")


def test_data_maintainer_cannot_mark_articles_reviewed(maintainer):
    article = ArticleFactory()
    changelist = reverse("admin:articles_article_changelist")
    assert "mark_facts_reviewed" not in maintainer.get(changelist).content.decode()

    maintainer.post(changelist, {"action": "mark_facts_reviewed", "_selected_action": [article.pk]})

    assert Article.objects.get(pk=article.pk).reviewed_at is None


def test_refused_action_page_is_in_the_admins_language(plan):
    client = signed_in(EditorFactory(), language="zh-hans")

    response = client.post(reverse("admin:carriers_plan_verify", args=[plan.pk]))

    html = response.content.decode()
    assert response.status_code == 403 and "您的角色" in html and "Forbidden" not in html


ROLE_FACTORIES = [EditorFactory, DataMaintainerFactory]
OBJECT_PAGES = ["change", "history", "delete"]


def admin_pages(obj_ids):
    """Every list, add and per-record page of every registered model, for a real record and for ids that are not."""
    from django.contrib import admin

    for model in admin.site._registry:
        info = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        yield reverse(f"{info}_changelist")
        yield reverse(f"{info}_add")
        for object_id in ["abc", "999999", "1%2F2", obj_ids.get(model, "1")]:
            for page in OBJECT_PAGES:
                yield reverse(f"{info}_{page}", args=[object_id])
            for name in ["compare", "restore", "verify", "preview", "mark_reviewed"]:
                try:
                    yield reverse(f"{info}_{name}", args=[object_id, *([1] if name == "restore" else [])])
                except Exception:  # noqa: BLE001, S112 - this model has no such page
                    continue


@pytest.mark.parametrize("factory", ROLE_FACTORIES, ids=["editor", "data-maintainer"])
def test_every_admin_page_answers_without_a_server_error_for_each_role(factory, plan):
    client = signed_in(factory())
    client.raise_request_exception = False
    article = ArticleFactory()
    ids = {Plan: plan.pk, Article: article.pk}

    statuses = {url: client.get(url).status_code for url in admin_pages(ids)}
    statuses.update({url: client.post(url).status_code for url in list(statuses) if "abc" in url})

    assert {url: code for url, code in statuses.items() if code >= 500} == {}
    assert statuses[reverse("admin:carriers_plan_change", args=["abc"])] in (302, 404)
    assert statuses[reverse("admin:carriers_plan_history", args=["abc"])] == 404


def test_with_redis_down_an_editor_signs_in_and_saves(client, unreachable_cache):
    from tests.editorial.test_history import change_data

    EditorFactory(username="mei")
    article = ArticleFactory(title_en="Before", draft=True)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"

    signed_in = client.post(
        reverse("admin:login"), {"username": "mei", "password": "correct horse battery", "next": "/admin/"}
    )
    saved = client.post(
        reverse("admin:articles_article_change", args=[article.pk]), change_data(article, title_en="After")
    )

    assert signed_in.status_code == 302 and saved.status_code == 302
    assert Article.objects.get(pk=article.pk).title_en == "After"
    assert client.get(reverse("admin:index")).status_code == 200


def test_queue_rows_link_to_the_record_to_fix(maintainer, editor):
    row = PlanFeatureFactory(verified_on=None)
    article = ArticleFactory()
    article.regions.add(row.plan.carrier.region)
    PlanFeature.objects.filter(pk=row.pk).update(support="no")  # after the article was published

    overdue = maintainer.get(reverse("admin:carriers_overduefact_changelist")).content.decode()
    to_review = editor.get(reverse("admin:articles_articletoreview_changelist")).content.decode()

    assert f'href="{reverse("admin:carriers_plan_change", args=[row.plan.pk])}"' in overdue
    assert f'href="{reverse("admin:articles_article_change", args=[article.pk])}"' in to_review


def test_the_editors_admin_index_links_only_queues_the_editor_can_open(editor):
    html = editor.get(reverse("admin:index")).content.decode()

    assert reverse("admin:carriers_overduefact_changelist") not in html
    assert editor.get(reverse("admin:carriers_overduefact_changelist")).status_code == 403
