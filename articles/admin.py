from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin

from .models import Article


@admin.register(Article)
class ArticleAdmin(TabbedTranslationAdmin):
    list_display = ["title", "status", "published_at", "updated_at"]
    list_filter = ["status", "regions", "features"]
    search_fields = ["title_zh_hans", "title_en", "summary_zh_hans", "summary_en", "slug"]
    prepopulated_fields = {"slug": ["title_en"]}
    filter_horizontal = ["regions", "features", "carriers"]
    date_hierarchy = "published_at"
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "body"]}),
        (_("Publishing"), {"fields": ["status", "published_at"]}),
        (_("Topics"), {"fields": ["regions", "features", "carriers"]}),
    ]
