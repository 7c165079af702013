"""Structured, verifiable facts about eSIM plans: who sells them, where, and what each plan allows."""

import re
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Prefetch, Q
from django.db.models.functions import Now
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modeltranslation.settings import AVAILABLE_LANGUAGES

from editorial.conversion import convert
from editorial.models import KeepsOldAddresses, LockVersioned, TranslationTracked, localized, localized_fields

from . import attributes, changes, rules
from .attributes import MINIMUM_SUFFIX
from .choices import AttributeKind, PlanType, Support
from .currency import Currency, to_usd


class CatalogueRevision(models.Model):
    """A token that database triggers change on every write to the catalogue tables (see migration 0002).

    Read with the newest change id once per request (carriers/revision.py) by the page cache and the read model.
    """

    token = models.BigIntegerField(_("token"), default=0)

    class Meta:
        verbose_name = _("catalogue revision")
        verbose_name_plural = _("catalogue revisions")

    def __str__(self):
        return str(self.token)

    CATALOGUE, CONTENT = 1, 2  # row 2 follows articles (articles migration 0003)

    @classmethod
    def current_token(cls):
        return cls.objects.filter(pk=cls.CATALOGUE).values_list("token", flat=True).first()


class TopicKeywords(models.Model):
    """Editor-maintained words (in every language) that mark an article as being about this topic."""

    keywords = models.TextField(
        _("keywords"),
        blank=True,
        help_text=_("Separated by commas, e.g. 香港, Hong Kong, HK. The article importer tags articles with them."),
    )

    class Meta:
        abstract = True

    def keyword_list(self):
        """Every keyword in every language, without duplicates or blanks."""
        words = []
        for language in AVAILABLE_LANGUAGES:
            text = getattr(self, localized("keywords", language)) or ""
            words += [word.strip() for word in re.split(r"[,，、;；\n]", text) if word.strip()]
        return list(dict.fromkeys(words))


def in_live_table(rows, article):
    """``rows`` (of a model with ``plan`` and ``feature``) that an article's live table shows: its regions' active
    plans, for its features, or for every filterable feature when it names none."""
    rows = rows.filter(plan__is_active=True, plan__carrier__region__articles=article)
    features = article.features.all()
    return rows.filter(feature__in=features) if features.exists() else rows.filter(feature__is_filterable=True)


class CatalogueChangeQuerySet(models.QuerySet):
    def facts(self):
        """Rows that tell a changed fact (not the sync's rows without one), with what ``describe`` reads."""
        return self.exclude(field=CatalogueChange.Field.SYNC).select_related("feature", "rule__feature", "region")

    def newest_first(self):
        return self.order_by("-changed_at", "-id")

    def for_readers(self):
        """Changes of published plans' facts, as the plan page and the region feeds show them, newest first."""
        return self.facts().filter(published=True, plan__isnull=False).select_related("plan").newest_first()

    def of_answers(self):
        """Changes of plans' answers for features (support or value)."""
        return self.filter(field__in=CatalogueChange.ANSWER_FIELDS)

    def shown_in(self, article):
        """Changes of the answers an article's live table shows (``in_live_table``)."""
        return in_live_table(self.of_answers(), article)

    def of_rules(self):
        return self.filter(field=CatalogueChange.Field.RULE)


