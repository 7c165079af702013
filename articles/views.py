from django.conf import settings
from django.views.generic import DetailView, ListView

from carriers import selectors
from esimguide.pagination import ForgivingPaginationMixin

from .models import Article


class PublishedArticleMixin:
    """Readers only ever see published articles; drafts answer 404."""

    def get_queryset(self):
        return Article.objects.published().latest()


class ArticleListView(ForgivingPaginationMixin, PublishedArticleMixin, ListView):
    template_name = "articles/article_list.html"
    context_object_name = "articles"
    paginate_by = settings.ARTICLES_PER_PAGE


class ArticleDetailView(PublishedArticleMixin, DetailView):
    template_name = "articles/article_detail.html"
    context_object_name = "article"

    def get_queryset(self):
        return super().get_queryset().prefetch_related("regions", "features", "carriers")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        regions = list(self.object.regions.all())
        features = list(self.object.features.all()) or selectors.catalogue().filterable_features
        context["plan_features"] = features
        context["plans"] = selectors.plans_for_topics(regions=regions, features=features) if regions else []
        return context
