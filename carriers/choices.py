"""Choices shared by the catalogue's models and the modules that describe them (no model imports here)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Support(models.TextChoices):
    YES = "yes", _("Yes")
    LIMITED = "limited", _("Limited")
    NO = "no", _("No")
    UNKNOWN = "unknown", _("Unknown")


class PlanType(models.TextChoices):
    PREPAID = "prepaid", _("Prepaid")
    POSTPAID = "postpaid", _("Postpaid")
    TRAVEL = "travel", _("Travel")
    DATA_ONLY = "data-only", _("Data only")
