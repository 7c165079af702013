# Written by hand. PostgreSQL only: pg_trgm GIN indexes, so Chinese substring searches (LIKE '%热点%') on articles
# use an index. Chinese is not split into words by PostgreSQL's parsers, so search tests substrings; trigram
# indexes serve LIKE and ILIKE for queries of three characters or more (shorter ones scan, which is fine at
# articles' size). SQLite has no such index; nothing is done there.
#
# Moved here from search's migration 0001, which built them on this app's table (each app's migrations touch only
# its own tables). Databases migrated before have them already: IF NOT EXISTS leaves them as they are.

from django.db import migrations

COLUMNS = [f"{name}_{language}" for name in ("title", "summary", "body") for language in ("zh_hans", "zh_hant", "en")]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for column in COLUMNS:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS article_{column}_trgm ON articles_article USING gin ({column} gin_trgm_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in COLUMNS:
        schema_editor.execute(f"DROP INDEX IF EXISTS article_{column}_trgm")


class Migration(migrations.Migration):
    dependencies = [("articles", "0009_quoted_rules")]

    operations = [migrations.RunPython(create, drop)]