class CatalogueChange(models.Model):
    """The catalogue's one change log, written by database triggers (migrations 0006 and 0013) on every write to a
    catalogue table, whatever made it: the admin, imports, services, a bulk ``.update()`` or raw SQL.

    - The read model's sync and the page cache: the rows after the id a reader last saw name the plans it must
      apply (``plan_id``); NULL is a change to regions, carriers, features or rules, 0 a TRUNCATE.
    - Readers' "changes over time" and the region feeds (``for_readers``): an update that changed a plan's price,
      data, validity or availability, an answer's support or value, or a rule's value, logs one row per changed
      fact with the old and new value as text; ``published`` says whether the plan was live then.
    - Editors' review queue: articles whose quoted or shown facts have rows after the article's last review.

    Rows without a fact (``field`` empty) only serve the sync; the triggers keep the newest ``KEPT`` of the log and
    prune older rows without a fact. A reader further behind than that rebuilds (``INCREMENTAL_LIMIT``). The plan,
    feature, rule and region columns are not foreign keys in the database: a deleted plan's rows must stay so that
    readers learn of the deletion."""

    KEPT = 100_000

    class Field(models.TextChoices):
        SYNC = "", _("(any change)")
        SUPPORT = "support", _("support")
        VALUE = "value", _("value")
        PRICE = "price", _("price")
        DATA = "data", _("data")
        VALIDITY = "validity", _("validity")
        ACTIVE = "active", _("availability")
        RULE = "rule", _("rule value")

    ANSWER_FIELDS = (Field.SUPPORT, Field.VALUE)

    # Each reference is an id the triggers wrote, kept when the row it names is deleted (no constraint, no cascade).
    plan = models.ForeignKey(
        "Plan", on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, null=True, blank=True,
        related_name="changes", verbose_name=_("plan"),
    )  # fmt: skip
    feature = models.ForeignKey(
        "Feature", on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, null=True, blank=True,
        related_name="+", verbose_name=_("feature"),
    )  # fmt: skip
    rule = models.ForeignKey(
        "FeatureAttribute", on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, null=True,
        blank=True, related_name="+", verbose_name=_("rule"),
    )  # fmt: skip
    region = models.ForeignKey(
        "Region", on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, null=True, blank=True,
        related_name="+", verbose_name=_("only in"),
    )  # fmt: skip
    field = models.CharField(_("field"), max_length=10, choices=Field.choices, blank=True, db_default="")
    old_value = models.CharField(_("old value"), max_length=500, blank=True, db_default="")
    new_value = models.CharField(_("new value"), max_length=500, blank=True, db_default="")
    published = models.BooleanField(_("published"), db_default=False)
    changed_at = models.DateTimeField(_("changed at"), db_default=Now())
    # Random per row: tells the row a reader last saw from another with the same id (after a restore).
    nonce = models.BigIntegerField(_("nonce"), default=0)

    objects = CatalogueChangeQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("catalogue change")
        verbose_name_plural = _("catalogue changes")
        indexes = [
            models.Index(fields=["plan", "-changed_at"], name="catalogue_change_plan_idx"),
            models.Index(fields=["changed_at"], name="catalogue_change_when_idx"),
            # The triggers' prune: rows without a fact, oldest first.
            models.Index(fields=["id"], condition=Q(field=""), name="catalogue_change_sync_idx"),
        ]

    def __str__(self):
        if self.plan_id is None:
            return f"{self.pk}: regions, carriers, features or rules"
        if not self.field:
            return f"{self.pk}: plan {self.plan_id}"
        return f"{self.pk}: plan {self.plan_id} {self.field}: {self.old_value} → {self.new_value}"

    def describe(self):
        """The change as a sentence in the active language: "Hotspot lowered from 10 GB to 5 GB". A rule whose
        values are regions needs their names: one query, for such a row only."""
        names = None
        if self.field == self.Field.RULE and self.rule is not None and self.rule.kind == AttributeKind.REGIONS:
            names = {region.slug: region.name for region in Region.objects.all()}  # in the active language
        return changes.describe(self, region_names=names)


class Region(KeepsOldAddresses, LockVersioned, TranslationTracked, TopicKeywords):
    """A country or territory whose carriers sell eSIM plans; readers start most questions here."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    code = models.CharField(_("ISO code"), max_length=2, unique=True, help_text=_("ISO 3166-1 alpha-2, e.g. HK."))
    name = models.CharField(_("name"), max_length=100)
    display_order = models.PositiveSmallIntegerField(_("display order"), default=100)

    class Meta:
        ordering = ["display_order", "slug"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self):
        return self.name or self.slug

    def get_absolute_url(self):
        return reverse("carriers:region_detail", kwargs={"slug": self.slug})

    def clean(self):
        self.code = (self.code or "").upper()


class CarrierQuerySet(models.QuerySet):
    def in_region(self, region):
        return self.filter(region=region)


class Carrier(KeepsOldAddresses, LockVersioned, TranslationTracked):
    """A mobile network operator or eSIM reseller whose plans we describe."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="carriers", verbose_name=_("region"))
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)
    is_esim_seller = models.BooleanField(_("sells eSIM"), default=True)

    objects = CarrierQuerySet.as_manager()

    class Meta:
        ordering = ["slug"]
        verbose_name = _("carrier")
        verbose_name_plural = _("carriers")

    def __str__(self):
        return self.name or self.slug

    def get_absolute_url(self):
        return reverse("carriers:carrier_detail", kwargs={"slug": self.slug})


