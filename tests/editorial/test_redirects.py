"""Renamed records keep their old addresses: 301 to the new one in every language; chains collapse, loops are
refused, and a redirect never hides a live page."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation

from articles.models import Article
from carriers.models import Plan
from editorial.models import Redirect
from tests.factories import ArticleFactory, DataMaintainerFactory, EditorFactory, PlanFactory

pytestmark = pytest.mark.django_db


def rename(record, slug):
    record = type(record).objects.get(pk=record.pk)
    record.slug = slug
    record.save()
    return record


@pytest.mark.parametrize("language", ["zh-hans", "zh-hant", "en"])
def test_a_renamed_articles_old_address_answers_301_in_every_language(client, language):
    article = rename(ArticleFactory(slug="hk-hotspot"), "hong-kong-hotspot")

    response = client.get(f"/{language}/articles/hk-hotspot/")
    shared = client.get(f"/{language}/articles/hk-hotspot/?ref=feed", follow=True)  # junk dropped, then moved

    assert response.status_code == 301
    assert response["Location"] == f"/{language}/articles/hong-kong-hotspot/"
    assert shared.status_code == 200 and shared.redirect_chain[-1][0] == f"/{language}/articles/hong-kong-hotspot/"
    assert Article.objects.get(pk=article.pk).slug == "hong-kong-hotspot"


def test_a_chain_of_renames_collapses_to_the_newest_address(client):
    plan = PlanFactory(slug="first")
    rename(plan, "second")
    rename(plan, "third")

    assert dict(Redirect.objects.values_list("old_path", "new_path")) == {
        "/plans/first/": "/plans/third/",
        "/plans/second/": "/plans/third/",
    }
    assert client.get("/en/plans/first/")["Location"] == "/en/plans/third/"


def test_renaming_back_removes_the_redirect_from_the_live_address(client):
    plan = PlanFactory(slug="alpha")
    rename(plan, "beta")
    rename(plan, "alpha")

    assert dict(Redirect.objects.values_list("old_path", "new_path")) == {"/plans/beta/": "/plans/alpha/"}
    assert client.get("/en/plans/alpha/").status_code == 200


def test_a_redirect_never_hides_a_live_page(client):
    PlanFactory(slug="live")
    Redirect.objects.create(old_path="/plans/live/", new_path="/plans/elsewhere/")

    assert client.get("/en/plans/live/").status_code == 200


def test_a_loop_of_redirects_is_refused():
    Redirect.objects.create(old_path="/plans/a/", new_path="/plans/b/")
    loop = Redirect(old_path="/plans/b/", new_path="/plans/a/")

    with translation.override("en"), pytest.raises(ValidationError, match="loop of redirects back to /plans/b/"):
        loop.full_clean()


def test_editors_keep_redirects_in_the_admin_with_paths_cleaned(client):
    client.force_login(EditorFactory())
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"

    response = client.post(
        reverse("admin:editorial_redirect_add"), {"old_path": "/en/articles/old/", "new_path": "articles/new/"}
    )
    refused = client.post(
        reverse("admin:editorial_redirect_add"), {"old_path": "/x/", "new_path": "https://evil.example/"}
    )

    assert response.status_code == 302
    assert Redirect.objects.get().new_path == "/articles/new/" and Redirect.objects.get().old_path == "/articles/old/"
    assert "Enter a path on this site" in refused.content.decode()


def test_a_data_maintainer_renaming_a_plan_in_the_admin_keeps_the_old_address(client):
    from tests.editorial.test_locking import plan_form_data

    plan = PlanFactory(slug="old-plan")
    admin = Client(HTTP_ACCEPT_LANGUAGE="en")
    admin.force_login(DataMaintainerFactory())

    admin.post(reverse("admin:carriers_plan_change", args=[plan.pk]), plan_form_data(plan, slug="new-plan"))

    assert Plan.objects.get(pk=plan.pk).slug == "new-plan"
    assert client.get("/zh-hant/plans/old-plan/")["Location"] == "/zh-hant/plans/new-plan/"
