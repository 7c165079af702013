from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import RelatedFieldWidgetWrapper
from django.core.exceptions import PermissionDenied
from django.db import models
from django.shortcuts import redirect
from django.urls import path
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationStackedInline, TranslationTabularInline

from editorial import roles
from editorial.admin import EditorialAdmin, FactPermissionMixin, LockedInlineMixin, change_link
from editorial.forms import LockedInlineForm
from editorial.models import localized_fields
from editorial.sheet_admin import SpreadsheetAdmin

from . import services
from .models import (
    Carrier,
    CatalogueChange,
    Feature,
    FeatureAttribute,
    OverdueFact,
    Plan,
    PlanAttribute,
    PlanFeature,
    Region,
    region_aliases,
)
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


class FeatureRuleInline(LockedInlineMixin, TranslationStackedInline):
    """A feature's typed rules, defined here by editors: each becomes a field of the plan form, a filter, a compare
    row and a spreadsheet and export column with no code change."""

    model = FeatureAttribute
    extra = 0
    fields = ["slug", "label", "kind", "unit", "options", "phrase", "is_filterable", "display_order"]
    prepopulated_fields = {"slug": ["label_en"]}
    widgets = {"options": forms.Textarea(attrs={"rows": 4, "cols": 60})}

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "options":
            kwargs["widget"] = self.widgets["options"]
        return super().formfield_for_dbfield(db_field, request, **kwargs)


@admin.register(FeatureAttribute)
class FeatureAttributeAdmin(EditorialAdmin):
    list_display = ["label", "feature", "key", "kind", "is_filterable", "display_order"]
    list_filter = ["feature", "kind", "is_filterable"]
    search_fields = [*localized_fields("label"), "slug", "feature__slug", *localized_fields("feature__name")]
    list_select_related = ["feature"]
    prepopulated_fields = {"slug": ["label_en"]}

    @admin.display(description=_("key"))
    def key(self, rule):
        return rule.key


@admin.register(Feature)
class FeatureAdmin(EditorialAdmin):
    list_display = ["name", "slug", "unit", "is_filterable", "display_order"]
    list_editable = ["is_filterable", "display_order"]
    list_filter = ["is_filterable"]
    search_fields = [*localized_fields("name"), "slug", *localized_fields("keywords")]
    prepopulated_fields = {"slug": ["name_en"]}
    inlines = [FeatureRuleInline]


class FactRowInline(LockedInlineMixin, TranslationTabularInline):
    """A plan's fact rows (answers, rule values): narrow widgets, so a plan with its rows fits 1,280 px
    (editorial-admin.css lets the note take what is left), and no add/change icons on the row's choice."""

    formfield_overrides = HTTPS_URLS
    extra = 0
    widgets = {}

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        base = "note" if db_field.name.startswith("note") else db_field.name
        if base in self.widgets:
            kwargs["widget"] = self.widgets[base]
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if isinstance(getattr(formfield, "widget", None), RelatedFieldWidgetWrapper):
            # The feature's or rule's add/change/delete/view icons: a row picks one, it does not edit it.
            widget = formfield.widget
            widget.can_add_related = widget.can_change_related = widget.can_delete_related = False
            widget.can_view_related = False
        return formfield


class PlanRuleForm(LockedInlineForm):
    """A plan's value for one rule, typed as an editor says it ("5 GB", "128 kbps", "mainland-china, macau") and
    checked against the rule's type (``PlanAttribute.set_value``)."""

    value = forms.CharField(
        label=_("value"), max_length=500,
        help_text=_("As you would say it: 5 GB, 128 kbps, 24 h, yes, mainland-china, macau, Asia/Hong_Kong, or an "
                    "option's value."),
        widget=forms.TextInput(attrs={"size": 16}),
    )  # fmt: skip
    aliases = None  # region names, read once per form set (``PlanRuleInline.get_formset``)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None and self.instance.attribute_id:
            self.fields["value"].initial = self.instance.as_text()

    def clean(self):
        cleaned = super().clean()
        attribute, raw = cleaned.get("attribute"), cleaned.get("value")
        if attribute is not None and raw:
            self.instance.attribute = attribute
            try:
                self.instance.set_value(raw, regions=self.aliases.get())
            except forms.ValidationError as error:
                self.add_error("value", error)
        return cleaned


class PlanRuleFormSet(forms.BaseInlineFormSet):
    """Every value of the plan is a row of this form set, so one check here keeps one value per rule and region
    (the database's partial unique constraints would otherwise answer with an error page)."""

    def clean(self):
        super().clean()
        seen = {}
        for form in self.forms:
            data = getattr(form, "cleaned_data", None) or {}
            if not data or data.get("DELETE") or data.get("attribute") is None:
                continue
            key = (data["attribute"].pk, getattr(data.get("region"), "pk", None))
            if key in seen:
                region = data.get("region")
                form.add_error(
                    "region",
                    gettext("This plan already has a value for “%(rule)s” %(where)s, in another row.")
                    % {"rule": data["attribute"], "where": gettext("in %(region)s") % {"region": region} if region
                       else gettext("everywhere")},
                )  # fmt: skip
            seen[key] = form


