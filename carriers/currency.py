"""Currencies plans are sold in, and the reference rates used to compare prices across them.

Readers compare plans from several regions, so every price is also kept in US dollars for sorting
and price filters. The rates are rounded reference values, not live quotes; the page says so.
"""

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _


class Currency(models.TextChoices):
    HKD = "HKD", _("Hong Kong dollar")
    USD = "USD", _("US dollar")
    PKR = "PKR", _("Pakistani rupee")
    JPY = "JPY", _("Japanese yen")
    CNY = "CNY", _("Chinese yuan")
    MOP = "MOP", _("Macau pataca")
    EUR = "EUR", _("Euro")
    GBP = "GBP", _("Pound sterling")


USD_PER_UNIT = {
    Currency.HKD: Decimal("0.128"),
    Currency.USD: Decimal("1"),
    Currency.PKR: Decimal("0.0036"),
    Currency.JPY: Decimal("0.0066"),
    Currency.CNY: Decimal("0.139"),
    Currency.MOP: Decimal("0.124"),
    Currency.EUR: Decimal("1.08"),
    Currency.GBP: Decimal("1.27"),
}


def to_usd(amount, currency):
    return (Decimal(amount) * USD_PER_UNIT[currency]).quantize(Decimal("0.01"))