class FeatureQuerySet(models.QuerySet):
    def filterable(self):
        return self.filter(is_filterable=True)


def validate_feature_slug(slug):
    if slug in attributes.reserved_parameters() or slug.endswith(MINIMUM_SUFFIX):
        raise ValidationError(
            _("“%(slug)s” is used by the plan list's own filters; choose another slug."),
            code="reserved_slug",
            params={"slug": slug},
        )


class Feature(LockVersioned, TranslationTracked, TopicKeywords):
    """Something a reader asks about a plan: hotspot, cross-border data, family sharing, 5G…

    A feature with a unit is numeric: its rows may carry a value (a 5 GB hotspot cap) that readers can
    filter on with ``<slug>_min``.
    """

    slug = models.SlugField(_("slug"), max_length=60, unique=True, validators=[validate_feature_slug])
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    unit = models.CharField(_("unit"), max_length=20, blank=True, help_text=_("For numeric values, e.g. GB."))
    is_filterable = models.BooleanField(_("filterable"), default=True)
    display_order = models.PositiveSmallIntegerField(_("display order"), default=100)

    objects = FeatureQuerySet.as_manager()

    class Meta:
        ordering = ["display_order", "slug"]
        verbose_name = _("feature")
        verbose_name_plural = _("features")

    def __str__(self):
        return self.name or self.slug

    def get_absolute_url(self):
        return f"{reverse('carriers:plan_list')}?{self.slug}=yes"

    @property
    def is_numeric(self):
        return bool(self.unit_en or self.unit_zh_hans)

    @property
    def minimum_parameter(self):
        return f"{self.slug}{MINIMUM_SUFFIX}"


