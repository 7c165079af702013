"""Spreadsheet columns for carriers, plans and plan features (django-import-export).

Rows are matched by slug (plan features by plan slug and feature slug), so a re-imported sheet updates records
instead of duplicating them. Related records are named by slug, never by database id.
"""

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.utils.translation import gettext
from import_export import fields, resources, widgets

from editorial import roles
from editorial.models import localized_fields

from .models import Carrier, Feature, Plan, PlanFeature, Region


class RoleScopedResource(resources.ModelResource):
    """Asks ``editorial.roles`` for every row: a role that may not create records gets a row error for a new one,
    and a column the role may not write is compared, never written; a changed value there is that cell's error.
    ``user`` comes from the admin's import (``import_data(user=…)``); code without a user is trusted."""

    def after_init_instance(self, instance, new, row, **kwargs):
        user = kwargs.get("user")
        if new and user is not None and not roles.may_create(user, self._meta.model):
            raise ValidationError(gettext("Your role may not add new records; nothing matches this row."))

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        user = kwargs.get("user")
        if user is None or not field.attribute or field.column_name not in row:
            return super().import_field(field, instance, row, is_m2m, **kwargs)
        if field.attribute in roles.writable_fields(user, self._meta.model):
            return super().import_field(field, instance, row, is_m2m, **kwargs)
        try:
            incoming = field.clean(row)
        except ObjectDoesNotExist:
            incoming = object()  # names a record that does not exist: certainly a change
        if incoming != field.get_value(instance):
            raise ValueError(gettext("Your role may not change this column; the file changes its value."))


class CarrierResource(RoleScopedResource):
    region = fields.Field("region", "region", widgets.ForeignKeyWidget(Region, "slug"))

    class Meta:
        model = Carrier
        import_id_fields = ["slug"]
        fields = ["slug", "region", *localized_fields("name", "description"), "website", "is_esim_seller"]
        export_order = fields
        skip_unchanged = True
        report_skipped = False
        clean_model_instances = True


class PlanResource(RoleScopedResource):
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


class PlanFeatureResource(RoleScopedResource):
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
