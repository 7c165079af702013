"""sitemap.xml: every public page in every language, with hreflang alternates (x-default too) and lastmod."""

import functools

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from articles.models import Article
from carriers.models import Carrier, Plan, Region


class I18nSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True


def _latest_plan_change():
    return Plan.objects.active().aggregate(latest=Max("updated_at"))["latest"]


def _latest_article():
    return Article.objects.published().aggregate(latest=Max("updated_at"))["latest"]


class PageSitemap(I18nSitemap):
    """Pages that are not a record: home, the lists and the methodology."""

    changefreq = "daily"

    def items(self):
        return ["home", "articles:article_list", "carriers:plan_list", "carriers:region_list", "carriers:carrier_list",
                "carriers:methodology"]  # fmt: skip

    def location(self, name):
        return reverse(name)

    @functools.cached_property
    def _latest(self):
        """Newest change of what each list shows; one query each, once per sitemap response."""
        plans, articles = _latest_plan_change(), _latest_article()
        return {"articles": articles, "plans": plans, "any": max((w for w in (plans, articles) if w), default=None)}

    def lastmod(self, name):
        if name == "articles:article_list":
            return self._latest["articles"]
        if name == "carriers:methodology":
            return None
        return self._latest["any"] if name == "home" else self._latest["plans"]


class RecordSitemap(I18nSitemap):
    """Records with a page each, last modified when they were saved."""

    changefreq = "weekly"

    def records(self):
        raise NotImplementedError

    def items(self):
        return self.records().only("slug", "updated_at").order_by("pk")

    def lastmod(self, record):
        return record.updated_at


class ArticleSitemap(RecordSitemap):
    def records(self):
        return Article.objects.published()


class PlanSitemap(RecordSitemap):
    def records(self):
        return Plan.objects.active()


class RegionSitemap(I18nSitemap):
    def items(self):
        return Region.objects.annotate(latest=Max("carriers__plans__updated_at")).order_by("pk")

    def lastmod(self, region):
        return region.latest


class CarrierSitemap(I18nSitemap):
    def items(self):
        return Carrier.objects.annotate(latest=Max("plans__updated_at")).order_by("pk")

    def lastmod(self, carrier):
        return carrier.latest


SITEMAPS = {
    "pages": PageSitemap,
    "articles": ArticleSitemap,
    "plans": PlanSitemap,
    "regions": RegionSitemap,
    "carriers": CarrierSitemap,
}
