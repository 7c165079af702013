import json

from django.conf import settings
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.formats import number_format
from django.utils.translation import gettext
from django.views.generic import DetailView, ListView, TemplateView, View

from core.pagination import ForgivingPaginationMixin
from core.querystrings import KnownParametersMixin, known_parameters

from . import exports, selectors, seo
from .filters import SortChoices, translated_choices
from .models import Carrier, Plan, Region
from .selectors import attach_feature_cells


class PlanListView(KnownParametersMixin, ForgivingPaginationMixin, ListView):
    """/plans/: filters, facet counts, sorting and the comparison tray. See PlanSearch for the query."""

    template_name = "carriers/plan_list.html"
    paginate_by = settings.PLANS_PER_PAGE

    def get_known_parameters(self):
        self.search = selectors.PlanSearch(data=self.request.GET)
        return {*self.search.filterset.filters, "compare", "partial", "page"}

    def get_queryset(self):
        return self.search.results()

    def get_template_names(self):
        if self.request.headers.get("HX-Request") or self.request.GET.get("partial") == "results":
            return ["carriers/includes/plan_results.html"]
        return [self.template_name]

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        # The same URL answers a fragment or a page depending on this header; caches must keep them apart.
        patch_vary_headers(response, ["HX-Request"])
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        search, query = self.search, self.request.GET
        compare = selectors.parse_plan_slugs(query.getlist("compare"))
        plans = context["page_obj"].object_list
        toggle = CompareToggle(query, compare)
        for plan in plans:
            plan.is_compared = plan.slug in compare
            plan.compare_query = toggle.query_for(plan.slug)
        # Feature rules' filters (their names have a dot: "hotspot.cap") go in a section of their own.
        facets, ranges = search.facets(), search.filterset.range_fields()
        rule_facets = [group for group in facets if "." in group.name]
        rule_ranges = [field for field in ranges if "." in field["name"]]
        context.update(
            filter=search.filterset,
            features=search.columns,
            plans=plans,
            facets=[group for group in facets if "." not in group.name],
            rule_facets=rule_facets,
            rule_ranges=rule_ranges,
            rules_open=any(group.selected_any for group in rule_facets)
            or any(field["value"] is not None for field in rule_ranges),
            filter_errors=search.filterset.error_list(),
            query_without_page=selectors.query_without(query, "page", "partial"),
            compare_slugs=compare,
            range_fields=[field for field in ranges if "." not in field["name"]],
            sort_choices=translated_choices("sort", SortChoices.choices),
            current_sort=search.filterset.current_sort(),
            default_sort=SortChoices.PRICE,
        )
        return context


class CompareToggle:
    """Query strings for the list with one plan added to or removed from the comparison (at most four)."""

    def __init__(self, query, chosen):
        self.base = selectors.query_without(query, "compare", "partial")
        self.chosen = chosen

    def query_for(self, slug):
        chosen = self.chosen
        chosen = [s for s in chosen if s != slug] if slug in chosen else (chosen + [slug])[-selectors.COMPARE_MAX :]
        # Plan slugs are URL-safe ([-a-zA-Z0-9_]), so they need no quoting.
        return "&".join(filter(None, [self.base, *(f"compare={s}" for s in chosen)]))


class PlanExportView(KnownParametersMixin, View):
    export_format = "csv"

    def get_known_parameters(self):
        self.search = selectors.PlanSearch(data=self.request.GET)
        return set(self.search.filterset.filters)

    def get(self, request, *args, **kwargs):
        search = self.search
        all_features = search.catalogue.features
        results = search.results(features=all_features)
        if len(results) > settings.EXPORT_MAX_PLANS:  # counted first (a popcount): the cost stays bounded
            return self.too_many(request, len(results))
        plans = results[:]
        filterset = search.filterset
        feature_rules, names = search.catalogue.rules, search.catalogue.region_names()
        if self.export_format == "json":
            text = exports.plans_as_json(plans=plans, features=all_features, filterset=filterset, request=request,
                                         feature_rules=feature_rules, names=names,
                                         fragments=search.catalogue.fragments)  # fmt: skip
            return HttpResponse(text, content_type="application/json")
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="esimguide-plans.csv"'
        exports.write_plans_csv(response, plans=plans, features=all_features, feature_rules=feature_rules,
                                names=names)  # fmt: skip
        return response

    def too_many(self, request, count):
        message = gettext(
            "%(count)s plans match; an export holds at most %(limit)s. Add a filter (a region, a carrier) and "
            "export again."
        ) % {
            "count": number_format(count, force_grouping=True),
            "limit": number_format(settings.EXPORT_MAX_PLANS, force_grouping=True),
        }
        if self.export_format == "json":
            body = json.dumps({"errors": [{"parameter": None, "message": message}], "count": count, "plans": []},
                              ensure_ascii=False)  # fmt: skip
            return HttpResponse(body, content_type="application/json", status=400)
        list_url = reverse("carriers:plan_list") + (f"?{request.GET.urlencode()}" if request.GET else "")
        return render(request, "carriers/export_too_large.html", {"message": message, "list_url": list_url},
                      status=400)  # fmt: skip


