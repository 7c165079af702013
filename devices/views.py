from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Prefetch
from django.utils.cache import patch_cache_control
from django.views.generic import ListView

from core.pagination import ForgivingPaginationMixin
from core.querystrings import KnownParametersMixin

from .models import Device, DeviceSetup

QUERY_MAX = 100


class DeviceListView(KnownParametersMixin, ForgivingPaginationMixin, ListView):
    """/devices/?q=: which phones take an eSIM, by where they were sold, each answer with its source and date.

    Not kept in the page cache: the cache knows when plans and articles change, not devices, and this page costs
    two queries."""

    known_parameters = frozenset({"q", "page"})
    template_name = "devices/device_list.html"
    context_object_name = "devices"
    paginate_by = settings.DEVICES_PER_PAGE

    def query(self):
        return self.request.GET.get("q", "").strip()[:QUERY_MAX]

    def get_queryset(self):
        setups = Prefetch("setups", queryset=DeviceSetup.objects.order_by("sales_region"))
        return Device.objects.matching(self.query()).prefetch_related(setups)

    def get_context_data(self, **kwargs):
        q = self.query()
        # "query" is what the pagination links keep (core/pagination.py).
        return {**super().get_context_data(**kwargs), "search_query": q, "query": urlencode({"q": q}) if q else ""}

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        patch_cache_control(response, private=True)
        return response
