import json

from django.conf import settings
from django.http import HttpResponse
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from carriers.read_model import catalogue
from core.querystrings import KnownParametersMixin
from devices.models import Device, SalesRegion

from .checker import Checker, Trip, describe, fit_text
from .forms import TripForm

PARAMETERS = frozenset({"region", "days", "daily_gb", "hotspot_gb", "members", "device", "bought", "format"})


class TripCheckView(KnownParametersMixin, TemplateView):
    """/check/: a GET form (no JavaScript needed, every result a shareable address) and its answer.

    Answered from the catalogue read model (trips/checker.py); kept in the page cache like the plan list."""

    known_parameters = PARAMETERS
    template_name = "trips/check.html"

    def get(self, request, *args, **kwargs):
        model = catalogue()
        devices = list(Device.objects.order_by("brand", "-year", "model").values_list("slug", "brand", "model"))
        form = TripForm(
            request.GET if request.GET.keys() - {"format"} else None,
            regions=[(region.slug, region.name) for region in model.regions],
            devices=[(slug, f"{brand} {name}") for slug, brand, name in devices],
        )
        context = {"form": form, "as_json": request.GET.get("format") == "json"}
        if form.is_bound and form.is_valid():
            context.update(self.answer(model, form.cleaned_data))
        if context["as_json"]:
            return self.json(context, form)
        return self.render_to_response(self.get_context_data(**context))

    def answer(self, model, data):
        trip = Trip(
            regions=tuple(data["region"]),
            days=data["days"],
            daily_gb=data.get("daily_gb") or 0,
            hotspot_gb=data.get("hotspot_gb") or 0,
            members=data.get("members") or 1,
        )
        names = model.region_names()
        shown = settings.TRIP_RESULTS_SHOWN
        found = Checker(model).answer(trip, shown, limit=settings.TRIP_JUDGE_LIMIT)
        groups = {"pass": found.passes, "fail": found.fails, "unconfirmed": found.unconfirmed}
        results = {}
        for status, verdicts in groups.items():
            views = {view.position: view for view in model.with_cells([v.position for v in verdicts], ())}
            results[status] = {
                "count": found.counts[status],
                "rows": [
                    {
                        "verdict": verdict,
                        "plan": views[verdict.position],
                        "reasons": [describe(reason, names) for reason in verdict.fails],
                        "unknowns": [describe(reason, names) for reason in verdict.unknowns],
                        "fits": [fit_text(reason, names) for reason in verdict.fits],
                    }
                    for verdict in verdicts
                ],
            }
        return {
            "trip": trip,
            "shown": shown,
            "truncated": any(group["count"] > len(group["rows"]) for group in results.values()),
            "complete": found.complete,
            "judge_limit": settings.TRIP_JUDGE_LIMIT,
            "results": results,
            "places": pgettext("list separator", ", ").join(names.get(slug, slug) for slug in trip.regions),
            "device_warning": device_warning(data.get("device"), data.get("bought")),
        }

    def json(self, context, form):
        if not form.is_bound or not form.is_valid():
            errors = [
                {"parameter": name, "message": " ".join(dict.fromkeys(messages))}
                for name, messages in form.errors.items()
            ]
            if not form.is_bound:
                errors = [{"parameter": "region", "message": str(form.fields["region"].error_messages["required"])}]
            body = {"language": get_language(), "errors": errors, "passes": [], "fails": [], "unconfirmed": []}
            return HttpResponse(json.dumps(body, ensure_ascii=False), content_type="application/json", status=400)
        results = context["results"]
        body = {
            "language": get_language(),
            "errors": [],
            "counts": {status: group["count"] for status, group in results.items()},
            "complete": context["complete"],
            "passes": [
                {
                    "plan": row["plan"].slug,
                    "total_price": str(row["verdict"].price_usd),
                    "price_per_day": str(row["verdict"].price_per_day),
                    "currency": "USD",
                    "fits": row["fits"],
                }
                for row in results["pass"]["rows"]
            ],  # fmt: skip
            "fails": [{"plan": row["plan"].slug, "reasons": row["reasons"]} for row in results["fail"]["rows"]],
            "unconfirmed": [
                {"plan": row["plan"].slug, "unknowns": row["unknowns"]} for row in results["unconfirmed"]["rows"]
            ],
            "device_warning": context["device_warning"],
        }
        return HttpResponse(json.dumps(body, ensure_ascii=False), content_type="application/json")


def device_warning(slug, bought):
    """A warning when the chosen phone, as sold where it was bought, takes no eSIM (or may not); else None."""
    if not slug:
        return None
    device = Device.objects.filter(slug=slug).prefetch_related("setups").first()
    if device is None:
        return None
    setups = list(device.setups.all())
    if bought:
        where = str(SalesRegion(bought).label)
        setup = next((s for s in setups if s.sales_region == bought), None)
        if setup is None or setup.takes_esim is None:
            return _("We have no confirmed record of whether the %(device)s sold in %(where)s takes an eSIM. Look "
                     "for an EID in its settings before you buy.") % {"device": device, "where": where}  # fmt: skip
        if setup.takes_esim is False:
            return _("The %(device)s sold in %(where)s has no eSIM: none of these plans will install on it. "
                     "Buy a physical SIM card instead.") % {"device": device, "where": where}  # fmt: skip
        return None
    without = [str(s.get_sales_region_display()) for s in setups if s.takes_esim is False]
    if without:
        return _("The %(device)s sold in %(where)s has no eSIM. Say where yours was bought to be sure.") % {
            "device": device, "where": ", ".join(without)}  # fmt: skip
    return None
