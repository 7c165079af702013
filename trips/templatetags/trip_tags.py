from django import template
from django.utils.formats import localize
from django.utils.translation import gettext, ngettext

from core.fragments import render_fragment

register = template.Library()


@register.simple_tag(takes_context=True)
def trip_results(context):
    """The checker's answer (templates/jinja2/trips/results.html): up to three lists of plan cards, each with its
    reasons. Its sentences with a number are made here, where gettext's plurals are."""
    results, trip = context["results"], context["trip"]
    count = {status: {"count": localize(group["count"])} for status, group in results.items()}
    words = {
        "summary": ngettext("%(places)s, %(days)s day", "%(places)s, %(days)s days", trip.days)
        % {"places": context["places"], "days": localize(trip.days)},
        "pass": ngettext("%(count)s plan meets every need", "%(count)s plans meet every need",
                         results["pass"]["count"]) % count["pass"],
        "unconfirmed": ngettext("%(count)s plan not confirmed", "%(count)s plans not confirmed",
                                results["unconfirmed"]["count"]) % count["unconfirmed"],
        "fail": ngettext("%(count)s plan does not fit", "%(count)s plans do not fit",
                         results["fail"]["count"]) % count["fail"],
        "limit": gettext("Many plans could fit this trip: we checked the %(limit)s cheapest of them, so the counts "
                         "above are at least these.") % {"limit": localize(context["judge_limit"])},
        "truncated": gettext("Each list shows its first %(shown)s plans; add a need to narrow them.")
        % {"shown": localize(context["shown"])},
    }  # fmt: skip
    prices = {
        row["verdict"].position: gettext("US$ %(total)s in total · US$ %(per_day)s a day")
        % {"total": localize(row["verdict"].price_usd), "per_day": localize(row["verdict"].price_per_day)}
        for row in results["pass"]["rows"]
    }
    return render_fragment(
        "trips/results.html",
        results=results,
        words=words,
        prices=prices,
        query=context["request"].GET.urlencode(),
        device_warning=context.get("device_warning"),
        complete=context["complete"],
        truncated=context["truncated"],
    )


@register.simple_tag(takes_context=True)
def trip_form(context):
    """The trip form with its errors (templates/jinja2/trips/form.html); its widgets render from Django's Jinja2
    form templates (``TripForm.default_renderer``)."""
    return render_fragment("trips/form.html", form=context["form"])
