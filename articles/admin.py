from django.conf import settings
from django.contrib import admin, messages
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.settings import AVAILABLE_LANGUAGES

from carriers.formatting import number
from editorial.admin import EditorialAdmin, change_link
from editorial.models import language_name, localized_fields

from . import services, views
from .forms import ArticleImportForm
from .models import Article, ArticleToReview, CleanupRule
from .services import import_articles


class StateFilter(admin.SimpleListFilter):
    title = _("publication")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return Article.State.choices

    def queryset(self, request, queryset):
        return {
            Article.State.DRAFT: queryset.drafts,
            Article.State.SCHEDULED: queryset.scheduled,
            Article.State.PUBLISHED: queryset.published,
        }.get(self.value(), queryset.all)()


@admin.action(description=_("Mark the plan facts of the selected articles reviewed"), permissions=["change"])
def mark_facts_reviewed(modeladmin, request, queryset):
    count = queryset.update(reviewed_at=timezone.now())
    message = ngettext("%(count)d article marked reviewed.", "%(count)d articles marked reviewed.", count)
    modeladmin.message_user(request, message % {"count": count}, messages.SUCCESS)


@admin.action(description=_("Publish the selected articles (scheduled ones keep their time)"), permissions=["change"])
def publish(modeladmin, request, queryset):
    count = services.set_published(articles=queryset, published=True, user=request.user)
    message = ngettext("%(count)d article published.", "%(count)d articles published.", count)
    modeladmin.message_user(request, message % {"count": count}, messages.SUCCESS)


@admin.action(description=_("Unpublish the selected articles (back to draft)"), permissions=["change"])
def unpublish(modeladmin, request, queryset):
    count = services.set_published(articles=queryset, published=False, user=request.user)
    message = ngettext("%(count)d article is a draft again.", "%(count)d articles are drafts again.", count)
    modeladmin.message_user(request, message % {"count": count}, messages.SUCCESS)


@admin.register(Article)
class ArticleAdmin(EditorialAdmin):
    list_display = ["title", "state_display", "published_at", "updated_at"]
    list_filter = [StateFilter, "regions", "features"]
    search_fields = [*localized_fields("title"), *localized_fields("summary"), "slug"]
    prepopulated_fields = {"slug": ["title_en"]}
    filter_horizontal = ["regions", "features", "carriers"]
    date_hierarchy = "published_at"
    actions = [publish, unpublish, mark_facts_reviewed]
    restore_guarded_fields = ("status", "published_at", "slug")
    change_form_template = "admin/articles/article/change_form.html"
    change_list_template = "admin/articles/article/change_list.html"
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "body"]}),
        (
            _("Publishing"),
            {
                "fields": ["status", "published_at"],
                "description": _(
                    "Draft: only editors see it. Published with a future date: scheduled, it appears by itself "
                    "at that time. Published: public now."
                ),
            },
        ),
        (_("Topics"), {"fields": ["regions", "features", "carriers"]}),
    ]

    def view_on_site(self, obj):
        """A published article's public page; a draft's or scheduled one's preview (its public page is a 404)."""
        if obj.is_published:
            return obj.get_absolute_url()
        language = translation.get_language()
        language = language if language in AVAILABLE_LANGUAGES else settings.LANGUAGE_CODE
        return reverse("admin:articles_article_preview", args=[obj.pk, language])

    @admin.display(description=_("state"), ordering="status")
    def state_display(self, obj):
        return obj.get_state_display()

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("import/", view(self.import_view), name="articles_article_import"),
            path("<path:object_id>/preview/<str:language>/", view(self.preview_view), name="articles_article_preview"),
            *super().get_urls(),
        ]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context["preview_links"] = [
                {"name": language_name(code), "url": reverse("admin:articles_article_preview", args=[obj.pk, code])}
                for code in AVAILABLE_LANGUAGES
            ]
        return super().render_change_form(request, context, add, change, form_url, obj)

    def preview_view(self, request, object_id, language):
        article = get_object_or_404(Article, pk=object_id)
        if not self.has_view_or_change_permission(request, article):
            raise Http404
        if language not in AVAILABLE_LANGUAGES:
            raise Http404(gettext("Unknown language."))
        return views.preview(request, article, language)

    def import_view(self, request):
        if not self.has_add_permission(request):
            raise Http404
        form = ArticleImportForm(request.POST or None, request.FILES or None)
        report = None
        refused = getattr(request, "refused_uploads", [])
        if refused:  # over the upload limit: not kept by the upload handler, so not in the form either
            form.add_error(None, gettext("Too large to import: %(names)s.") % {"names": ", ".join(refused)})
        if request.method == "POST" and form.is_valid():
            # Never more than the limit plus one byte is read, so a file over it is reported, not held in memory.
            limit = settings.ARTICLE_IMPORT_MAX_BYTES + 1
            files = [(upload.name, upload.read(limit)) for upload in form.cleaned_data["files"]]
            report = import_articles(
                files=files,
                language=form.cleaned_data["language"],
                publish=form.cleaned_data["publish"],
                skip_invalid=form.cleaned_data["skip_invalid"],
                dry_run=form.cleaned_data["dry_run"],
                user=request.user,
            )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": gettext("Import Markdown articles"),
            "form": form,
            "report": report,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/articles/article/import.html", context)


@admin.register(ArticleToReview)
class ArticleToReviewAdmin(admin.ModelAdmin):
    """Articles whose live plan facts changed after they were last reviewed, with what changed."""

    list_display = ["title_link", "reviewed_at", "what_changed"]
    list_display_links = None
    actions = [mark_facts_reviewed]
    search_fields = [*localized_fields("title"), "slug"]

    def get_queryset(self, request):
        return super().get_queryset(request).needing_review()

    @admin.display(description=_("title"))
    def title_link(self, article):
        return change_link(article)

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("what changed"))
    def what_changed(self, obj):
        lines = []
        for row in obj.changed_facts()[:8]:
            before = row.get_previous_support_display() or "—"
            if row.previous_value is not None:
                before = f"{before} {number(row.previous_value)}"
            after = row.get_support_display() + (f" {number(row.value)}" if row.value is not None else "")
            when = timezone.localtime(row.fact_changed_at).date().isoformat()
            lines.append(f"{row.plan} · {row.feature}: {before} → {after} ({when})")
        return "; ".join(lines)


@admin.register(CleanupRule)
class CleanupRuleAdmin(admin.ModelAdmin):
    list_display = ["name", "pattern", "is_active"]
    list_editable = ["is_active"]
    search_fields = ["name", "pattern"]
