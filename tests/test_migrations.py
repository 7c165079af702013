"""Each app's migrations touch only its own tables: no index, trigger or row of another of the project's apps.

Read from the migration files themselves (RunPython and raw SQL included), so it also holds for what
``makemigrations`` cannot see. Two things are allowed, both named here: the editorial app's roles are Django's
groups and permissions (the ``auth`` app's rows), and a trigger body may change a token of the shared revision
row at run time (``carriers_cataloguerevision``, the page cache's key), which the migration itself never writes.
"""

import re
from pathlib import Path

import pytest
from django.apps import apps

from tests.servers import ROOT

PROJECT_APPS = ["core", "editorial", "carriers", "images", "devices", "articles", "search", "feeds", "reports",
                "operations", "trips"]  # fmt: skip
ALLOWED_MODELS = {"editorial": {"auth"}}
TRIGGER_BODY_TABLES = {"carriers_cataloguerevision"}
MODEL = re.compile(r"""get_model\(\s*["'](\w+)["']""")
TABLE = re.compile(r"\b(?:ON|ALTER TABLE|INTO|INDEX ON)\s+(\w+)", re.IGNORECASE)


def table_owners():
    return {model._meta.db_table: model._meta.app_label for model in apps.get_models(include_auto_created=True)}


def migration_files():
    for label in PROJECT_APPS:
        for path in sorted(Path(ROOT, label, "migrations").glob("0*.py")):
            yield label, path


def foreign_references(label, text, owners):
    found = [f"model {app}" for app in MODEL.findall(text) if app != label and app not in ALLOWED_MODELS.get(label, ())]
    for table in TABLE.findall(text):
        owner = owners.get(table)
        if owner and owner != label and table not in TRIGGER_BODY_TABLES:
            found.append(f"table {table}")
    return found


def test_no_migration_touches_another_apps_tables():
    owners = table_owners()
    offenders = {
        f"{label}/{path.name}": refs
        for label, path in migration_files()
        if (refs := foreign_references(label, path.read_text(), owners))
    }
    assert offenders == {}


def test_the_check_finds_an_index_on_another_apps_table():
    # The migration search once had: trigram indexes built on the articles table.
    text = "CREATE INDEX IF NOT EXISTS x ON articles_article USING gin (body_en gin_trgm_ops)"
    assert foreign_references("search", text, table_owners()) == ["table articles_article"]
    assert foreign_references("search", 'apps.get_model("carriers", "CatalogueRevision")', {}) == ["model carriers"]


@pytest.mark.django_db(transaction=True)
def test_the_one_change_log_migration_keeps_the_history_both_ways(hong_kong, hotspot):
    """carriers 0013 moves planchange rows into the change log, and back on the way back."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor
    from django.utils import translation

    from carriers.models import CatalogueChange, PlanFeature
    from tests.factories import PlanFeatureFactory

    answer = PlanFeatureFactory(plan__carrier__region=hong_kong, feature=hotspot, support="limited", value=10)
    PlanFeature.objects.filter(pk=answer.pk).update(value=5)
    before, latest = "0012_content_revision_row", "0013_one_change_log"
    try:
        MigrationExecutor(connection).migrate([("carriers", before)])
        with connection.cursor() as cursor:
            cursor.execute("SELECT plan_id, feature_id, field, old_value, new_value FROM carriers_planchange")
            kept = cursor.fetchall()
            cursor.execute("SELECT fact_changed_at IS NOT NULL FROM carriers_planfeature WHERE id = %s", [answer.pk])
            dated = cursor.fetchone()[0]
    finally:
        MigrationExecutor(connection).migrate([("carriers", latest)])

    assert [(plan, feature, field, float(old), float(new)) for plan, feature, field, old, new in kept] == [
        (answer.plan_id, hotspot.pk, "value", 10.0, 5.0)
    ]
    assert dated
    with translation.override("en"):
        assert [change.describe() for change in CatalogueChange.objects.for_readers()] == [
            "Hotspot lowered from 10 GB to 5 GB"
        ]
