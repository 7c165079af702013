import copy

import reversion
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.settings import AVAILABLE_LANGUAGES

from carriers.models import Feature, Region
from editorial import roles
from editorial.admin import EditorialAdmin, change_link
from editorial.models import Presence, language_name, localized_fields

from . import publishing, views
from .forms import ArticleAdminForm, ArticleImportForm
from .models import Article, ArticleToReview, CleanupRule
from .services import import_articles


class ReviewFilter(admin.SimpleListFilter):
    title = _("review")
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [choice for choice in Article.Review.choices if choice[0]] + [("draft", _("Has a draft of changes"))]

    def queryset(self, request, queryset):
        if self.value() == "draft":
            return queryset.filter(draft__isnull=False)
        if self.value() in Article.Review.values and self.value():
            return queryset.filter(review_state=self.value())
        return queryset


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
            Article.State.EXPIRED: lambda: queryset.filter(
                status=Article.Status.PUBLISHED, expires_at__lte=timezone.now()
            ),
        }.get(self.value(), queryset.all)()


@admin.action(description=_("Mark the plan facts of the selected articles reviewed"), permissions=["change"])
def mark_facts_reviewed(modeladmin, request, queryset):
    count = queryset.update(reviewed_at=timezone.now())
    message = ngettext("%(count)d article marked reviewed.", "%(count)d articles marked reviewed.", count)
    modeladmin.message_user(request, message % {"count": count}, messages.SUCCESS)


@admin.action(description=_("Publish the selected articles (scheduled ones keep their time)"), permissions=["publish"])
def publish(modeladmin, request, queryset):
    count = publishing.set_published(articles=queryset, published=True, user=request.user)
    message = ngettext("%(count)d article published.", "%(count)d articles published.", count)
    modeladmin.message_user(request, message % {"count": count}, messages.SUCCESS)


@admin.action(description=_("Unpublish the selected articles (back to draft)"), permissions=["publish"])
def unpublish(modeladmin, request, queryset):
    count = publishing.set_published(articles=queryset, published=False, user=request.user)
    message = ngettext("%(count)d article is a draft again.", "%(count)d articles are drafts again.", count)
    modeladmin.message_user(request, message % {"count": count}, messages.SUCCESS)


