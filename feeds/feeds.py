"""Atom feeds in the URL's language: new articles, and plan changes per region."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from articles.models import Article
from carriers.models import CatalogueChange, Region


class LanguageFeed(Feed):
    """Atom; Django's Feed already gives the feed the active language (the URL's)."""

    feed_type = Atom1Feed

    def author_name(self):
        return "esimguide"


class LatestArticlesFeed(LanguageFeed):
    def title(self):
        return _("esimguide: new articles")

    def subtitle(self):
        return _("Answers about eSIM plans: hotspot, cross-border data, family sharing and 5G.")

    def link(self):
        return reverse("articles:article_list")

    def items(self):
        return Article.objects.published().latest()[: settings.FEED_ITEMS]

    def item_title(self, article):
        return article.title

    def item_description(self, article):
        return article.summary

    def item_pubdate(self, article):
        return article.published_at

    def item_updateddate(self, article):
        return article.updated_at


class RegionChangesFeed(LanguageFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Region, slug=slug)

    def title(self, region):
        return _("Plan changes in %(region)s") % {"region": region.name}

    def subtitle(self, region):
        return _("Every change of a published plan's facts, as esimguide recorded it.")

    def link(self, region):
        return region.get_absolute_url()

    def items(self, region):
        return CatalogueChange.objects.for_readers().filter(plan__carrier__region=region)[: settings.FEED_ITEMS]

    def item_title(self, change):
        return f"{change.plan.name}: {change.describe()}"

    def item_description(self, change):
        return _("%(change)s on %(date)s.") % {
            "change": change.describe(),
            "date": change.changed_at.date().isoformat(),
        }

    def item_link(self, change):
        return f"{change.plan.get_absolute_url()}#changes-heading"

    def item_guid(self, change):
        return f"{self.item_link(change)}-{change.pk}"

    def item_pubdate(self, change):
        return change.changed_at
