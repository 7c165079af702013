"""Nothing, now: this migration built trigram indexes on the articles table, which articles' own migration 0010
builds instead (each app's migrations touch only its own tables). Kept so that databases which applied it keep a
consistent history."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("articles", "0004_traditional_chinese")]

    operations = []
