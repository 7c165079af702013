# Reviewed: adds the rendered bodies and renders every existing article once, so no reader pays for a render.

from django.conf import settings
from django.db import migrations, models


def render_existing(apps, schema_editor):
    """Each language's text as a reader can be shown it (its own, the converted source, or a fallback)."""
    from articles.facts import prepare
    from articles.markdown import render_markdown
    from articles.models import text_key
    from editorial.conversion import text_in

    Article = apps.get_model("articles", "Article")
    for article in Article.objects.all().iterator(chunk_size=100):
        texts = set()
        for language, _name in settings.LANGUAGES:
            text, _shown = text_in(
                lambda column: getattr(article, column, None), "body", language,
                settings.MODELTRANSLATION_FALLBACK_LANGUAGES,
            )
            if text:
                texts.add(text)
        rendered = {text_key(text): prepare(text, render_markdown) for text in texts}
        Article.objects.filter(pk=article.pk).update(rendered_bodies=rendered)


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0005_inline_facts'),
    ]

    operations = [
        migrations.AddField(
            model_name='article',
            name='rendered_bodies',
            field=models.JSONField(blank=True, null=True, editable=False, help_text="Each language's body rendered at save (articles/markdown.py), keyed by text_key().", verbose_name='rendered bodies'),
        ),
        migrations.RunPython(render_existing, migrations.RunPython.noop),
    ]
