"""Editorial answers to readers' questions, tied to the regions, carriers and features they discuss."""

import copy
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

from carriers.models import Carrier, CatalogueChange, Feature, FeatureAttribute, Plan, Region
from editorial.models import KeepsOldAddresses, LockVersioned, TranslationTracked, localized_fields, same_text
from images.models import Image

from . import facts
from .facts import image_ids, references
from .markdown import check, render_markdown


def text_key(text):
    """The key a body's rendered HTML is stored under: the text's digest, so an edit by any path (even a bulk
    ``.update()``) simply misses and is rendered afresh."""
    return hashlib.blake2b((text or "").encode(), digest_size=16).hexdigest()


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """What readers may see: published, its time come, not yet expired. Drafts of changes are never read here."""
        now = timezone.now()
        return self.filter(status=Article.Status.PUBLISHED, published_at__lte=now).exclude(expires_at__lte=now)

    def drafts(self):
        return self.filter(status=Article.Status.DRAFT)

    def scheduled(self):
        return self.filter(status=Article.Status.PUBLISHED, published_at__gt=timezone.now())

    def awaiting_review(self):
        return self.filter(review_state=Article.Review.SUBMITTED)

    def with_changes_due(self, now=None):
        return self.filter(draft__isnull=False, changes_publish_at__lte=now or timezone.now())

    def upcoming(self):
        """When the public site next changes by the clock alone, in one query: {"article": the next scheduled
        article, "changes": the next scheduled changes, "expiry": the next expiry}, each a time or None."""
        now, published = timezone.now(), Q(status=Article.Status.PUBLISHED)
        return self.aggregate(
            article=models.Min("published_at", filter=published & Q(published_at__gt=now)),
            changes=models.Min("changes_publish_at", filter=Q(draft__isnull=False)),
            expiry=models.Min("expires_at", filter=published & Q(expires_at__gt=now)),
        )

    def next_public_change(self):
        """The first of ``upcoming()``, or None when nothing is scheduled."""
        return min((when for when in self.upcoming().values() if when is not None), default=None)

    def needing_review(self):
        """Articles whose live plan facts changed after the article was last reviewed (or published).

        The facts are those of the article's live table: its regions' active plans, for its features (or for
        every filterable feature when it names none), exactly as ArticleDetailView shows them.
        """
        changed = CatalogueChange.objects.of_answers().filter(
            plan__is_active=True,
            plan__carrier__region__articles=models.OuterRef("pk"),
            changed_at__gt=models.OuterRef("last_reviewed"),
        )
        names_features = Article.features.through.objects.filter(article_id=models.OuterRef("pk"))
        # Facts quoted inline with [[fact plan feature]] (InlineFact rows) whose answer changed since the review.
        inline = InlineFact.objects.filter(
            article=models.OuterRef("pk"),
            plan__is_active=True,
            plan__changes__feature=models.F("feature"),
            plan__changes__field__in=CatalogueChange.ANSWER_FIELDS,
            plan__changes__changed_at__gt=models.OuterRef("last_reviewed"),
        )
        # Rules quoted with [[fact plan feature.rule]] whose value changed since the review.
        rules = InlineRule.objects.filter(
            article=models.OuterRef("pk"),
            plan__is_active=True,
            plan__changes__rule=models.F("rule"),
            plan__changes__field=CatalogueChange.Field.RULE,
            plan__changes__changed_at__gt=models.OuterRef("last_reviewed"),
        )
        return self.annotate(last_reviewed=Coalesce("reviewed_at", "published_at", "created_at")).filter(
            models.Exists(changed.filter(feature__articles=models.OuterRef("pk")))
            | (~models.Exists(names_features) & models.Exists(changed.filter(feature__is_filterable=True)))
            | models.Exists(inline)
            | models.Exists(rules)
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
        EXPIRED = "expired", _("Expired")

    class Review(models.TextChoices):
        NONE = "", _("Not submitted")
        SUBMITTED = "submitted", _("Awaiting review")
        CHANGES_REQUESTED = "changes_requested", _("Sent back")

    # What a draft of changes holds: every language's texts and the topics. The slug is an address, kept live
    # (a rename leaves a redirect); status and dates are the publisher's.
    DRAFT_TEXT_FIELDS = tuple(localized_fields("title", "summary", "body"))
    DRAFT_TOPIC_FIELDS = ("regions", "features", "carriers")

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
    images = models.ManyToManyField(
        Image, blank=True, editable=False, related_name="articles", verbose_name=_("images"),
        help_text=_("The library images its texts place (live and draft); kept by save()."),
    )  # fmt: skip
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
    expires_at = models.DateTimeField(
        _("expires at"),
        null=True,
        blank=True,
        help_text=_("Optional: the article leaves the public site by itself at this time."),
    )
    draft = models.JSONField(
        _("draft of changes"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Changes to a published article that readers do not see yet (articles/publishing.py)."),
    )
    draft_saved_at = models.DateTimeField(_("draft saved at"), null=True, blank=True, editable=False)
    changes_publish_at = models.DateTimeField(
        _("publish the changes at"),
        null=True,
        blank=True,
        help_text=_("Empty: the changes go live when approved. A time: they go live by themselves then."),
    )
    review_state = models.CharField(
        _("review"), max_length=20, choices=Review.choices, default=Review.NONE, blank=True, editable=False
    )
    review_comment = models.TextField(
        _("reviewer's comment"), blank=True, help_text=_("Shown to the author on the form when sent back.")
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # Set by save() unless only the draft or the review changed: readers see it as "Updated", so a draft must not.
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now, editable=False)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        permissions = [("publish_article", _("Can publish articles and approve changes"))]
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
        if self.expires_at and self.published_at and self.expires_at <= self.published_at:
            errors["expires_at"] = ValidationError(_("The expiry must come after the publication time."))
        if errors:
            raise ValidationError(errors)
        self._date_publication()  # before the constraint check that follows clean(): the form leaves it empty

    def _date_publication(self):
        """Status "Published" with no date means now, as the form says."""
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()

    def save(self, *args, public_change=True, **kwargs):
        """``public_change=False`` for a save that changes only what editors see (a draft, the review state)."""
        self._date_publication()
        self.rendered_bodies = self.render_bodies()
        if public_change:
            self.updated_at = timezone.now()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "rendered_bodies", "updated_at"}
        super().save(*args, **kwargs)
        self.sync_inline_facts()

    # Drafts of changes

    def is_live(self):
        """Published (public now, or scheduled): editing it makes a draft of changes, not a public change."""
        return self.status == self.Status.PUBLISHED

    def keep_as_draft(self, topics):
        """Move the edited texts and ``topics`` ({name: ids}) into the draft; the live columns go back to what
        readers see. Nothing is saved here."""
        live = type(self)._base_manager.filter(pk=self.pk).values(*self.DRAFT_TEXT_FIELDS).first() or {}
        current_topics = self.live_topics()
        draft = {name: getattr(self, name) for name in self.DRAFT_TEXT_FIELDS}
        draft.update({name: sorted(ids) for name, ids in {**current_topics, **topics}.items()})
        for name, value in live.items():
            setattr(self, name, value)
        same = all(same_text(live.get(n), draft[n]) for n in self.DRAFT_TEXT_FIELDS) and all(
            draft[n] == sorted(current_topics[n]) for n in self.DRAFT_TOPIC_FIELDS
        )
        self.draft = None if same else draft
        self.draft_saved_at = None if same else timezone.now()

    def live_topics(self):
        if self.pk is None:
            return {name: [] for name in self.DRAFT_TOPIC_FIELDS}
        return {name: sorted(getattr(self, name).values_list("pk", flat=True)) for name in self.DRAFT_TOPIC_FIELDS}

    def apply_draft(self):
        """Put the draft's texts on the live columns; returns its topics ({name: ids}) for the caller to set after
        saving. The draft and its scheduled time are cleared."""
        draft = self.draft or {}
        for name in self.DRAFT_TEXT_FIELDS:
            if name in draft:
                setattr(self, name, draft[name])
        self.draft, self.draft_saved_at, self.changes_publish_at = None, None, None
        return {name: draft[name] for name in self.DRAFT_TOPIC_FIELDS if name in draft}

    def with_draft(self):
        """A copy showing the draft of changes (for the preview and the import report); never saved."""
        shown = copy.copy(self)
        shown.draft_topics = shown.apply_draft() if self.draft else {}
        return shown

    def draft_changes(self):
        """The labels of the fields the draft changes (a translated column's label names its language)."""
        if not self.draft:
            return []
        changed = []
        for name in self.DRAFT_TEXT_FIELDS:
            if not same_text(getattr(self, name), self.draft.get(name)):
                field = self._meta.get_field(name)
                changed.append(str(field.verbose_name))
        live = self.live_topics()
        for name in self.DRAFT_TOPIC_FIELDS:
            if self.draft.get(name, live[name]) != live[name]:
                changed.append(str(self._meta.get_field(name).verbose_name))
        return changed

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
        keys = {key for _plan, key in pairs if "." in key}
        rules = {
            f"{feature}.{slug}": pk
            for pk, feature, slug in FeatureAttribute.objects.filter(
                feature__slug__in={key.split(".", 1)[0] for key in keys}
            ).values_list("pk", "feature__slug", "slug")
        }
        wanted = {(plans[p], rules[k]) for p, k in pairs if p in plans and k in rules}
        if wanted != set(self.inline_rules.values_list("plan_id", "rule_id")):
            self.inline_rules.all().delete()
            InlineRule.objects.bulk_create(InlineRule(article=self, plan_id=p, rule_id=r) for p, r in wanted)
        texts = [getattr(self, column, "") for column in localized_fields("body")]
        texts += [value for name, value in (self.draft or {}).items() if name.startswith("body")]
        placed = set(
            Image.objects.filter(pk__in={pk for text in texts for pk in image_ids(text)}).values_list("pk", flat=True)
        )
        if placed != set(self.images.values_list("pk", flat=True)):
            self.images.set(placed)

    @property
    def state(self):
        if self.status == self.Status.DRAFT:
            return self.State.DRAFT
        if self.expires_at is not None and self.expires_at <= timezone.now():
            return self.State.EXPIRED
        return self.State.PUBLISHED if self.is_published else self.State.SCHEDULED

    def get_state_display(self):
        return self.State(self.state).label

    def changed_facts(self):
        """Changes of the answers this article's live table shows or it quotes, since it was last reviewed, newest
        first (rows of the change log)."""
        since = self.reviewed_at or self.published_at or self.created_at
        quoted = Q(pk__in=[])
        for plan_id, feature_id in self.inline_facts.values_list("plan_id", "feature_id"):
            quoted |= Q(plan_id=plan_id, feature_id=feature_id)
        changes = CatalogueChange.objects.of_answers()
        rows = changes.filter(
            Q(pk__in=changes.shown_in(self).values("pk")) | (quoted & Q(plan__is_active=True)),
            changed_at__gt=since,
        )
        return rows.facts().select_related("plan").newest_first()

    def changed_rules(self):
        """Values of the rules this article quotes that changed since it was last reviewed, newest first."""
        since = self.reviewed_at or self.published_at or self.created_at
        quoted = Q(pk__in=[])
        for plan_id, rule_id in self.inline_rules.values_list("plan_id", "rule_id"):
            quoted |= Q(plan_id=plan_id, rule_id=rule_id)
        rows = CatalogueChange.objects.of_rules().filter(quoted, plan__is_active=True, changed_at__gt=since)
        return rows.facts().select_related("plan").newest_first()

    @property
    def is_published(self):
        now = timezone.now()
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= now
            and (self.expires_at is None or self.expires_at > now)
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


class InlineRule(models.Model):
    """A plan's rule an article quotes with ``[[fact plan feature.rule]]``; kept in step by ``Article.save()``."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="inline_rules")
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="inline_rules")
    rule = models.ForeignKey(FeatureAttribute, on_delete=models.CASCADE, related_name="inline_rules")

    class Meta:
        verbose_name = _("quoted rule")
        verbose_name_plural = _("quoted rules")
        constraints = [models.UniqueConstraint(fields=["article", "plan", "rule"], name="inline_rule_unique")]

    def __str__(self):
        return f"{self.article_id}: {self.plan_id}/{self.rule_id}"


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
