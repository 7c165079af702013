"""schema.org data for a plan page: Product with an Offer, and its BreadcrumbList."""

from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core.structured_data import breadcrumb_list

from .formatting import number


def structured_data(request, plan):
    url = request.build_absolute_uri(plan.get_absolute_url())
    region, carrier = plan.carrier.region, plan.carrier
    data_label = _("Unlimited") if plan.is_unlimited_data else f"{number(plan.data_gb)} GB"
    product = {
        "@context": "https://schema.org",
        "@type": "Product",
        "name": plan.name,
        "sku": plan.slug,
        "url": url,
        "category": "eSIM",
        "inLanguage": get_language(),
        "description": f"{carrier.name} · {region.name} · {data_label} · {plan.validity_days} d",
        "brand": {"@type": "Brand", "name": carrier.name},
        "offers": {
            "@type": "Offer",
            "price": number(plan.price),
            "priceCurrency": plan.currency,
            "availability": "https://schema.org/InStock",
            "url": plan.purchase_url or url,
        },
    }
    crumbs = [
        (_("Home"), reverse("home")),
        (region.name, region.get_absolute_url()),
        (carrier.name, carrier.get_absolute_url()),
        (plan.name, url),
    ]
    return [product, breadcrumb_list(request, crumbs)]
