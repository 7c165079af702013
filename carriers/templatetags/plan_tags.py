"""Django template tags that render the hot plan partials from their Jinja2 templates (templates/jinja2/carriers).

Markup lives in those templates, autoescaped; the tags only choose the template and pass the data.
"""

from django import template
from django.template import engines
from django.utils.formats import localize
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _

from carriers.filters import translated_choices
from carriers.formatting import number
from carriers.read_model import BoundedCache, catalogue, support_labels
from core.fragments import render_fragment
from core.pagination import page_links

register = template.Library()


# The words of each partial, translated once per language (``translated_choices``): repeated in every row or
# cell, translating them there cost more than the markup.
WORDS = {
    "table": {
        "check": _("check"), "add": _("Add"), "remove": _("Remove"), "data": _("Data"), "validity": _("Validity"),
        "price": _("Price"), "plan": _("Plan"), "compare": _("Compare"), "caption": _("Plans and their features"),
    },
    "evidence": {
        "unknown": _("Unknown"), "source": _("Source"), "no_source": _("No source yet"), "verified": _("verified"),
        "not_verified": _("not verified"), "stale": _("possibly out of date"),
    },
    "comparison": {
        "feature": _("Feature"), "remove": _("Remove"), "price": _("Price"), "data": _("Data"),
        "validity": _("Validity"), "type": _("Plan type"), "differs": _("differs"), "rules": _("its rules"),
        "none": _("not recorded"),
    },
}  # fmt: skip


def words(group):
    """``WORDS[group]`` in the active language; the table's words include the answers' labels."""
    translated = dict(translated_choices(f"words-{group}", WORDS[group].items()))
    if group == "table":
        translated.update(support_labels())
    return translated


@register.simple_tag
def plan_table(plans, features, show_compare=False):
    """A plan table: its scrolling wrapper, head and rows. Each row (all but the compare toggle) is rendered once
    per catalogue revision, language and feature columns, and reused by every query that shows that plan
    (bench/README.md)."""
    labels = words("table")
    row_template = engines["jinja2"].get_template("carriers/plan_row.html")
    columns = (get_language(), tuple(feature.pk for feature in features))
    fragments = catalogue().fragments
    # Phone cards label each cell (data-label); the names are fixed by the key's language and feature columns.
    feature_labels = [f"{feature.name} ({feature.unit})" if feature.unit else feature.name for feature in features]

    def row(plan):
        context = {"plan": plan, "labels": labels, "feature_labels": feature_labels}
        # Jinja2 autoescaped every value of the row; it is markup now, and stays escaped-once inside plan_rows.
        return mark_safe(row_template.render(context))  # noqa: S308

    rows = [(plan, fragments.get_or_make((*columns, plan.pk), lambda plan=plan: row(plan))) for plan in plans]
    context = {"rows": rows, "features": features, "show_compare": show_compare, "labels": labels}
    return render_fragment("carriers/plan_rows.html", **context)


# Rendered facet fieldsets by language and ``FacetGroup.key()``: counts repeat across queries (a price or page
# parameter changes none of the other groups), and rendering them was a large part of an uncached list's.
# The key holds all the markup shows, so an entry is never wrong; at the limit the cache starts over.
# A fieldset is a few kB at most (one option per carrier): a few MB per process.
_fieldsets = BoundedCache(1000)


@register.simple_tag
def facet_fieldsets(groups):
    def fieldset(group):
        return render_fragment("carriers/facets.html", groups=[group])

    language = get_language()
    parts = (_fieldsets.get_or_make((language, group.key()), lambda group=group: fieldset(group)) for group in groups)
    return mark_safe("".join(parts))  # noqa: S308 - each part is Jinja2's autoescaped markup


# What the plan list's view puts in its context for its results (carriers/views.py: PlanListView).
RESULTS_CONTEXT = (
    "compare_slugs", "facets", "range_fields", "rule_facets", "rule_ranges", "rules_open", "sort_choices",
    "current_sort", "default_sort", "filter_errors", "query_without_page", "plans", "features", "page_obj",
    "paginator",
)  # fmt: skip


@register.simple_tag(takes_context=True)
def plan_results(context):
    """The plan list's filters and results (templates/jinja2/carriers/plan_results.html), for the page and for
    the fragment its script asks for: Jinja2, as the rows inside it are (figures in bench/README.md)."""
    values = {name: context.get(name) for name in RESULTS_CONTEXT}
    compared, count = len(values["compare_slugs"]), values["paginator"].count
    values.update(
        fieldsets=facet_fieldsets(values["facets"]),
        rule_fieldsets=facet_fieldsets(values["rule_facets"]),
        table=plan_table(values["plans"], values["features"], show_compare=True) if values["plans"] else "",
        pagination=page_links(values["page_obj"], values["query_without_page"]),
        counted={
            "matches": ngettext("%(n)s plan matches", "%(n)s plans match", count) % {"n": localize(count)},
            "chosen": ngettext("%(n)s plan chosen for comparison", "%(n)s plans chosen for comparison", compared)
            % {"n": localize(compared)},
        },
    )
    return render_fragment("carriers/plan_results.html", **values)


@register.simple_tag
def evidence(cell, unit=""):
    return render_fragment("carriers/evidence.html", cell=cell, unit=unit, evidence_labels=words("evidence"))


@register.simple_tag
def comparison_table(plans, rows):
    """The compare table. Each plan's column of evidence is rendered once per catalogue revision and language and
    reused by every comparison that shows the plan, as plan rows are (``plan_rows``)."""
    slugs = [plan.slug for plan in plans]
    without = {slug: ",".join(other for other in slugs if other != slug) for slug in slugs}
    features = [row.feature for row in rows]
    columns = [_evidence_column(plan, features) for plan in plans]
    row_cells = [[column[index] for column in columns] for index in range(len(rows))]
    return render_fragment("carriers/comparison.html", plans=plans, rows=zip(rows, row_cells, strict=True),
                           without=without, labels=words("comparison"))  # fmt: skip


def _evidence_column(plan, features):
    """The plan's evidence for each of ``features`` (aligned with ``plan.cells``), as markup."""
    fragments = catalogue().fragments
    key = (get_language(), "evidence", tuple(feature.pk for feature in features), plan.pk)

    def column():
        template, labels = engines["jinja2"].get_template("carriers/evidence.html"), words("evidence")
        cells = dict(zip((feature.pk for feature in plan.features), plan.cells, strict=True))
        # Jinja2 autoescaped every value; the result is markup, rendered once into the compare table.
        return tuple(
            mark_safe(template.render({"cell": cells.get(f.pk), "unit": f.unit, "evidence_labels": labels}))  # noqa: S308
            for f in features
        )

    return fragments.get_or_make(key, column)


@register.filter(name="number")
def number_filter(value):
    """10.00 → 10, 2.50 → 2.5 (the Jinja2 partials have the same filter)."""
    return number(value) if value is not None else ""