class PlanDetailView(KnownParametersMixin, DetailView):
    template_name = "carriers/plan_detail.html"
    context_object_name = "plan"

    def get_queryset(self):
        return Plan.objects.active().with_related().with_feature_rows()

    def get_context_data(self, **kwargs):
        changes = self.object.changes.for_readers()[: settings.PLAN_CHANGES_SHOWN]
        structured = seo.structured_data(self.request, self.object)
        model = selectors.catalogue()
        position = model.live_position(self.object.slug)
        return {
            **super().get_context_data(**kwargs),
            "changes": changes,
            "structured_data": structured,
            "rule_clauses": [] if position is None else model.rule_clauses(position),
            "rule_rows": self.object.rule_values.with_related(),
        }


@known_parameters("plans")
def plan_compare(request):
    slugs = selectors.parse_plan_slugs(request.GET.getlist("plans"))[: selectors.COMPARE_MAX]
    plans, features = selectors.plans_for_comparison(slugs=slugs)
    context = {
        "plans": plans,
        "rows": selectors.comparison_rows(plans=plans, features=features),
        "missing": [slug for slug in slugs if slug not in {p.slug for p in plans}],
        "too_few": len(plans) < selectors.COMPARE_MIN,
        "compare_max": selectors.COMPARE_MAX,
    }
    return render(request, "carriers/plan_compare.html", context)


class RegionListView(KnownParametersMixin, ListView):
    template_name = "carriers/region_list.html"
    context_object_name = "regions"

    def get_queryset(self):
        return Region.objects.annotate(
            carrier_count=Count("carriers", distinct=True),
            plan_count=Count("carriers__plans", filter=Q(carriers__plans__is_active=True), distinct=True),
        )


class PlansAndArticlesMixin:
    """A detail page listing its active plans (with filterable-feature cells) and latest articles."""

    def get_plans(self):
        raise NotImplementedError

    def get_articles(self):
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        features = selectors.catalogue().filterable_features
        plans = self.get_plans().order_by("carrier__slug", "price_usd", "slug").only("pk")
        context.update(
            features=features,
            plans=attach_feature_cells(plans, features),
            articles=self.get_articles().latest()[:6],
        )
        return context


class RegionDetailView(KnownParametersMixin, PlansAndArticlesMixin, DetailView):
    template_name = "carriers/region_detail.html"
    context_object_name = "region"
    queryset = Region.objects.prefetch_related("carriers")

    def get_plans(self):
        return Plan.objects.active().in_region(self.object)

    def get_articles(self):
        return self.object.articles.published()  # Article's manager, through the relation: no upward import


class CarrierListView(KnownParametersMixin, ListView):
    template_name = "carriers/carrier_list.html"
    context_object_name = "carriers"

    def get_queryset(self):
        plans = Count("plans", filter=Q(plans__is_active=True))
        return (
            Carrier.objects.select_related("region")
            .annotate(plan_count=plans)
            .order_by("region__display_order", "slug")
        )


class CarrierDetailView(KnownParametersMixin, PlansAndArticlesMixin, DetailView):
    template_name = "carriers/carrier_detail.html"
    context_object_name = "carrier"
    queryset = Carrier.objects.select_related("region")

    def get_plans(self):
        return Plan.objects.active().filter(carrier=self.object)

    def get_articles(self):
        return self.object.articles.published()


class MethodologyView(KnownParametersMixin, TemplateView):
    template_name = "carriers/methodology.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(stale_after_days=settings.STALE_AFTER_DAYS, **kwargs)
