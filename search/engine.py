"""One search over articles, plans, carriers and regions, in every language; results ranked and grouped by kind.

Candidates come from the database (articles, carriers, regions) and from the catalogue read model (plans, the
one query engine of the plan pages). Every term must occur in a record, in any of its languages. On
PostgreSQL, Latin words also match through full-text search with the ``english`` configuration, and the
Chinese substring tests (``LIKE '%热点%'``) use the ``pg_trgm`` GIN indexes of migration 0001; SQLite tests
substrings of the stem. Ranking is then the same on both databases: occurrences weighted by where they are
(title 8, summary 3, body 1), so a title match always ranks above a body match.
"""

import re
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from modeltranslation.settings import AVAILABLE_LANGUAGES

from articles.models import Article
from carriers.models import Carrier, Region
from carriers.read_model import catalogue
from editorial.models import localized

from .terms import parse

WEIGHTS = {"title": 8, "summary": 3, "body": 1}
LIMITS = {"articles": 20, "plans": 10, "carriers": 10, "regions": 10}
CANDIDATES = 200
SNIPPET_CHARS = 160
MARKDOWN_NOISE = re.compile(r"!\[[^\]]*\]\([^)]*\)|\[\[[^\]]*\]\]|[#>*_`|~]+|\[|\]\([^)]*\)|\]")


@dataclass
class Hit:
    kind: str
    title: str
    url: str
    snippet: str = ""
    meta: str = ""
    score: float = 0
    title_parts: list = field(default_factory=list)
    snippet_parts: list = field(default_factory=list)


@dataclass
class Group:
    kind: str
    label: str
    hits: list


@dataclass
class Results:
    query: object
    groups: list

    @property
    def count(self):
        return sum(len(group.hits) for group in self.groups)


KIND_LABELS = {
    "articles": _("Articles"),
    "plans": _("Plans"),
    "carriers": _("Carriers"),
    "regions": _("Regions"),
}


def _term_q(term, names):
    columns = [localized(name, language) for name in names for language in AVAILABLE_LANGUAGES]
    # Chinese has no case: plain LIKE, which PostgreSQL's trigram indexes serve (ILIKE on UPPER() would not).
    lookup = "contains" if term.is_cjk else "icontains"
    pieces = [(f"{column}__{lookup}", probe) for column in columns for probe in term.probes]
    condition = Q(pk__in=[])
    for lookup, text in pieces:
        condition |= Q(**{lookup: text})
    return condition


def _candidates(queryset, query, names):
    condition = Q()
    for term in query.terms:
        match = _term_q(term, names)
        if not term.is_cjk and connection.vendor == "postgresql":
            vector = SearchVector(*[localized(name, "en") for name in names], config="english")
            matching = queryset.annotate(_fts=vector).filter(_fts=SearchQuery(term.text, config="english"))
            match |= Q(pk__in=matching.values("pk"))
        condition &= match
    return queryset.filter(condition)[:CANDIDATES]


def _score(query, texts):
    """texts: (weight, text) pairs. Zero unless every term occurs somewhere."""
    total = 0
    for term in query.terms:
        found = sum(weight * term.count_in(text) for weight, text in texts)
        if not found:
            return 0
        total += found
    return total


def _all_languages(record, name):
    return [getattr(record, localized(name, language)) or "" for language in AVAILABLE_LANGUAGES]


def _matches(query, text):
    return any(term.count_in(text) for term in query.terms)


def highlight(query, text):
    """``text`` as (piece, is_match) parts; the template marks the matches, escaping everything."""
    spans = sorted(span for term in query.terms for span in term.spans_in(text))
    parts, at = [], 0
    for start, end in spans:
        if start < at:
            continue
        if start > at:
            parts.append((text[at:start], False))
        parts.append((text[start:end], True))
        at = end
    if at < len(text):
        parts.append((text[at:], False))
    return parts


def snippet(query, text):
    """About SNIPPET_CHARS of plain text around the first match (or the start). Only a window of the text around
    that match is cleaned, so a long article (or a hostile one: the noise pattern is not linear on ``![![![``)
    costs what a short one does."""
    text = text or ""
    first = min((spans[0][0] for term in query.terms if (spans := term.spans_in(text))), default=0)
    window = text[max(0, first - SNIPPET_CHARS * 2) : first + SNIPPET_CHARS * 3]
    plain = " ".join(MARKDOWN_NOISE.sub(" ", window).split())
    spans = sorted(span for term in query.terms for span in term.spans_in(plain))
    start = max(0, spans[0][0] - SNIPPET_CHARS // 3) if spans else 0
    piece = plain[start : start + SNIPPET_CHARS]
    return ("…" if start else "") + piece + ("…" if start + SNIPPET_CHARS < len(plain) else "")


def _articles(query):
    names = ("title", "summary", "body")
    hits = []
    for article in _candidates(Article.objects.published(), query, names):
        texts = [(WEIGHTS[name], text) for name in names for text in _all_languages(article, name)]
        score = _score(query, texts)
        if score:
            shown = [article.summary, article.body]
            text = snippet(query, next((t for t in shown if t and _matches(query, t)), article.summary or article.body))
            hits.append(Hit("articles", article.title, article.get_absolute_url(), text, score=score))
    return hits


def _records(kind, queryset, query, title_name, body_name, meta):
    names = (title_name, body_name)
    hits = []
    for record in _candidates(queryset, query, names):
        texts = [(WEIGHTS["title"], t) for t in _all_languages(record, title_name)]
        texts += [(WEIGHTS["summary"], t) for t in _all_languages(record, body_name)]
        score = _score(query, texts)
        if score:
            text = snippet(query, getattr(record, body_name)) if body_name != "keywords" else ""
            hits.append(Hit(kind, str(record), record.get_absolute_url(), text, meta(record), score))
    return hits


def _plans(query):
    """Plans from the read model: names of plan, carrier and region in every language."""
    model = catalogue()
    hits = []
    for position, facts in model.live_plans():
        texts = []
        for name, carrier, region in model.names_in_every_language(facts):
            texts += [(WEIGHTS["title"], name), (WEIGHTS["summary"], carrier), (WEIGHTS["summary"], region)]
        # Tens of thousands of plans: a substring test first, the stems only for the few that pass it.
        lowered = " ".join(text for _weight, text in texts).lower()
        if not all(term.may_occur_in(lowered) for term in query.terms):
            continue
        score = _score(query, texts)
        if score:
            view = model.view(position)
            meta = f"{view.carrier.name} · {view.data_label} · {view.validity_label}"
            hits.append(Hit("plans", view.name, view.url, meta=meta, score=score))
    return hits


def search(raw):
    """The reader's query, parsed and bounded, with its hits grouped by kind (empty groups left out)."""
    query = parse(raw)
    if not query:
        return Results(query, [])
    found = {
        "articles": _articles(query),
        "plans": _plans(query),
        "carriers": _records(
            "carriers",
            Carrier.objects.select_related("region"),
            query,
            "name",
            "description",
            lambda carrier: str(carrier.region),
        ),
        "regions": _records("regions", Region.objects.all(), query, "name", "keywords", lambda region: region.code),
    }
    groups = []
    for kind, hits in found.items():
        hits.sort(key=lambda hit: (-hit.score, hit.title))
        hits = hits[: LIMITS[kind]]
        for hit in hits:
            hit.title_parts = highlight(query, hit.title)
            hit.snippet_parts = highlight(query, hit.snippet)
        if hits:
            groups.append(Group(kind, KIND_LABELS[kind], hits))
    return Results(query, groups)
