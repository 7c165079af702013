"""Editorial answers to readers' questions, tied to the regions, carriers and features they discuss."""

import hashlib
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from carriers.models import Carrier, Feature, Plan, PlanFeature, Region
from editorial.models import KeepsOldAddresses, LockVersioned, TranslationTracked, localized_fields

from . import facts
from .facts import references
from .markdown import check, render_markdown


def text_key(text):
    """The key a body's rendered HTML is stored under: the text's digest, so an edit by any path (even a bulk
    ``.update()``) simply misses and is rendered afresh."""
    return hashlib.blake2b((text or "").encode(), digest_size=16).hexdigest()


class ArticleQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Article.Status.PUBLISHED, published_at__lte=timezone.now())

    def drafts(self):
        return self.filter(status=Article.Status.DRAFT)

    def scheduled(self):
        return self.filter(status=Article.Status.PUBLISHED, published_at__gt=timezone.now())

    def needing_review(self):
        """Articles whose live plan facts changed after the article was last reviewed (or published).

        The facts are those of the article's live table: its regions' active plans, for its features (or for
        every filterable feature when it names none), exactly as ArticleDetailView shows them.
        """
        changed = PlanFeature.objects.filter(
            plan__is_active=True,
            plan__carrier__region__articles=models.OuterRef("pk"),
            fact_changed_at__gt=models.OuterRef("last_reviewed"),
        )
        names_features = Article.features.through.objects.filter(article_id=models.OuterRef("pk"))
        # Facts quoted inline with [[fact plan feature]] (InlineFact rows) whose answer changed since the review.
        inline = InlineFact.objects.filter(
            article=models.OuterRef("pk"),
            plan__is_active=True,
            plan__feature_rows__feature=models.F("feature"),
            plan__feature_rows__fact_changed_at__gt=models.OuterRef("last_reviewed"),
        )
        return self.annotate(last_reviewed=Coalesce("reviewed_at", "published_at", "created_at")).filter(
            models.Exists(changed.filter(feature__articles=models.OuterRef("pk")))
            | (~models.Exists(names_features) & models.Exists(changed.filter(feature__is_filterable=True)))
            | models.Exists(inline)
        )

    def about_region(self, region):
        return self.filter(regions=region)

    def latest(self):
        return self.order_by("-published_at", "-pk")


