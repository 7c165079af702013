from django.conf import settings
from django.shortcuts import render
from django.utils import translation
from django.views.generic import DetailView, ListView

from carriers import selectors
from carriers.models import Feature, Region
from core.pagination import ForgivingPaginationMixin
from core.querystrings import KnownParametersMixin

from . import seo
from .models import Article


class PublishedArticleMixin:
    """Readers only ever see published articles whose time has come; drafts and scheduled ones answer 404."""

    def get_queryset(self):
        return Article.objects.published().latest()


def live_table_context(article, topics=None):
    """The regions, plans and features of an article's live table, as its page shows them; ``topics`` ({name:
    ids}) stand in for the saved ones in a preview of unsaved or drafted topics."""
    topics = topics or {}
    regions = list(Region.objects.filter(pk__in=topics["regions"]) if "regions" in topics else article.regions.all())
    chosen = Feature.objects.filter(pk__in=topics["features"]) if "features" in topics else article.features.all()
    features = list(chosen) or selectors.catalogue().filterable_features
    plans = selectors.plans_for_topics(regions=regions, features=features) if regions else []
    return {"regions": regions, "plan_features": features, "plans": plans}


class ArticleListView(KnownParametersMixin, ForgivingPaginationMixin, PublishedArticleMixin, ListView):
    known_parameters = frozenset({"page"})
    template_name = "articles/article_list.html"
    context_object_name = "articles"
    paginate_by = settings.ARTICLES_PER_PAGE


class ArticleDetailView(KnownParametersMixin, PublishedArticleMixin, DetailView):
    template_name = "articles/article_detail.html"
    context_object_name = "article"

    def get_queryset(self):
        return super().get_queryset().prefetch_related("regions", "features", "carriers")

    def get_context_data(self, **kwargs):
        context = {**super().get_context_data(**kwargs), **live_table_context(self.object)}
        context["structured_data"] = seo.structured_data(self.request, self.object)
        return context


def preview(request, article, language, *, topics=None, unsaved=False, problems=()):
    """Staff preview of any article (draft, scheduled, published, a draft of changes or the form's unsaved
    content) in one language: never cached or indexed."""
    with translation.override(language):
        context = {
            "article": article,
            "is_preview": True,
            "preview_unsaved": unsaved,
            "preview_problems": problems,
            **live_table_context(article, topics),
        }
        response = render(request, "articles/article_detail.html", context)
    response["Cache-Control"] = "private, no-cache, no-store, max-age=0"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
