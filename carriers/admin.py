from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import RelatedFieldWidgetWrapper
from django.core.exceptions import PermissionDenied
from django.db import models
from django.shortcuts import redirect
from django.urls import path
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationTabularInline

from editorial.admin import EditorialAdmin, FactPermissionMixin, LockedInlineMixin, change_link
from editorial.models import localized_fields
from editorial.sheet_admin import SpreadsheetAdmin

from . import services
from .models import Carrier, Feature, OverdueFact, Plan, PlanChange, PlanFeature, Region
from .resources import CarrierResource, PlanFeatureResource, PlanResource

# Editors paste "carrier.com/plan"; assume https, as Django 6 will.
HTTPS_URLS = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Region)
class RegionAdmin(EditorialAdmin):
    list_display = ["name", "code", "slug", "display_order"]
    list_editable = ["display_order"]
    search_fields = [*localized_fields("name"), "slug", "code", *localized_fields("keywords")]
    prepopulated_fields = {"slug": ["name_en"]}


@admin.register(Carrier)
class CarrierAdmin(SpreadsheetAdmin, EditorialAdmin):
    resource_classes = [CarrierResource]
    formfield_overrides = HTTPS_URLS
    list_display = ["name", "region", "slug", "is_esim_seller"]
    list_filter = ["region", "is_esim_seller"]
    search_fields = [*localized_fields("name"), "slug"]
    prepopulated_fields = {"slug": ["name_en"]}
    list_select_related = ["region"]


@admin.register(Feature)
class FeatureAdmin(EditorialAdmin):
    list_display = ["name", "slug", "unit", "is_filterable", "display_order"]
    list_editable = ["is_filterable", "display_order"]
    list_filter = ["is_filterable"]
    search_fields = [*localized_fields("name"), "slug", *localized_fields("keywords")]
    prepopulated_fields = {"slug": ["name_en"]}


class PlanFeatureInline(LockedInlineMixin, TranslationTabularInline):
    formfield_overrides = HTTPS_URLS
    model = PlanFeature
    extra = 0
    fields = ["feature", "support", "value", "note", "source_url", "verified_on"]
    readonly_fields = []
    # Narrow widgets so a plan with its rows fits 1,280 px (editorial-admin.css lets the note take what is left).
    widgets = {
        "note": forms.Textarea(attrs={"rows": 2, "cols": 24}),
        "source_url": forms.URLInput(attrs={"size": 18}),
        "value": forms.NumberInput(attrs={"class": "narrow-number"}),
    }

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        base = "note" if db_field.name.startswith("note") else db_field.name
        if base in self.widgets:
            kwargs["widget"] = self.widgets[base]
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if isinstance(getattr(formfield, "widget", None), RelatedFieldWidgetWrapper):
            # The feature's add/change/delete/view icons: a row picks a feature, it does not edit one.
            widget = formfield.widget
            widget.can_add_related = widget.can_change_related = widget.can_delete_related = False
            widget.can_view_related = False
        return formfield

    def get_extra(self, request, obj=None, **kwargs):
        # A new plan starts with one empty row per feature so editors fill them in one pass.
        return Feature.objects.count() if obj is None else 0


