"""Spreadsheet columns for carriers, plans and plan features (django-import-export).

Rows are matched by slug (plan features by plan slug and feature slug), so a re-imported sheet updates records
instead of duplicating them. Related records are named by slug, never by database id. These declarations make the
exports, and editorial/sheet_import.py reads the same columns back.
"""

from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from editorial.models import localized_fields

from . import rules
from .models import Carrier, Feature, FeatureAttribute, Plan, PlanAttribute, PlanFeature, Region, region_aliases

ENTRY_SEPARATOR = ";"


class CarrierResource(resources.ModelResource):
    region = fields.Field("region", "region", widgets.ForeignKeyWidget(Region, "slug"))

    class Meta:
        model = Carrier
        import_id_fields = ["slug"]
        fields = ["slug", "region", *localized_fields("name", "description"), "website", "is_esim_seller"]
        export_order = fields
        skip_unchanged = True
        report_skipped = False
        clean_model_instances = True


class PlanResource(resources.ModelResource):
    carrier = fields.Field("carrier", "carrier", widgets.ForeignKeyWidget(Carrier, "slug"))

    class Meta:
        model = Plan
        import_id_fields = ["slug"]
        fields = [
            "slug", "carrier", *localized_fields("name"), "plan_type", "data_gb", "is_unlimited_data", "validity_days",
            "price", "currency", "is_5g", "purchase_url", "is_active",
        ]  # fmt: skip
        export_order = fields
        skip_unchanged = True
        report_skipped = False
        clean_model_instances = True

    def extra_columns(self):
        """One column per feature rule: an editor's new rule is a column with no code change."""
        values = RuleValues()
        return [RuleColumn(rule, values) for rule in values.rules]

    def export(self, queryset=None, **kwargs):
        dataset = super().export(queryset=queryset, **kwargs)
        plans = list(queryset) if queryset is not None else list(Plan.objects.all())
        columns = self.extra_columns()
        if columns:
            columns[0].prepare(plans)
        for column in columns:
            dataset.append_col([column.current(plan) for plan in plans], header=column.name)
        return dataset


class RuleValues:
    """A plan's values for every feature rule, read once for the plans a sheet names (``prepare``)."""

    def __init__(self):
        self.rules = list(FeatureAttribute.objects.select_related("feature"))
        self.aliases = region_aliases()
        self.region_ids = {region.slug: region.pk for region in Region.objects.all()}
        self.by_plan = None

    def prepare(self, plans):
        if self.by_plan is not None:
            return
        self.by_plan = defaultdict(dict)
        rows = PlanAttribute.objects.filter(plan__in=[plan.pk for plan in plans if plan.pk]).select_related("region")
        for row in rows:
            self.by_plan[row.plan_id].setdefault(row.attribute_id, {})[row.region.slug if row.region else None] = row


class RuleColumn:
    """One feature rule as a column of the plan sheet (editorial/sheet_import.py ``extra_columns``). A cell holds the
    plan's value everywhere ("5 GB") and per region ("mainland-china: 1 GB"), entries separated by ";". An empty
    cell removes the plan's values for the rule."""

    def __init__(self, rule, values):
        self.rule, self.values, self.name = rule, values, rule.key

    def label(self):
        return f"{self.rule.feature.name}: {self.rule.label} ({self.name})"

    def clean(self, text):
        result = {}
        for entry in (part.strip() for part in text.split(ENTRY_SEPARATOR)):
            if not entry:
                continue
            region, colon, raw = entry.partition(":")
            slug = self.values.aliases.get(region.strip().lower()) if colon else None
            if colon and slug is None:
                raise ValidationError(
                    _("“%(region)s” is not a region; write “region-slug: value”, e.g. “mainland-china: 1 GB”."),
                    params={"region": region.strip()[:60]},
                )
            if slug in result:
                raise ValidationError(_("a region is named twice in this cell"))
            value = PlanAttribute(attribute=self.rule)
            try:
                value.set_value(raw if colon else entry, regions=self.values.aliases)
            except ValidationError as error:
                raise ValidationError(f"{entry[:60]}: {' '.join(error.messages)}") from None
            result[slug] = value
        return result

    def text(self, value):
        entries = sorted(value.items(), key=lambda item: rules.everywhere_first(item[0]))
        return f"{ENTRY_SEPARATOR} ".join(v.as_text() if r is None else f"{r}: {v.as_text()}" for r, v in entries)

    def current(self, plan):
        self.values.prepare([plan])
        return self.text(self.values.by_plan.get(plan.pk, {}).get(self.rule.pk, {}))

    def prepare(self, plans):
        self.values.prepare(plans)

    @transaction.atomic
    def apply(self, plan, value):
        existing = PlanAttribute.objects.filter(plan=plan, attribute=self.rule).select_related("region")
        kept = {row.region.slug if row.region else None: row for row in existing}
        for region, row in kept.items():
            if region not in value:
                row.delete()
        for region, parsed in value.items():
            row = kept.get(region) or PlanAttribute(plan=plan, attribute=self.rule,
                                                    region_id=self.values.region_ids.get(region))  # fmt: skip
            row.number, row.text, row.flag = parsed.number, parsed.text, parsed.flag
            row.save()


class PlanFeatureResource(resources.ModelResource):
    plan = fields.Field("plan", "plan", widgets.ForeignKeyWidget(Plan, "slug"))
    feature = fields.Field("feature", "feature", widgets.ForeignKeyWidget(Feature, "slug"))

    class Meta:
        model = PlanFeature
        import_id_fields = ["plan", "feature"]
        fields = ["plan", "feature", "support", "value", *localized_fields("note"), "source_url", "verified_on"]
        export_order = fields
        skip_unchanged = True
        report_skipped = False
        clean_model_instances = True
