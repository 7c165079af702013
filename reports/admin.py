from django.contrib import admin
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import Report


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    """Readers' reports, newest first, each linked to the plan or article it is about."""

    list_display = ["created_at", "record_link", "short_message", "status", "language"]
    list_filter = ["status", "content_type", "language", "created_at"]
    search_fields = ["message", "source_url", "email"]
    readonly_fields = ["record_link", "content_type", "object_id", "message", "source_url", "email", "language"]
    fields = ["record_link", "message", "source_url", "email", "language", "status"]
    actions = ["mark_resolved", "mark_dismissed"]
    date_hierarchy = "created_at"
    list_select_related = ["content_type"]

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("about"))
    def record_link(self, report):
        record = report.record
        if record is None:
            return _("(deleted)")
        name = f"admin:{report.content_type.app_label}_{report.content_type.model}_change"
        try:
            url = reverse(name, args=[record.pk])
        except NoReverseMatch:
            url = None
        return render_to_string("admin/includes/record_link.html", {"url": url, "record": record})

    @admin.display(description=_("what is wrong"))
    def short_message(self, report):
        return report.message if len(report.message) <= 80 else report.message[:79] + "…"

    def _set_status(self, request, queryset, status):
        count = queryset.update(status=status)
        self.message_user(request, ngettext("%(n)d report updated.", "%(n)d reports updated.", count) % {"n": count})

    @admin.action(description=_("Mark selected reports resolved"))
    def mark_resolved(self, request, queryset):
        self._set_status(request, queryset, Report.Status.RESOLVED)

    @admin.action(description=_("Mark selected reports dismissed"))
    def mark_dismissed(self, request, queryset):
        self._set_status(request, queryset, Report.Status.DISMISSED)
