# Written by hand: creates the "Editor" and "Data maintainer" groups. Permissions are normally created after all
# migrations ran (post_migrate); on a fresh database they do not exist yet, so they are created here first.

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLES = ["Editor", "Data maintainer"]


def create_roles(apps, schema_editor):
    from editorial.roles import sync_roles

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0, using=schema_editor.connection.alias)
        app_config.models_module = None
    sync_roles(Group=apps.get_model("auth", "Group"), Permission=apps.get_model("auth", "Permission"))


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("articles", "0002_editorial_workflow"),
        ("carriers", "0005_plan_edit_facts_permission"),
    ]

    operations = [
        migrations.RunPython(create_roles, remove_roles),
    ]
