# Written by hand: gives the editorial roles the readers' report queue and the plan change log (editorial/roles.py).

from django.db import migrations


def sync(apps, schema_editor):
    import importlib

    create_roles = importlib.import_module("editorial.migrations.0001_roles").create_roles
    create_roles(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0001_initial"),
        ("editorial", "0001_roles"),
        ("carriers", "0008_plan_change_log"),
    ]

    operations = [migrations.RunPython(sync, migrations.RunPython.noop)]