class StaleRowsFilter(admin.SimpleListFilter):
    title = _("verification")
    parameter_name = "verification"

    def lookups(self, request, model_admin):
        return [
            ("unverified", _("Has unverified feature rows")),
            ("overdue", _("Has feature rows overdue for checking")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "unverified":
            return queryset.filter(feature_rows__verified_on__isnull=True).distinct()
        if self.value() == "overdue":
            return queryset.filter(feature_rows__in=PlanFeature.objects.overdue()).distinct()
        return queryset


@admin.action(description=_("Mark every feature of the selected plans verified today"), permissions=["edit_facts"])
def mark_plans_verified(modeladmin, request, queryset):
    count = services.mark_verified(rows=PlanFeature.objects.filter(plan__in=queryset), user=request.user)
    modeladmin.message_user(
        request, ngettext("%(count)d feature row marked verified.", "%(count)d feature rows marked verified.", count)
        % {"count": count}, messages.SUCCESS
    )  # fmt: skip


@admin.action(description=_("Mark selected rows verified today"), permissions=["edit_facts"])
def mark_rows_verified(modeladmin, request, queryset):
    count = services.mark_verified(rows=queryset, user=request.user)
    modeladmin.message_user(
        request, ngettext("%(count)d feature row marked verified.", "%(count)d feature rows marked verified.", count)
        % {"count": count}, messages.SUCCESS
    )  # fmt: skip


@admin.register(Plan)
class PlanAdmin(SpreadsheetAdmin, EditorialAdmin):
    resource_classes = [PlanResource]
    formfield_overrides = HTTPS_URLS
    list_display = [
        "name", "carrier", "plan_type", "data_gb", "is_unlimited_data", "validity_days", "price", "currency",
        "is_5g", "is_active",
    ]  # fmt: skip
    list_filter = [
        "is_active", "plan_type", "is_5g", "is_unlimited_data", "carrier__region", "carrier", StaleRowsFilter,
    ]  # fmt: skip
    search_fields = [*localized_fields("name"), "slug", *localized_fields("carrier__name")]
    prepopulated_fields = {"slug": ["name_en"]}
    list_select_related = ["carrier"]
    inlines = [PlanFeatureInline]
    readonly_fields = ["price_usd", "created_at", "updated_at"]
    actions = [mark_plans_verified]
    change_form_template = "admin/carriers/plan/change_form.html"

    def get_urls(self):
        view = self.admin_site.admin_view(self.verify_view)
        return [path("<path:object_id>/verify/", view, name="carriers_plan_verify"), *super().get_urls()]

    def verify_view(self, request, object_id):
        plan = self._object_or_404(request, object_id, change=True)
        if not self.has_edit_facts_permission(request):
            raise PermissionDenied
        if request.method == "POST":
            count = services.mark_verified(rows=plan.feature_rows.all(), user=request.user)
            self.message_user(
                request, gettext("All %(count)d feature rows are marked verified today.") % {"count": count}
            )
        return redirect("admin:carriers_plan_change", plan.pk)


@admin.register(PlanFeature)
class PlanFeatureAdmin(SpreadsheetAdmin, EditorialAdmin):
    resource_classes = [PlanFeatureResource]
    formfield_overrides = HTTPS_URLS
    list_display = ["plan", "feature", "support", "value", "verified_on", "verified_by"]
    list_filter = ["feature", "support", "plan__carrier__region"]
    search_fields = ["plan__slug", *localized_fields("plan__name"), *localized_fields("note")]
    list_select_related = ["plan", "feature", "verified_by"]
    date_hierarchy = "verified_on"
    readonly_fields = ["verified_by", "fact_changed_at"]
    actions = [mark_rows_verified]


@admin.register(OverdueFact)
class OverdueFactAdmin(FactPermissionMixin, admin.ModelAdmin):
    """The verification queue: feature rows not checked within STALE_AFTER_DAYS, oldest first."""

    list_display = ["plan_link", "feature", "support", "value", "verified_on", "verified_by", "source_url"]
    list_filter = ["feature", "plan__carrier__region", "plan__carrier"]
    search_fields = [*localized_fields("plan__name"), "plan__slug"]
    list_select_related = ["plan", "feature", "verified_by"]
    list_display_links = None
    actions = [mark_rows_verified]

    def get_queryset(self, request):
        return super().get_queryset(request).overdue()

    @admin.display(description=_("plan"))
    def plan_link(self, row):
        return change_link(row.plan)

    def get_ordering(self, request):
        return []  # overdue() orders oldest first, never-verified at the top

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)


@admin.register(PlanChange)
class PlanChangeAdmin(admin.ModelAdmin):
    """What readers see under "Changes over time": written by database triggers, so read-only here."""

    list_display = ["changed_at", "plan", "description"]
    list_filter = ["field", "plan__carrier__region", "changed_at"]
    search_fields = ["plan__slug", *localized_fields("plan__name")]
    list_select_related = ["plan", "feature"]
    date_hierarchy = "changed_at"

    @admin.display(description=_("change"))
    def description(self, change):
        return change.describe()

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser
