# Reviewed by hand: creates the revision row and the triggers that change its token on every catalogue write.
# On SQLite, a later migration that rebuilds one of these tables drops its triggers: call create_triggers()
# again there (tests/carriers/test_read_model.py checks that every trigger exists after all migrations).

from django.db import migrations, models

CATALOGUE_TABLES = ["carriers_region", "carriers_carrier", "carriers_feature", "carriers_plan", "carriers_planfeature"]
SQLITE_EVENTS = ["INSERT", "UPDATE", "DELETE"]


def create_triggers(apps, schema_editor):
    connection = schema_editor.connection
    apps.get_model("carriers", "CatalogueRevision").objects.using(connection.alias).get_or_create(pk=1)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "CREATE OR REPLACE FUNCTION carriers_new_catalogue_revision() RETURNS trigger AS $$ "
                "BEGIN UPDATE carriers_cataloguerevision "
                "SET token = floor(random() * 9007199254740991)::bigint WHERE id = 1; RETURN NULL; END "
                "$$ LANGUAGE plpgsql"
            )
            for table in CATALOGUE_TABLES:
                cursor.execute(f"DROP TRIGGER IF EXISTS {table}_revision ON {table}")
                cursor.execute(
                    f"CREATE TRIGGER {table}_revision AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
                    "FOR EACH STATEMENT EXECUTE FUNCTION carriers_new_catalogue_revision()"
                )
        elif connection.vendor == "sqlite":
            for table in CATALOGUE_TABLES:
                for event in SQLITE_EVENTS:
                    cursor.execute(
                        f"CREATE TRIGGER IF NOT EXISTS {table}_revision_{event.lower()} AFTER {event} ON {table} "
                        "BEGIN UPDATE carriers_cataloguerevision SET token = random() WHERE id = 1; END"
                    )


def drop_triggers(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for table in CATALOGUE_TABLES:
                cursor.execute(f"DROP TRIGGER IF EXISTS {table}_revision ON {table}")
            cursor.execute("DROP FUNCTION IF EXISTS carriers_new_catalogue_revision()")
        elif connection.vendor == "sqlite":
            for table in CATALOGUE_TABLES:
                for event in SQLITE_EVENTS:
                    cursor.execute(f"DROP TRIGGER IF EXISTS {table}_revision_{event.lower()}")


class Migration(migrations.Migration):

    dependencies = [
        ('carriers', '0001_initial'),
    ]

    operations = [
        migrations.CreateModel(
            name='CatalogueRevision',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('token', models.BigIntegerField(default=0, verbose_name='token')),
            ],
            options={
                'verbose_name': 'catalogue revision',
                'verbose_name_plural': 'catalogue revisions',
            },
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
