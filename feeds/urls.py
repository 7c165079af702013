from django.urls import path

from .feeds import LatestArticlesFeed, RegionChangesFeed

app_name = "feeds"

urlpatterns = [
    path("articles.xml", LatestArticlesFeed(), name="articles"),
    path("changes/<slug:slug>.xml", RegionChangesFeed(), name="region_changes"),
]
