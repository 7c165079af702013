"""What search engines read on every page: canonical URL, hreflang alternates, robots, Open Graph locale.

One rule for all pages: the canonical URL is the path with only the query parameters that make a page of its own
(``page`` on lists; on the plan list also one ``region`` and one ``feature=yes``). A plan list URL with any other
filter combination is still served, canonicalised to that small set and marked ``noindex, follow``, so crawlers
do not index the millions of combinations the filters allow.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse
from django.utils.translation import get_language

from .context_processors import in_language

OG_LOCALES = {"zh-hans": "zh_CN", "zh-hant": "zh_HK", "en": "en_US"}
DROPPED = {"sort", "compare", "partial"}  # views of the same page: not a page of their own, not noindex either


def _plan_list_query(query, feature_slugs):
    """(canonical pairs, indexable) for a plan list query."""
    kept, indexable, feature_seen = [], True, False
    for key, values in query.lists():
        values = [value for value in values if value != ""]
        if key in DROPPED or not values:
            continue
        if key == "page" and len(values) == 1 and values[0].isdigit() or key == "region" and len(values) == 1:
            kept.append((key, values[0]))
        elif key in feature_slugs and values == ["yes"] and not feature_seen:
            kept.append((key, "yes"))
            feature_seen = True
        else:
            indexable = False
    return sorted(kept, key=lambda pair: (pair[0] != "region", pair[0] == "page", pair[0])), indexable


def canonical(request):
    """(canonical path with query, indexable) for the request."""
    from carriers.read_model import catalogue

    query = request.GET
    path = "/" + request.path.lstrip("/")  # "//evil.example/…" would be another site in an absolute link
    if path == reverse("carriers:plan_list"):
        slugs = {feature.slug for feature in catalogue().features if feature.is_filterable}
        pairs, indexable = _plan_list_query(query, slugs)
    elif path == reverse("carriers:plan_compare"):
        # The same plans in any order are one page: canonical is the slugs sorted.
        from carriers.selectors import parse_plan_slugs

        slugs = sorted(set(parse_plan_slugs(query.getlist("plans"))))
        pairs, indexable = ([("plans", ",".join(slugs))] if slugs else []), True
    else:
        page = query.get("page", "")
        pairs, indexable = ([("page", page)] if page.isdigit() and page != "1" else []), True
    if ("page", "1") in pairs:
        pairs.remove(("page", "1"))
    return path + ("?" + urlencode(pairs, safe=",") if pairs else ""), indexable


def _without_language(path, language):
    prefix = f"/{language}/"
    return "/" + path[len(prefix) :] if path.startswith(prefix) else path


def seo(request):
    """Context for base.html's head."""
    path, indexable = canonical(request)
    language = get_language()
    alternates = [
        {"code": code, "url": request.build_absolute_uri(in_language(path, code, language))}
        for code, _name in settings.LANGUAGES
    ]
    return {
        "canonical_url": request.build_absolute_uri(path),
        "robots_noindex": not indexable,
        "hreflang_alternates": alternates,
        # The path without a language prefix redirects each reader to their language (as in sitemap.xml).
        "x_default_url": request.build_absolute_uri(_without_language(path, language)),
        "og_locale": OG_LOCALES.get(language, language),
        "og_locale_alternates": [OG_LOCALES.get(code, code) for code, _name in settings.LANGUAGES if code != language],
    }