class Evidence(models.Model):
    """What every plan fact carries: a note, its source, the day it was checked and who checked it; a fact not
    checked within STALE_AFTER_DAYS is marked "possibly out of date". When the fact itself changed is in the change
    log (``CatalogueChange``), which the database writes."""

    note = models.TextField(_("note"), blank=True)
    source_url = models.URLField(_("source"), blank=True, max_length=500)
    verified_on = models.DateField(_("verified on"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verified by"),
        editable=False,
    )

    class Meta:
        abstract = True

    @property
    def is_stale(self):
        if self.verified_on is None:
            return True
        return self.verified_on < timezone.localdate() - timedelta(days=settings.STALE_AFTER_DAYS)

    def mark_verified(self, *, user, on=None):
        self.verified_on = on or timezone.localdate()
        self.verified_by = user
        self.save()


class FeatureAttributeQuerySet(models.QuerySet):
    def filterable(self):
        return self.filter(is_filterable=True, feature__is_filterable=True)


class FeatureAttribute(LockVersioned, TranslationTracked):
    """A typed rule of a feature, defined by editors: a hotspot's cap (a data amount), its window (a choice), the
    time zone its day is counted in. Every plan may state a value for it (``PlanAttribute``); each filterable rule
    is also a filter of the plan list, a compare row and a spreadsheet and export column, with no code change.
    Its key in addresses, spreadsheets and inline facts is ``<feature slug>.<slug>``, e.g. ``hotspot.cap``."""

    feature = models.ForeignKey(Feature, on_delete=models.CASCADE, related_name="rules", verbose_name=_("feature"))
    slug = models.SlugField(_("slug"), max_length=40, help_text=_("Short and fixed, e.g. cap; used in addresses."))
    label = models.CharField(_("label"), max_length=100)
    kind = models.CharField(_("type"), max_length=12, choices=AttributeKind.choices)
    unit = models.CharField(_("unit"), max_length=20, blank=True, help_text=_("For “number with unit”, e.g. devices."))
    options = models.TextField(
        _("options"),
        blank=True,
        help_text=_("For “choice from a list”: one per line, “value | 简体中文 | English”, optionally “| 繁體中文”."),
    )
    phrase = models.CharField(
        _("phrase"),
        max_length=120,
        blank=True,
        help_text=_(
            "How the rule reads in a sentence, with {value} where the value goes, e.g. “, then {value}”. A phrase "
            "that starts with a space or punctuation follows the one before it directly. Empty: “label value”."
        ),
    )
    is_filterable = models.BooleanField(_("filterable"), default=True)
    display_order = models.PositiveSmallIntegerField(_("display order"), default=100)

    objects = FeatureAttributeQuerySet.as_manager()

    class Meta:
        ordering = ["feature__display_order", "feature__slug", "display_order", "slug"]
        verbose_name = _("feature rule")
        verbose_name_plural = _("feature rules")
        constraints = [models.UniqueConstraint(fields=["feature", "slug"], name="feature_rule_unique")]

    def __str__(self):
        return f"{self.feature} · {self.label or self.slug}"

    @property
    def key(self):
        return f"{self.feature.slug}.{self.slug}"

    def option_list(self):
        try:
            return rules.parse_options(self.options)
        except ValidationError:
            return []

    def options_in(self, language):
        """(value, label) of each option in ``language``: the editor's label for it, else Traditional Chinese
        converted from Simplified, else the value."""
        options = []
        for option in self.option_list():
            label = option.labels.get(language)
            if not label:
                source = "zh-hans" if language.startswith("zh") else "en"
                label = (
                    convert(option.labels.get(source, option.value), language) if source != language else option.value
                )
            options.append((option.value, label))
        return tuple(options)

    def clean(self):
        if self.kind == AttributeKind.CHOICE:
            try:
                if not rules.parse_options(self.options):
                    raise ValidationError(_("List at least one option."), code="no_options")
            except ValidationError as error:
                raise ValidationError({"options": error}) from None
        elif self.options.strip():
            raise ValidationError({"options": _("Only a “choice from a list” rule has options; leave this empty.")})
        written = [name for name in localized_fields("unit") if (getattr(self, name, "") or "").strip()]
        if self.kind != AttributeKind.NUMBER and written:
            # Named by its language's column: "unit" alone is no field of the form.
            raise ValidationError({written[0]: _("Only a “number with unit” rule has a unit; the other types have "
                                                 "their own (GB, kbps, hours).")})  # fmt: skip


class PlanAttributeQuerySet(models.QuerySet):
    def with_related(self):
        return self.select_related("attribute__feature", "region", "plan")


class PlanAttribute(LockVersioned, TranslationTracked, Evidence):
    """One plan's value for one rule, optionally only in one region it covers ("in Mainland China: 1 GB a day"),
    with the evidence every fact carries: a source, the day it was checked and who checked it.

    The value is stored by type (``rules``): ``number`` for numbers, data, speeds and durations (in MB, kbps and
    hours), ``text`` for a choice, a time zone or region slugs (comma-separated), ``flag`` for yes/no. Editors and
    spreadsheets give it as text; ``set_value`` checks that text against the rule's type."""

    plan = models.ForeignKey("Plan", on_delete=models.CASCADE, related_name="rule_values", verbose_name=_("plan"))
    attribute = models.ForeignKey(
        FeatureAttribute, on_delete=models.CASCADE, related_name="values", verbose_name=_("rule")
    )
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("only in"),
        help_text=_("Empty: wherever the plan works. A region: this value applies there only."),
    )
    number = models.DecimalField(_("number"), max_digits=13, decimal_places=3, null=True, blank=True, editable=False)
    text = models.CharField(_("text"), max_length=500, blank=True, editable=False)
    flag = models.BooleanField(_("yes/no"), null=True, blank=True, editable=False)

    objects = PlanAttributeQuerySet.as_manager()

    class Meta:
        ordering = ["attribute__feature__display_order", "attribute__display_order", "attribute__slug", "region_id"]
        verbose_name = _("plan rule")
        verbose_name_plural = _("plan rules")
        constraints = [
            # One value per plan, rule and region, and one for "everywhere" (NULLs are distinct in a plain one).
            models.UniqueConstraint(fields=["plan", "attribute", "region"], name="plan_rule_unique_in_region"),
            models.UniqueConstraint(
                fields=["plan", "attribute"], condition=Q(region__isnull=True), name="plan_rule_unique_everywhere"
            ),
            models.CheckConstraint(condition=Q(number__isnull=True) | Q(number__gte=0), name="plan_rule_not_negative"),
        ]

    def __str__(self):
        return f"{self.plan} · {self.attribute}: {self.as_text()}"

    def get_absolute_url(self):
        return self.plan.get_absolute_url()

    def set_value(self, raw, *, regions=None):
        """Check ``raw`` against the rule's type and store it; ValidationError names what was expected."""
        attribute = self.attribute
        parsed = rules.parse(
            attribute.kind, raw, unit=attribute.unit_en or attribute.unit_zh_hans or "",
            options=attribute.option_list(), regions=regions if regions is not None else region_aliases(),
        )  # fmt: skip
        self.number, self.text, self.flag = parsed.number, parsed.text, parsed.flag

    def as_text(self):
        return rules.as_text(self.attribute.kind, self.number, self.text, self.flag)


