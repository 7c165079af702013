"""Phones and whether they take an eSIM, by where they were sold, each answer with its source and check date.

The same model sold in two places can differ: iPhones for Mainland China have long come with two nano-SIM slots
and no eSIM, while the Hong Kong ones take an eSIM. So the answer belongs to a device *as sold in* a region.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SalesRegion(models.TextChoices):
    MAINLAND_CHINA = "mainland-china", _("Mainland China")
    HONG_KONG = "hong-kong", _("Hong Kong")
    MACAU = "macau", _("Macau")
    UNITED_STATES = "united-states", _("United States")
    JAPAN = "japan", _("Japan")
    EUROPE = "europe", _("Europe")
    OTHER = "other", _("Elsewhere")


class SimSetup(models.TextChoices):
    DUAL_NANO = "dual-nano", _("Two nano-SIMs, no eSIM")
    NANO_ESIM = "nano-esim", _("Nano-SIM and eSIM")
    DUAL_ESIM = "dual-esim", _("Two eSIMs (and a nano-SIM)")
    ESIM_ONLY = "esim-only", _("eSIM only")
    UNKNOWN = "unknown", _("Unknown")


ESIM_SETUPS = {SimSetup.NANO_ESIM, SimSetup.DUAL_ESIM, SimSetup.ESIM_ONLY}


class DeviceQuerySet(models.QuerySet):
    def matching(self, query):
        """Devices whose brand, model or model numbers contain ``query`` (any case)."""
        query = (query or "").strip()
        if not query:
            return self
        return self.filter(Q(brand__icontains=query) | Q(model__icontains=query) | Q(model_numbers__icontains=query))


class Device(models.Model):
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    brand = models.CharField(_("brand"), max_length=60)
    model = models.CharField(_("model"), max_length=100)
    model_numbers = models.CharField(
        _("model numbers"), max_length=200, blank=True, help_text=_("As printed on the box or in Settings, e.g. A2846.")
    )
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)

    objects = DeviceQuerySet.as_manager()

    class Meta:
        ordering = ["brand", "-year", "model"]
        verbose_name = _("device")
        verbose_name_plural = _("devices")

    def __str__(self):
        return f"{self.brand} {self.model}"


class DeviceSetup(models.Model):
    """How a device sold in one region takes SIMs, as a source said on a given day."""

    device = models.ForeignKey(Device, on_delete=models.CASCADE, related_name="setups", verbose_name=_("device"))
    sales_region = models.CharField(_("sold in"), max_length=20, choices=SalesRegion.choices)
    sim_setup = models.CharField(_("SIM setup"), max_length=20, choices=SimSetup.choices, default=SimSetup.UNKNOWN)
    note = models.CharField(_("note"), max_length=300, blank=True)
    source_url = models.URLField(_("source"), blank=True)
    verified_on = models.DateField(_("verified on"), null=True, blank=True)

    class Meta:
        ordering = ["device", "sales_region"]
        verbose_name = _("device setup")
        verbose_name_plural = _("device setups")
        constraints = [
            models.UniqueConstraint(fields=["device", "sales_region"], name="device_setup_one_per_region"),
        ]

    def __str__(self):
        return f"{self.device} ({self.get_sales_region_display()}): {self.get_sim_setup_display()}"

    @property
    def takes_esim(self):
        """True, False, or None when unknown."""
        return None if self.sim_setup == SimSetup.UNKNOWN else self.sim_setup in ESIM_SETUPS

    @property
    def is_stale(self):
        if self.verified_on is None:
            return True
        return self.verified_on < timezone.localdate() - timedelta(days=settings.STALE_AFTER_DAYS)
