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


class AttributeKind(models.TextChoices):
    """The type of a feature's rule (a hotspot's cap, a sharing plan's members): what a value must be."""

    NUMBER = "number", _("Number with unit")
    DATA = "data", _("Data amount")
    SPEED = "speed", _("Speed")
    DURATION = "duration", _("Duration")
    CHOICE = "choice", _("Choice from a list")
    YES_NO = "yes-no", _("Yes or no")
    REGIONS = "regions", _("List of regions")
    TIME_ZONE = "time-zone", _("Time zone")
