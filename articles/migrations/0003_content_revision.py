# Written by hand: a second revision token (row 2 of carriers_cataloguerevision) that database triggers change on
# every write to articles and their topics, so the page cache (esimguide/page_cache.py) sees article edits made
# anywhere: admin, importer, bulk updates, raw SQL. Row 1 stays the catalogue's (the plan read model's).
# The row itself belongs to carriers and is made by its migration 0012 (this migration once made it: a migration
# touches its own app's tables only). Until it exists the triggers' UPDATE changes nothing.

from django.db import migrations

CONTENT_REVISION_ID = 2
TABLES = ["articles_article", "articles_article_regions", "articles_article_features", "articles_article_carriers"]
SQLITE_EVENTS = ["INSERT", "UPDATE", "DELETE"]


def create_triggers(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "CREATE OR REPLACE FUNCTION articles_new_content_revision() RETURNS trigger AS $$ "
                "BEGIN UPDATE carriers_cataloguerevision "
                f"SET token = floor(random() * 9007199254740991)::bigint WHERE id = {CONTENT_REVISION_ID}; "
                "RETURN NULL; END $$ LANGUAGE plpgsql"
            )
            for table in TABLES:
                cursor.execute(f"DROP TRIGGER IF EXISTS {table}_revision ON {table}")
                cursor.execute(
                    f"CREATE TRIGGER {table}_revision AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
                    "FOR EACH STATEMENT EXECUTE FUNCTION articles_new_content_revision()"
                )
        elif connection.vendor == "sqlite":
            for table in TABLES:
                for event in SQLITE_EVENTS:
                    cursor.execute(
                        f"CREATE TRIGGER IF NOT EXISTS {table}_revision_{event.lower()} AFTER {event} ON {table} "
                        f"BEGIN UPDATE carriers_cataloguerevision SET token = random() WHERE id = {CONTENT_REVISION_ID}; END"
                    )


def drop_triggers(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for table in TABLES:
                cursor.execute(f"DROP TRIGGER IF EXISTS {table}_revision ON {table}")
            cursor.execute("DROP FUNCTION IF EXISTS articles_new_content_revision()")
        elif connection.vendor == "sqlite":
            for table in TABLES:
                for event in SQLITE_EVENTS:
                    cursor.execute(f"DROP TRIGGER IF EXISTS {table}_revision_{event.lower()}")


class Migration(migrations.Migration):

    dependencies = [
        ("articles", "0002_editorial_workflow"),
        ("carriers", "0005_plan_edit_facts_permission"),
    ]

    operations = [
        migrations.RunPython(create_triggers, drop_triggers),
    ]
