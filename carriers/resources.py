"""Spreadsheet columns for carriers, plans and plan features (django-import-export).

Rows are matched by slug (plan features by plan slug and feature slug), so a re-imported sheet updates records
instead of duplicating them. Related records are named by slug, never by database id. These declarations make the
exports, and editorial/sheet_import.py reads the same columns back.
"""

from import_export import fields, resources, widgets

from editorial.models import localized_fields

from .models import Carrier, Feature, Plan, PlanFeature, Region


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
