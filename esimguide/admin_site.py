from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .admin_queues import editorial_queues


class EditorialAdminSite(admin.AdminSite):
    """The admin, with the editorial queues (drafts, translations, overdue facts, articles to review) on its index."""

    site_header = _("esimguide editors")
    site_title = _("esimguide admin")
    index_template = "admin/editorial/index.html"

    def index(self, request, extra_context=None):
        work, translations = editorial_queues(request.user)
        context = {"work_queues": work, "translation_queues": translations, **(extra_context or {})}
        return super().index(request, context)
