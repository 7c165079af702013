"""Roles created by a data migration: Editor (articles, translations) and Data maintainer (catalogue)."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse

from tests.factories import ArticleFactory, PlanFactory, UserFactory

pytestmark = pytest.mark.django_db


def with_role(client, role):
    user = UserFactory()
    call_command("grant_role", user.username, role, verbosity=0)
    client.force_login(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return user


def test_migration_created_both_groups_with_permissions():
    editor = Group.objects.get(name="Editor")
    maintainer = Group.objects.get(name="Data maintainer")
    assert editor.permissions.filter(codename="change_article").exists()
    assert not editor.permissions.filter(codename="add_plan").exists()
    assert maintainer.permissions.filter(codename="edit_facts").exists()
    assert not maintainer.permissions.filter(codename="change_article").exists()


def test_grant_role_makes_the_user_staff_and_a_group_member(client):
    user = with_role(client, "Editor")
    user.refresh_from_db()
    assert user.is_staff and list(user.groups.values_list("name", flat=True)) == ["Editor"]


def test_editor_changes_articles_but_cannot_add_plans(client):
    with_role(client, "Editor")
    article = ArticleFactory()

    assert client.get(reverse("admin:articles_article_change", args=[article.pk])).status_code == 200
    assert client.get(reverse("admin:carriers_plan_add")).status_code == 403


def test_editor_sees_plan_facts_read_only_and_may_translate_the_name(client):
    with_role(client, "Editor")
    plan = PlanFactory(price=100)

    html = client.get(reverse("admin:carriers_plan_change", args=[plan.pk])).content.decode()

    assert 'name="name_en"' in html and 'name="price"' not in html


def test_data_maintainer_changes_plans_but_only_reads_articles(client):
    with_role(client, "Data maintainer")
    plan = PlanFactory()
    article = ArticleFactory()

    html = client.get(reverse("admin:carriers_plan_change", args=[plan.pk])).content.decode()
    assert 'name="price"' in html
    article_page = client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    assert 'name="title_en"' not in article_page  # view only
    assert client.get(reverse("admin:articles_article_add")).status_code == 403


def test_unknown_user_is_a_clear_error():
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="No user named"):
        call_command("grant_role", "nobody", "Editor")