@admin.register(Article)
class ArticleAdmin(EditorialAdmin):
    form = ArticleAdminForm
    list_display = ["title", "state_display", "review_display", "published_at", "updated_at"]
    list_filter = [StateFilter, ReviewFilter, "regions", "features"]
    search_fields = [*localized_fields("title"), *localized_fields("summary"), "slug"]
    prepopulated_fields = {"slug": ["title_en"]}
    filter_horizontal = ["regions", "features", "carriers"]
    date_hierarchy = "published_at"
    actions = [publish, unpublish, mark_facts_reviewed]
    restore_guarded_fields = ("status", "published_at", "expires_at", "changes_publish_at", "slug")
    change_form_template = "admin/articles/article/change_form.html"
    change_list_template = "admin/articles/article/change_list.html"
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "body"]}),
        (
            _("Publishing"),
            {
                "fields": ["status", "published_at", "expires_at", "changes_publish_at"],
                "description": _(
                    "Draft: only editors see it. Published with a future date: scheduled, it appears by itself "
                    "at that time. Published: public now. Edits to a published article are kept as a draft of "
                    "changes until they are published."
                ),
            },
        ),
        (_("Topics"), {"fields": ["regions", "features", "carriers"]}),
        (_("Review"), {"fields": ["review_comment"]}),
    ]

    def has_publish_permission(self, request):
        return roles.may_publish(request.user)

    @admin.display(description=_("review"), ordering="review_state")
    def review_display(self, obj):
        parts = [obj.get_review_state_display()] if obj.review_state else []
        if obj.draft:
            parts.append(gettext("draft of changes"))
        return " · ".join(parts) or "—"

    # Saving: one write path decides what goes live (articles/publishing.py).
    @staticmethod
    def chosen_topics(form):
        """The topics the form chose ({name: ids}), leaving out any the form refused."""
        cleaned = getattr(form, "cleaned_data", {})
        return {
            name: [item.pk for item in cleaned[name]]
            for name in Article.DRAFT_TOPIC_FIELDS
            if name in cleaned and name not in form.errors
        }

    def save_model(self, request, obj, form, change):
        topics = self.chosen_topics(form)
        intent = publishing.intent_from(request.POST)
        comment = form.cleaned_data.get("review_comment", "")
        request.article_outcome = publishing.save_edit(obj, user=request.user, intent=intent, topics=topics,
                                                       comment=comment)  # fmt: skip
        Presence.leave(obj, request.user)

    def save_related(self, request, form, formsets, change):
        for formset in formsets:  # the topics were set (or kept in the draft) by save_model
            self.save_formset(request, form, formset, change=change)

    def _outcome_message(self, request, obj):
        outcome = getattr(request, "article_outcome", None)
        text = {
            "drafted": gettext("Saved as a draft of changes: readers still see the published version."),
            "submitted": gettext("Submitted for review: the chief editors have been told."),
            "published": gettext("Published: readers see it now."),
            "scheduled": gettext("Scheduled: it goes live by itself at the time on the form."),
            "sent_back": gettext("Sent back to the author with your comment."),
        }.get(outcome)
        if text:
            self.message_user(request, text, messages.SUCCESS)

    HISTORY_NOTES = {
        "drafted": "Draft of changes saved.",
        "submitted": "Submitted for review.",
        "published": "Published.",
        "scheduled": "Scheduled.",
        "sent_back": "Sent back to the author.",
    }

    def log_change(self, request, obj, message):
        """History says what the save did to publication, beside the fields it changed."""
        entry = super().log_change(request, obj, message)
        note = self.HISTORY_NOTES.get(getattr(request, "article_outcome", None))
        if note and reversion.is_active():
            changed = entry.get_change_message()
            reversion.set_comment(note if changed in ("", "No fields changed.") else f"{note} {changed}")
        return entry

    def response_change(self, request, obj):
        self._outcome_message(request, obj)
        if "_save_draft" in request.POST:
            return redirect(request.path)
        return super().response_change(request, obj)

    def response_add(self, request, obj, post_url_continue=None):
        self._outcome_message(request, obj)
        return super().response_add(request, obj, post_url_continue)

    def save_restored(self, request, obj, topics):
        """A restore is an edit like any other: on a published article it becomes a draft of changes."""
        publishing.stage_or_save(obj, user=request.user, topics=topics)

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
            path("import/topics/", view(self.import_topics_view), name="articles_article_import_topics"),
            path("<path:object_id>/presence/", view(self.presence_view), name="articles_article_presence"),
            path("<path:object_id>/preview/<str:language>/", view(self.preview_view), name="articles_article_preview"),
            *super().get_urls(),
        ]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        key = obj.pk if obj is not None else "new"
        context["preview_links"] = [
            {"name": language_name(code), "url": reverse("admin:articles_article_preview", args=[key, code])}
            for code in AVAILABLE_LANGUAGES
        ]
        context["may_publish"] = roles.may_publish(request.user)
        if obj is not None:
            context["others_editing"] = Presence.mark(obj, request.user) if request.method == "GET" else []
            context["presence_url"] = reverse("admin:articles_article_presence", args=[obj.pk])
            context["draft_changes"] = obj.draft_changes()
        return super().render_change_form(request, context, add, change, form_url, obj)

    def presence_view(self, request, object_id):
        """The form's heartbeat (every minute, admin/js/presence.js): it is still open; who else has it open."""
        article = self._object_or_404(request, object_id)
        if request.method != "POST":
            return JsonResponse({"error": gettext("Use POST.")}, status=405)
        others = Presence.mark(article, request.user)
        return JsonResponse({"others": [str(presence.user) for presence in others]})

    def preview_view(self, request, object_id, language):
        """GET: the saved article, with its draft of changes if it has one. POST (the form's preview buttons):
        the form as it is, unsaved edits included; nothing is saved."""
        if language not in AVAILABLE_LANGUAGES:
            raise Http404(gettext("Unknown language."))
        saved = None if object_id == "new" else self.get_object(request, unquote(object_id))
        if object_id != "new" and saved is None:
            raise Http404(gettext("No such record."))
        if saved is not None and not self.has_view_or_change_permission(request, saved):
            raise Http404
        if request.method == "POST":
            return self._preview_unsaved(request, saved, language)
        if saved is None:
            raise Http404(gettext("No such record."))
        if saved.draft:
            article = saved.with_draft()
            article.draft_preview = True
            return views.preview(request, article, language, topics=article.draft_topics)
        return views.preview(request, saved, language)

    def _preview_unsaved(self, request, saved, language):
        if not (self.has_change_permission(request, saved) if saved else self.has_add_permission(request)):
            raise PermissionDenied
        form_class = self.get_form(request, saved, change=saved is not None)
        instance = copy.copy(saved) if saved is not None else Article()
        form = form_class(request.POST, request.FILES, instance=instance)
        form.is_valid()  # fills the instance with every valid field; invalid ones keep their saved value
        article = form.instance
        problems = []
        for name in form.errors:
            if name in Article.DRAFT_TEXT_FIELDS:  # e.g. a body over the Markdown limits is never rendered
                setattr(article, name, getattr(saved, name, "") if saved else "")
            if name in form.fields:
                problems.append(str(form.fields[name].label))
        topics = self.chosen_topics(form)
        article.published_at = article.published_at or timezone.now()
        return views.preview(request, article, language, topics=topics, unsaved=True, problems=problems)

    def import_topics_view(self, request):
        """The import report's topic checkboxes: suggested topics left unticked are taken off their article (on a
        published article, as a draft of changes, like every edit)."""
        if request.method != "POST":
            return redirect("admin:articles_article_import")
        models = {"region": Region, "feature": Feature}
        changed = 0
        for article_id in request.POST.getlist("article")[:100]:
            article = self.get_object(request, unquote(article_id))
            if article is None or not self.has_change_permission(request, article):
                continue
            offered = set(request.POST.getlist(f"offered-{article_id}"))
            removed = offered - set(request.POST.getlist(f"keep-{article_id}"))
            if not removed:
                continue
            if article.draft:  # the topics are taken off the draft of changes, which the editor is working on
                article = article.with_draft()
            topics = {**article.live_topics(), **getattr(article, "draft_topics", {})}
            for kind, _sep, slug in (value.partition(":") for value in removed):
                if kind in models:
                    field = f"{kind}s"
                    gone = set(models[kind].objects.filter(slug=slug).values_list("pk", flat=True))
                    topics[field] = [pk for pk in topics[field] if pk not in gone]
            with reversion.create_revision():
                publishing.stage_or_save(article, user=request.user, topics=topics)
                reversion.set_user(request.user)
                reversion.set_comment("Topics chosen after import.")
            changed += 1
        message = ngettext("Topics updated on %(count)d article.", "Topics updated on %(count)d articles.", changed)
        self.message_user(request, message % {"count": changed}, messages.SUCCESS)
        return redirect("admin:articles_article_changelist")

    def import_view(self, request):
        if not self.has_add_permission(request):
            raise Http404
        form = ArticleImportForm(
            request.POST or None, request.FILES or None, may_publish=roles.may_publish(request.user)
        )
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
                publish=form.cleaned_data.get("publish", False),
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
        for row in [*obj.changed_facts()[:8], *obj.changed_rules()[:8]]:
            when = timezone.localdate(row.changed_at).isoformat()
            lines.append(f"{row.plan} · {row.describe()} ({when})")
        return "; ".join(lines)


@admin.register(CleanupRule)
class CleanupRuleAdmin(admin.ModelAdmin):
    list_display = ["name", "pattern", "is_active"]
    list_editable = ["is_active"]
    search_fields = ["name", "pattern"]