class Article(KeepsOldAddresses, LockVersioned, TranslationTracked):
    """A bilingual Markdown article; its regions and features pick the live plan table shown beside it.

    Publishing needs no scheduler: an article is public once it is published *and* its time has come, which
    every public query checks (``published()``), so a scheduled article appears by itself.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SCHEDULED = "scheduled", _("Scheduled")
        PUBLISHED = "published", _("Published")

    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    body = models.TextField(
        _("body (Markdown)"),
        blank=True,
        help_text=_(
            "Quote a plan's live answer with [[fact plan-slug feature-slug]], "
            "e.g. [[fact csl-travel-china-8 hotspot]]: readers see the current value, never a stale copy."
        ),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    regions = models.ManyToManyField(Region, blank=True, related_name="articles", verbose_name=_("regions"))
    features = models.ManyToManyField(Feature, blank=True, related_name="articles", verbose_name=_("features"))
    carriers = models.ManyToManyField(Carrier, blank=True, related_name="articles", verbose_name=_("carriers"))
    import_key = models.CharField(
        _("import key"),
        max_length=150,
        unique=True,
        null=True,
        blank=True,
        editable=False,
        help_text=_("The imported file's name; importing that file again updates this article."),
    )
    reviewed_at = models.DateTimeField(_("facts reviewed at"), null=True, blank=True, editable=False)
    # Nullable with no default, so SQLite adds the column in place (a rebuilt table would lose its triggers).
    rendered_bodies = models.JSONField(
        _("rendered bodies"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Each language's body rendered at save (articles/markdown.py), keyed by text_key()."),
    )
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

    def clean(self):
        super().clean()
        errors = {}
        for column in localized_fields("body"):
            try:
                check(getattr(self, column, "") or "")
            except ValidationError as error:
                errors[column] = error
        if errors:
            raise ValidationError(errors)
        self._date_publication()  # before the constraint check that follows clean(): the form leaves it empty

    def _date_publication(self):
        """Status "Published" with no date means now, as the form says."""
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()

    def save(self, *args, **kwargs):
        self._date_publication()
        self.rendered_bodies = self.render_bodies()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "rendered_bodies"}
        super().save(*args, **kwargs)
        self.sync_inline_facts()

    def render_bodies(self):
        """Every text a reader can be shown as the body (each language's, and each converted one), rendered once:
        reading an article never renders Markdown."""
        texts = set()
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                texts.add(self.body or "")
        kept = self.rendered_bodies or {}
        return {key: kept.get(key) or facts.prepare(text, render_markdown) for key, text in
                ((text_key(text), text) for text in texts if text)}  # fmt: skip

    def sync_inline_facts(self):
        """Record which plan facts the bodies (every language) quote, for the review queue."""
        pairs = {pair for column in localized_fields("body") for pair in references(getattr(self, column, ""))}
        plans = dict(Plan.objects.filter(slug__in={plan for plan, _ in pairs}).values_list("slug", "pk"))
        features = dict(Feature.objects.filter(slug__in={feature for _, feature in pairs}).values_list("slug", "pk"))
        wanted = {(plans[p], features[f]) for p, f in pairs if p in plans and f in features}
        existing = set(self.inline_facts.values_list("plan_id", "feature_id"))
        if wanted != existing:
            self.inline_facts.all().delete()
            InlineFact.objects.bulk_create(InlineFact(article=self, plan_id=p, feature_id=f) for p, f in wanted)

    @property
    def state(self):
        if self.status == self.Status.DRAFT:
            return self.State.DRAFT
        return self.State.PUBLISHED if self.is_published else self.State.SCHEDULED

    def get_state_display(self):
        return self.State(self.state).label

    def changed_facts(self):
        """The live-table rows whose answer changed since this article was last reviewed, newest first."""
        since = self.reviewed_at or self.published_at or self.created_at
        quoted = Q(pk__in=[])
        for plan_id, feature_id in self.inline_facts.values_list("plan_id", "feature_id"):
            quoted |= Q(plan_id=plan_id, feature_id=feature_id)
        rows = PlanFeature.objects.filter(
            Q(pk__in=PlanFeature.objects.shown_in(self).values("pk")) | (quoted & Q(plan__is_active=True)),
            fact_changed_at__gt=since,
        )
        return rows.select_related("plan", "feature").order_by("-fact_changed_at")

    @property
    def is_published(self):
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and (self.published_at <= timezone.now())
        )

    def body_html(self, show_problems=False):
        """The body in the active language, rendered and sanitised at save, with its live facts (articles/facts.py).
        A body changed without ``save()`` (a bulk update) is rendered here, within the same limits."""
        text = self.body or ""
        prepared = (self.rendered_bodies or {}).get(text_key(text)) or facts.prepare(text, render_markdown)
        return facts.fill(prepared, show_problems=show_problems)


class InlineFact(models.Model):
    """A plan fact an article quotes with ``[[fact plan feature]]``; kept in step by ``Article.save()``."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="inline_facts")
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="inline_facts")
    feature = models.ForeignKey(Feature, on_delete=models.CASCADE, related_name="inline_facts")

    class Meta:
        verbose_name = _("quoted fact")
        verbose_name_plural = _("quoted facts")
        constraints = [models.UniqueConstraint(fields=["article", "plan", "feature"], name="inline_fact_unique")]

    def __str__(self):
        return f"{self.article_id}: {self.plan_id}/{self.feature_id}"


def validate_pattern(pattern):
    try:
        re.compile(pattern)
    except re.error as error:
        raise ValidationError(_("Not a valid regular expression: %(error)s"), params={"error": error}) from None


class CleanupRule(models.Model):
    """A pattern the article importer removes from imported Markdown, such as a promotional footer.

    Editors keep these in the admin; each removal is listed in the import report so nothing vanishes unseen.
    """

    name = models.CharField(_("name"), max_length=100)
    pattern = models.TextField(
        _("pattern"),
        validators=[validate_pattern],
        help_text=_("A Python regular expression, matched line by line (^ and $ are line ends, \\Z the file end)."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("import cleanup rule")
        verbose_name_plural = _("import cleanup rules")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("admin:articles_cleanuprule_change", args=[self.pk])

    def compiled(self):
        return re.compile(self.pattern, re.MULTILINE)


class ArticleToReview(Article):
    """The admin's "needs review" queue: articles whose live plan facts changed after their last review."""

    class Meta:
        proxy = True
        verbose_name = _("article to review")
        verbose_name_plural = _("articles to review")
