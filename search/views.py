from django.shortcuts import render

from carriers.read_model import catalogue
from core.querystrings import known_parameters

from .engine import search


@known_parameters("q")
def search_page(request):
    """/search/?q=…: grouped results; an empty, unmatched or over-long query gets a helpful page, never an error."""
    results = search(request.GET.get("q", ""))
    model = catalogue()
    context = {
        "results": results,
        "query": results.query,
        "suggested_regions": model.regions[:8],
        "suggested_features": [feature for feature in model.features if feature.is_filterable][:8],
    }
    return render(request, "search/search.html", context, status=200)
