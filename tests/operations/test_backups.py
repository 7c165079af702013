"""Backup and restore round-trip every record, on the database the suite runs on (SQLite or PostgreSQL)."""

import io

import pytest
from django.core.management import call_command

from articles.models import Article
from carriers.models import Plan, PlanFeature
from tests.factories import ArticleFactory, EditorFactory, plan_with_features

pytestmark = pytest.mark.django_db(transaction=True)

EXCLUDED = ["contenttypes", "auth.permission", "sessions", "axes", "reversion"]


def snapshot():
    out = io.StringIO()
    call_command("dumpdata", "--natural-foreign", *[f"--exclude={name}" for name in EXCLUDED], stdout=out)
    return out.getvalue()


def test_backup_then_restore_brings_back_every_record_exactly(tmp_path, hotspot, family_sharing, hong_kong):
    EditorFactory()
    for index in range(3):
        plan_with_features(slug=f"plan-{index}", support_by_feature={hotspot: "yes", family_sharing: ("limited", 5)})
    ArticleFactory(slug="kept", title_en="Kept")
    before = snapshot()
    counts = (Plan.objects.count(), PlanFeature.objects.count(), Article.objects.count())
    dump = tmp_path / "esimguide.backup"

    call_command("backup", str(dump), stdout=io.StringIO())
    Plan.objects.filter(slug="plan-0").delete()
    Article.objects.update(title_en="Vandalised")
    ArticleFactory(slug="added-after-backup")
    call_command("restore", str(dump), "--yes", stdout=io.StringIO())

    assert (Plan.objects.count(), PlanFeature.objects.count(), Article.objects.count()) == counts == (3, 6, 1)
    assert snapshot() == before


def test_restore_of_a_missing_file_is_a_clear_error_and_changes_nothing(tmp_path):
    from django.core.management import CommandError

    ArticleFactory(slug="still-here")
    with pytest.raises(CommandError, match="no such backup file"):
        call_command("restore", str(tmp_path / "nope.dump"), "--yes")
    assert Article.objects.filter(slug="still-here").exists()
