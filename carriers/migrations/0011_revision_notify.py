# Written by hand: PostgreSQL tells listening processes when a revision token changes (carriers/revision_feed.py).
# One statement trigger on the revision table itself, so every writer of a token (the catalogue's triggers and
# articles') is covered without changing their functions. NOTIFY is delivered at commit, and only then.
# SQLite has no NOTIFY: there, processes read the revision on each page as before.

from django.db import migrations

CHANNEL = "esimguide_revision"


def create_trigger(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "CREATE OR REPLACE FUNCTION carriers_notify_revision() RETURNS trigger AS $$ "
        f"BEGIN PERFORM pg_notify('{CHANNEL}', ''); RETURN NULL; END "
        "$$ LANGUAGE plpgsql"
    )
    schema_editor.execute(
        "CREATE TRIGGER carriers_cataloguerevision_notify AFTER INSERT OR UPDATE OR DELETE "
        "ON carriers_cataloguerevision FOR EACH STATEMENT EXECUTE FUNCTION carriers_notify_revision()"
    )


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP TRIGGER IF EXISTS carriers_cataloguerevision_notify ON carriers_cataloguerevision")
    schema_editor.execute("DROP FUNCTION IF EXISTS carriers_notify_revision()")


class Migration(migrations.Migration):

    dependencies = [
        ('carriers', '0010_rule_value_changed_at'),
    ]

    operations = [
        migrations.RunPython(create_trigger, drop_trigger),
    ]
