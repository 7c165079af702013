from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class EditorialConfig(AppConfig):
    default = True
    name = "editorial"
    verbose_name = _("Editorial workflow")

    def ready(self):
        from . import converting_fields

        converting_fields.install()


class EditorialAdminConfig(admin_apps.AdminConfig):
    """Django's admin with our site class, whose index shows the editorial queues."""

    default = False
    default_site = "esimguide.admin_site.EditorialAdminSite"  # a path, not an import: the site is the top layer
