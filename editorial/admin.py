"""Admin building blocks for every editable model: history with diffs and restore, stale-save refusal,
translation status columns, filters and actions."""

from functools import partial

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.forms import modelformset_factory
from django.http import Http404
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin
from modeltranslation.settings import AVAILABLE_LANGUAGES
from reversion.admin import VersionAdmin
from reversion.models import Version

from . import history, roles, status
from .conversion import script_variants
from .forms import SEEN_VERSION, LockedInlineForm, LockedModelForm
from .models import Redirect, StaleEdit, language_name
from .services import mark_translation_reviewed


def change_link(record):
    """``record`` linked to its change form in the admin: queue rows open the record to fix."""
    opts = record._meta.concrete_model._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk])
    return render_to_string("admin/includes/record_link.html", {"url": url, "record": record})


class TranslationStatusFilter(admin.SimpleListFilter):
    title = _("translation")
    parameter_name = "translation"

    def lookups(self, request, model_admin):
        choices = [("needs-work", _("Any language missing or outdated"))]
        for code in AVAILABLE_LANGUAGES:
            name = language_name(code)
            choices.append((f"{code}:missing", _("%(language)s missing") % {"language": name}))
            choices.append((f"{code}:outdated", _("%(language)s outdated") % {"language": name}))
        return choices

    def queryset(self, request, queryset):
        value = self.value()
        if not value:
            return queryset
        if value == "needs-work":
            return queryset.filter(status.needs_translation_q(queryset.model))
        language, _sep, state = value.partition(":")
        if language not in AVAILABLE_LANGUAGES:
            return queryset
        if state == status.MISSING:
            return queryset.filter(status.missing_q(queryset.model, language))
        if state == status.OUTDATED:
            return queryset.filter(status.outdated_q(queryset.model, language))
        return queryset


def _mark_reviewed_action(language):
    def action(modeladmin, request, queryset):
        count = mark_translation_reviewed(queryset=queryset, language=language)
        modeladmin.message_user(
            request,
            gettext("Marked the %(language)s translation of %(count)d records reviewed.")
            % {"language": language_name(language), "count": count},
            messages.SUCCESS,
        )

    action.__name__ = f"mark_reviewed_{language.replace('-', '_')}"
    description = _("Mark %(language)s translation reviewed")
    return action, action.__name__, description % {"language": language_name(language)}


class FactPermissionMixin:
    """Lets list actions declare ``permissions=["edit_facts"]``: Django asks ``has_edit_facts_permission``."""

    def has_edit_facts_permission(self, request):
        return roles.may_edit_facts(request.user, self.model)


class WriteScopeMixin(FactPermissionMixin):
    """Forms, inlines and list_editable offer only the fields ``roles.writable_fields`` grants; the rest are
    shown read-only. Adding needs ``roles.may_create``."""

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not roles.may(request.user, "change", self.model):
            return readonly  # view only: Django shows every field read-only already
        writable = roles.writable_fields(request.user, self.model)
        blocked = [name for name in roles.editable_fields(self.model) if name not in writable]
        return list(dict.fromkeys([*readonly, *blocked]))

    def get_prepopulated_fields(self, request, obj=None):
        writable = roles.writable_fields(request.user, self.model)
        fields = super().get_prepopulated_fields(request, obj)
        return {name: sources for name, sources in fields.items() if name in writable}

    def has_add_permission(self, request, *args):
        return super().has_add_permission(request, *args) and roles.may_create(request.user, self.model)

    def editable_in_list(self, request):
        writable = roles.writable_fields(request.user, self.model)
        return tuple(name for name in self.list_editable if name in writable)

    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)
        changelist.list_editable = self.editable_in_list(request)
        return changelist

    def get_changelist_formset(self, request, **kwargs):
        defaults = {"formfield_callback": partial(self.formfield_for_dbfield, request=request), **kwargs}
        form = self.get_changelist_form(request)
        return modelformset_factory(self.model, form, extra=0, fields=self.editable_in_list(request), **defaults)