def region_aliases():
    """Every way an editor may name a region (slug, ISO code, names in every language), lower-cased, to its slug."""
    aliases = {}
    name_fields = [localized("name", language) for language in AVAILABLE_LANGUAGES]
    for row in Region.objects.values("slug", "code", *name_fields):
        for word in [row["slug"], row["code"], *(row[field] for field in name_fields)]:
            if word:
                aliases.setdefault(word.strip().lower(), row["slug"])
    return aliases


RESERVED_PLAN_SLUGS = frozenset({"compare"})


def validate_plan_slug(slug):
    if slug in RESERVED_PLAN_SLUGS:
        raise ValidationError(
            _("“%(slug)s” is the address of a page under /plans/; choose another slug."),
            code="reserved_slug",
            params={"slug": slug},
        )


class PlanQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def in_region(self, region):
        return self.filter(carrier__region=region)

    def with_related(self):
        return self.select_related("carrier__region")

    def with_feature_rows(self):
        rows = PlanFeature.objects.select_related("feature").order_by("feature__display_order", "feature__slug")
        return self.prefetch_related(Prefetch("feature_rows", queryset=rows))

    def supporting(self, feature, supports, minimum=None):
        """Plans whose row for ``feature`` has one of ``supports`` and, if given, a value of at least ``minimum``."""
        rows = PlanFeature.objects.filter(plan=models.OuterRef("pk"), feature=feature)
        if supports:
            rows = rows.filter(support__in=supports)
        if minimum is not None:
            uncapped = Q(support=Support.YES, value__isnull=True)
            rows = rows.filter(uncapped | Q(support__in=[Support.YES, Support.LIMITED], value__gte=minimum))
        return self.filter(models.Exists(rows))


