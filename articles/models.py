"""Editorial answers to readers' questions, tied to the regions, carriers and features they discuss."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from carriers.models import Carrier, Feature, Region

from .markdown import render_markdown


class ArticleQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Article.Status.PUBLISHED, published_at__lte=timezone.now())

    def about_region(self, region):
        return self.filter(regions=region)

    def latest(self):
        return self.order_by("-published_at", "-pk")


class Article(models.Model):
    """A bilingual Markdown article; its regions and features pick the live plan table shown beside it."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    body = models.TextField(_("body (Markdown)"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    regions = models.ManyToManyField(Region, blank=True, related_name="articles", verbose_name=_("regions"))
    features = models.ManyToManyField(Feature, blank=True, related_name="articles", verbose_name=_("features"))
    carriers = models.ManyToManyField(Carrier, blank=True, related_name="articles", verbose_name=_("carriers"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_at__isnull=False),
                name="article_published_has_date",
            ),
        ]
        indexes = [models.Index(fields=["status", "published_at"], name="article_status_published_idx")]

    def __str__(self):
        return self.title or self.slug

    def get_absolute_url(self):
        return reverse("articles:article_detail", kwargs={"slug": self.slug})

    def save(self, *args, **kwargs):
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        super().save(*args, **kwargs)

    @property
    def is_published(self):
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and (self.published_at <= timezone.now())
        )

    def body_html(self):
        """The body in the active language, rendered and sanitised."""
        return render_markdown(self.body)