class LockedInlineMixin(WriteScopeMixin):
    """For inlines of an EditorialAdmin: each row carries its own version."""

    form = LockedInlineForm

    def get_fields(self, request, obj=None):
        fields = list(super().get_fields(request, obj))
        return fields if SEEN_VERSION in fields else [*fields, SEEN_VERSION]


class EditorialAdmin(WriteScopeMixin, VersionAdmin, TabbedTranslationAdmin):
    """Admin for a LockVersioned, TranslationTracked model registered with django-reversion."""

    form = LockedModelForm
    # Restoring a version leaves these as they are unless the editor ticks "restore these too".
    restore_guarded_fields = ("slug",)
    change_form_template = "admin/editorial/change_form.html"
    object_history_template = "admin/editorial/object_history.html"
    history_latest_first = True

    class Media:
        js = ["js/open-tab-with-text.js"]

    # Lists
    def get_search_results(self, request, queryset, search_term):
        """Chinese finds both scripts: 熱點 finds what is written 热点, and the reverse."""
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        for variant in script_variants(search_term):
            more, duplicates = super().get_search_results(request, queryset, variant)
            results, may_have_duplicates = results | more, may_have_duplicates or duplicates
        return results, may_have_duplicates

    def get_list_display(self, request):
        return [*super().get_list_display(request), "translation_summary"]

    def get_list_filter(self, request):
        return [*super().get_list_filter(request), TranslationStatusFilter]

    def get_actions(self, request):
        actions = super().get_actions(request)
        if self.has_change_permission(request):
            for language in AVAILABLE_LANGUAGES:
                action, name, description = _mark_reviewed_action(language)
                actions[name] = (action, name, description)
        return actions

    @admin.display(description=_("translations"))
    def translation_summary(self, obj):
        parts = []
        for language in AVAILABLE_LANGUAGES:
            state = obj.translation_status(language)
            label = "✓" if state == status.COMPLETE else str(status.STATUS_LABELS[state])
            parts.append(f"{language_name(language)} {label}")
        return " · ".join(parts)

    # Forms
    def get_fieldsets(self, request, obj=None):
        fieldsets = [(name, dict(options)) for name, options in super().get_fieldsets(request, obj)]
        if not any(SEEN_VERSION in options.get("fields", ()) for _name, options in fieldsets):
            name, options = fieldsets[0]
            options["fields"] = [*options["fields"], SEEN_VERSION]
        return fieldsets

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except StaleEdit:
            # Two saves raced past the form check; the database refused the second one.
            self.message_user(
                request,
                gettext("Someone else saved this record at the same moment. Your changes were not saved; reload it."),
                messages.ERROR,
            )
            return redirect(request.path)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context["translation_states"] = [
                {"code": code, "name": language_name(code), "status": obj.translation_status(code)}
                for code in AVAILABLE_LANGUAGES
            ]
            context["mark_reviewed_url"] = self._url("mark_reviewed", obj.pk)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_restored(self, request, obj, relations):
        history.save_with_relations(obj, relations)

    # URLs
    def _url(self, name, *args):
        opts = self.model._meta
        return reverse(f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_{name}", args=args)

    def get_urls(self):
        opts = self.model._meta
        info = f"{opts.app_label}_{opts.model_name}"
        view = self.admin_site.admin_view
        return [
            path("<path:object_id>/mark-reviewed/", view(self.mark_reviewed_view), name=f"{info}_mark_reviewed"),
            path("<path:object_id>/history/compare/", view(self.compare_view), name=f"{info}_compare"),
            path(
                "<path:object_id>/history/<int:version_id>/restore/",
                view(self.restore_view),
                name=f"{info}_restore",
            ),
            *super().get_urls(),
        ]

    def _object_or_404(self, request, object_id, *, change=False):
        obj = self.get_object(request, unquote(object_id))  # None for an unknown or malformed id
        if obj is None:
            raise Http404(gettext("No such record."))
        allowed = (
            self.has_change_permission(request, obj) if change else self.has_view_or_change_permission(request, obj)
        )
        if not allowed:
            raise PermissionDenied
        return obj

    # Views
    def mark_reviewed_view(self, request, object_id):
        if request.method != "POST":
            return redirect(self._url("change", object_id))
        obj = self._object_or_404(request, object_id, change=True)
        language = request.POST.get("language")
        if language not in AVAILABLE_LANGUAGES:
            self.message_user(request, gettext("Unknown language."), messages.ERROR)
        else:
            mark_translation_reviewed(queryset=self.model.objects.filter(pk=obj.pk), language=language)
            self.message_user(
                request,
                gettext("The %(language)s translation is marked reviewed.") % {"language": language_name(language)},
                messages.SUCCESS,
            )
        return redirect(self._url("change", obj.pk))

    def history_view(self, request, object_id, extra_context=None):
        obj = self._object_or_404(request, object_id)
        versions = list(history.versions_for(obj))
        entries = []
        for index, version in enumerate(versions):
            older = versions[index + 1] if index + 1 < len(versions) else None
            changes = history.diff(self.model, older.field_dict, version.field_dict) if older else []
            entries.append({"version": version, "changes": changes, "is_first": older is None})
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "object": obj,
            "title": gettext("History: %(record)s") % {"record": obj},
            "entries": entries,
            "compare_url": self._url("compare", obj.pk),
            "can_restore": self.has_change_permission(request, obj),
            **(extra_context or {}),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.object_history_template, context)

    def _version(self, obj, version_id):
        try:
            return history.versions_for(obj).get(pk=version_id)
        except (Version.DoesNotExist, ValueError, TypeError):
            raise Http404(gettext("No such version of this record.")) from None

    def compare_view(self, request, object_id):
        obj = self._object_or_404(request, object_id)
        older = self._version(obj, request.GET.get("from"))
        newer = self._version(obj, request.GET.get("to"))
        if older.revision.date_created > newer.revision.date_created:
            older, newer = newer, older
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "object": obj,
            "title": gettext("Changes to %(record)s") % {"record": obj},
            "older": older,
            "newer": newer,
            "changes": history.diff(self.model, older.field_dict, newer.field_dict),
            "history_url": self._url("history", obj.pk),
            "can_restore": self.has_change_permission(request, obj),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/editorial/compare.html", context)

    def restore_view(self, request, object_id, version_id):
        """GET: what the restore will change, and a confirmation. POST: restore those fields as a new version."""
        obj = self._object_or_404(request, object_id, change=True)
        version = self._version(obj, version_id)
        writable = roles.writable_fields(request.user, self.model)
        if request.method == "POST":
            if str(obj.lock_version) != request.POST.get(SEEN_VERSION):
                self.message_user(
                    request,
                    gettext("Someone saved this record after you opened the restore page. Nothing was restored."),
                    messages.ERROR,
                )
                return redirect(self._url("history", obj.pk))
            skip = () if request.POST.get("include_guarded") else self.restore_guarded_fields
            save = partial(self.save_restored, request)
            history.restore(obj=obj, version=version, user=request.user, writable=writable, skip=skip, save=save)
            self.message_user(request, gettext("The earlier version is restored and saved as a new version."))
            return redirect(self._url("change", obj.pk))
        plan = history.plan_restore(obj=obj, version=version, writable=writable, guarded=self.restore_guarded_fields)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "object": obj,
            "version": version,
            "plan": plan,
            "seen_version": obj.lock_version,
            "title": gettext("Restore an earlier version of %(record)s") % {"record": obj},
            "history_url": self._url("history", obj.pk),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/editorial/restore_confirm.html", context)


@admin.register(Redirect)
class RedirectAdmin(admin.ModelAdmin):
    """Old addresses and where they lead. Renaming a slug makes one; editors may add, correct or remove them."""

    list_display = ["old_path", "new_path", "created_at"]
    search_fields = ["old_path", "new_path"]
    date_hierarchy = "created_at"
    fields = ["old_path", "new_path"]
