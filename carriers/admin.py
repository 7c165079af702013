from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin, TranslationTabularInline

from .models import Carrier, Feature, Plan, PlanFeature, Region

# Editors paste "carrier.com/plan"; assume https, as Django 6 will.
HTTPS_URLS = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Region)
class RegionAdmin(TabbedTranslationAdmin):
    list_display = ["name", "code", "slug", "display_order"]
    list_editable = ["display_order"]
    search_fields = ["name_zh_hans", "name_en", "slug", "code"]
    prepopulated_fields = {"slug": ["name_en"]}


@admin.register(Carrier)
class CarrierAdmin(TabbedTranslationAdmin):
    formfield_overrides = HTTPS_URLS
    list_display = ["name", "region", "slug", "is_esim_seller"]
    list_filter = ["region", "is_esim_seller"]
    search_fields = ["name_zh_hans", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}
    list_select_related = ["region"]


@admin.register(Feature)
class FeatureAdmin(TabbedTranslationAdmin):
    list_display = ["name", "slug", "unit", "is_filterable", "display_order"]
    list_editable = ["is_filterable", "display_order"]
    list_filter = ["is_filterable"]
    search_fields = ["name_zh_hans", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}


class PlanFeatureInline(TranslationTabularInline):
    formfield_overrides = HTTPS_URLS
    model = PlanFeature
    extra = 0
    fields = ["feature", "support", "value", "note", "source_url", "verified_on"]
    autocomplete_fields = []

    def get_extra(self, request, obj=None, **kwargs):
        # A new plan starts with one empty row per feature so editors fill them in one pass.
        return Feature.objects.count() if obj is None else 0


class StaleRowsFilter(admin.SimpleListFilter):
    title = _("verification")
    parameter_name = "verification"

    def lookups(self, request, model_admin):
        return [("unverified", _("Has unverified feature rows"))]

    def queryset(self, request, queryset):
        if self.value() == "unverified":
            return queryset.filter(feature_rows__verified_on__isnull=True).distinct()
        return queryset


@admin.register(Plan)
class PlanAdmin(TabbedTranslationAdmin):
    formfield_overrides = HTTPS_URLS
    list_display = [
        "name",
        "carrier",
        "plan_type",
        "data_gb",
        "is_unlimited_data",
        "validity_days",
        "price",
        "currency",
        "is_5g",
        "is_active",
    ]
    list_filter = [
        "is_active",
        "plan_type",
        "is_5g",
        "is_unlimited_data",
        "carrier__region",
        "carrier",
        StaleRowsFilter,
    ]
    search_fields = ["name_zh_hans", "name_en", "slug", "carrier__name_zh_hans", "carrier__name_en"]
    prepopulated_fields = {"slug": ["name_en"]}
    list_select_related = ["carrier"]
    inlines = [PlanFeatureInline]
    readonly_fields = ["price_usd", "created_at", "updated_at"]


@admin.register(PlanFeature)
class PlanFeatureAdmin(TabbedTranslationAdmin):
    formfield_overrides = HTTPS_URLS
    list_display = ["plan", "feature", "support", "value", "verified_on"]
    list_filter = ["feature", "support", "plan__carrier__region"]
    search_fields = ["plan__name_zh_hans", "plan__name_en", "note_zh_hans", "note_en"]
    list_select_related = ["plan", "feature"]
    date_hierarchy = "verified_on"