class Plan(KeepsOldAddresses, LockVersioned, TranslationTracked):
    """One plan a reader can buy, with the numbers comparison sites list and the features we verify."""

    carrier = models.ForeignKey(Carrier, on_delete=models.PROTECT, related_name="plans", verbose_name=_("carrier"))
    slug = models.SlugField(_("slug"), max_length=100, unique=True, validators=[validate_plan_slug])
    name = models.CharField(_("name"), max_length=150)
    plan_type = models.CharField(_("plan type"), max_length=20, choices=PlanType.choices, default=PlanType.PREPAID)
    data_gb = models.DecimalField(
        _("data (GB)"),
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Leave empty for unlimited data."),
    )
    is_unlimited_data = models.BooleanField(_("unlimited data"), default=False)
    validity_days = models.PositiveSmallIntegerField(_("validity (days)"), validators=[MinValueValidator(1)])
    price = models.DecimalField(_("price"), max_digits=10, decimal_places=2, validators=[MinValueValidator(0)])
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices, default=Currency.HKD)
    price_usd = models.DecimalField(_("price (USD)"), max_digits=10, decimal_places=2, editable=False, default=0)
    is_5g = models.BooleanField(_("5G"), default=False)
    purchase_url = models.URLField(_("purchase URL"), blank=True)
    is_active = models.BooleanField(_("active"), default=True, db_index=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = PlanQuerySet.as_manager()

    class Meta:
        ordering = ["price_usd", "slug"]
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        # Editors may change a catalogue record's texts (translations); changing its facts takes this permission.
        permissions = [("edit_facts", _("Can change catalogue facts, not only texts"))]
        constraints = [
            models.CheckConstraint(condition=Q(price__gte=0), name="plan_price_not_negative"),
            models.CheckConstraint(condition=Q(validity_days__gte=1), name="plan_validity_at_least_one_day"),
            models.CheckConstraint(
                condition=Q(is_unlimited_data=True, data_gb__isnull=True) | Q(is_unlimited_data=False, data_gb__gte=0),
                name="plan_data_is_amount_or_unlimited",
            ),
        ]
        indexes = [
            models.Index(fields=["is_active", "price_usd"], name="plan_active_price_idx"),
            models.Index(fields=["plan_type"], name="plan_type_idx"),
        ]

    def __str__(self):
        return self.name or self.slug

    def get_absolute_url(self):
        return reverse("carriers:plan_detail", kwargs={"slug": self.slug})

    def clean(self):
        if self.is_unlimited_data and self.data_gb is not None:
            raise ValidationError({"data_gb": _("Leave the data amount empty for an unlimited plan.")})
        if not self.is_unlimited_data and self.data_gb is None:
            raise ValidationError({"data_gb": _("Enter the data allowance, or tick “unlimited data”.")})

    def save(self, *args, **kwargs):
        if self.price is not None and self.currency:
            self.price_usd = to_usd(self.price, self.currency)
        super().save(*args, **kwargs)

    @property
    def price_per_gb_usd(self):
        if self.is_unlimited_data or not self.data_gb:
            return None
        return round(self.price_usd / self.data_gb, 2)


class PlanFeatureQuerySet(models.QuerySet):
    def overdue(self, *, today=None):
        """Rows never verified, or verified longer than STALE_AFTER_DAYS ago; oldest first."""
        today = today or timezone.localdate()
        cutoff = today - timedelta(days=settings.STALE_AFTER_DAYS)
        return self.filter(Q(verified_on__isnull=True) | Q(verified_on__lt=cutoff)).order_by(
            models.F("verified_on").asc(nulls_first=True), "plan__slug", "feature__display_order"
        )

    def shown_in(self, article):
        """Rows of active plans that the article's live table shows (``in_live_table``)."""
        return in_live_table(self, article)


class PlanFeature(LockVersioned, TranslationTracked, Evidence):
    """What one plan allows for one feature, with the evidence: a source and the day it was checked."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="feature_rows", verbose_name=_("plan"))
    feature = models.ForeignKey(Feature, on_delete=models.PROTECT, related_name="plan_rows", verbose_name=_("feature"))
    support = models.CharField(_("support"), max_length=10, choices=Support.choices, default=Support.UNKNOWN)
    value = models.DecimalField(
        _("value"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("e.g. 5 for a 5 GB hotspot cap, in the feature's unit."),
    )
    objects = PlanFeatureQuerySet.as_manager()

    class Meta:
        ordering = ["feature__display_order", "feature__slug"]
        verbose_name = _("plan feature")
        verbose_name_plural = _("plan features")
        constraints = [
            models.UniqueConstraint(fields=["plan", "feature"], name="plan_feature_unique"),
            models.CheckConstraint(
                condition=Q(value__isnull=True) | Q(value__gte=0), name="plan_feature_value_not_negative"
            ),
        ]
        indexes = [
            models.Index(fields=["feature", "support", "plan"], name="plan_feature_filter_idx"),
        ]

    def __str__(self):
        return f"{self.plan} · {self.feature}: {self.get_support_display()}"

    def get_absolute_url(self):
        return self.plan.get_absolute_url()


class OverdueFact(PlanFeature):
    """The verification queue in the admin: plan feature rows overdue for checking (see ``overdue()``)."""

    class Meta:
        proxy = True
        ordering = ["verified_on"]
        verbose_name = _("fact overdue for checking")
        verbose_name_plural = _("facts overdue for checking")