class _Aliases:
    def __init__(self):
        self.found = None

    def get(self):
        if self.found is None:
            self.found = region_aliases()
        return self.found


class PlanRuleInline(FactRowInline):
    """The plan's rule values (a hotspot's cap, its window…), each with its source and check date."""

    model = PlanAttribute
    form = PlanRuleForm
    formset = PlanRuleFormSet
    fields = ["attribute", "region", "value", "note", "source_url", "verified_on"]
    widgets = {
        "note": forms.Textarea(attrs={"rows": 2, "cols": 20}),
        "source_url": forms.URLInput(attrs={"size": 16}),
    }

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if not roles.may_edit_facts(request.user, PlanAttribute):
            return [("current_value" if name == "value" else name) for name in fields]
        return fields

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        return readonly if roles.may_edit_facts(request.user, PlanAttribute) else [*readonly, "current_value"]

    @admin.display(description=_("value"))
    def current_value(self, row):
        return row.as_text() if row.attribute_id else ""

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form = type(formset.form.__name__, (formset.form,), {"aliases": _Aliases()})
        return formset

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("attribute__feature", "region")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "attribute":
            kwargs["queryset"] = FeatureAttribute.objects.select_related("feature")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class PlanFeatureInline(FactRowInline):
    model = PlanFeature
    fields = ["feature", "support", "value", "note", "source_url", "verified_on"]
    readonly_fields = []
    widgets = {
        "note": forms.Textarea(attrs={"rows": 2, "cols": 24}),
        "source_url": forms.URLInput(attrs={"size": 18}),
        "value": forms.NumberInput(attrs={"class": "narrow-number"}),
    }

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


@admin.action(description=_("Mark every feature and rule of the selected plans verified today"),
              permissions=["edit_facts"])  # fmt: skip
def mark_plans_verified(modeladmin, request, queryset):
    count = services.mark_plans_verified(plans=queryset, user=request.user)
    modeladmin.message_user(
        request, ngettext("%(count)d fact (answers and rules) marked verified.",
                          "%(count)d facts (answers and rules) marked verified.", count)
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
    inlines = [PlanFeatureInline, PlanRuleInline]
    readonly_fields = ["price_usd", "created_at", "updated_at"]
    actions = [mark_plans_verified]
    change_form_template = "admin/carriers/plan/change_form.html"

    FACT_CHANGES_SHOWN = 50

    def get_urls(self):
        view = self.admin_site.admin_view(self.verify_view)
        return [path("<path:object_id>/verify/", view, name="carriers_plan_verify"), *super().get_urls()]

    def history_view(self, request, object_id, extra_context=None):
        """Versions (django-reversion), and below them the plan's facts as the change log recorded them: bulk
        updates and raw SQL included, which no version holds."""
        plan = self._object_or_404(request, object_id)
        extra = {"fact_changes": plan.changes.facts().newest_first()[: self.FACT_CHANGES_SHOWN]}
        return super().history_view(request, object_id, {**extra, **(extra_context or {})})

    def verify_view(self, request, object_id):
        plan = self._object_or_404(request, object_id, change=True)
        if not self.has_edit_facts_permission(request):
            raise PermissionDenied
        if request.method == "POST":
            count = services.mark_plans_verified(plans=Plan.objects.filter(pk=plan.pk), user=request.user)
            message = gettext("All %(count)d facts (answers and rules) are marked verified today.")
            self.message_user(request, message % {"count": count})
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
    readonly_fields = ["verified_by"]
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


class FactFieldFilter(admin.SimpleListFilter):
    """The fields a listed row can have: the sync's rows without a fact are never listed, so not offered."""

    title = _("field")
    parameter_name = "field"

    def lookups(self, request, model_admin):
        return [(value, label) for value, label in CatalogueChange.Field.choices if value]

    def queryset(self, request, queryset):
        return queryset.filter(field=self.value()) if self.value() else queryset


@admin.register(CatalogueChange)
class CatalogueChangeAdmin(admin.ModelAdmin):
    """The change log's facts: what readers see under "Changes over time" (published) and what the review queue
    reads. Written by database triggers, so read-only here; rows without a fact (they only serve the read model's
    sync) are not listed."""

    list_display = ["changed_at", "plan", "description", "published"]
    list_filter = [FactFieldFilter, "published", "plan__carrier__region", "changed_at"]
    search_fields = ["plan__slug", *localized_fields("plan__name")]
    list_select_related = ["plan"]  # and what facts() selects
    date_hierarchy = "changed_at"
    ordering = ["-changed_at", "-id"]

    def get_queryset(self, request):
        return super().get_queryset(request).facts()

    @admin.display(description=_("change"))
    def description(self, change):
        return change.describe()

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser
