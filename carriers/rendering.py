"""HTML for the plan grid and the filter facets, built in Python.

These are the two hot spots of the plan pages: 50 rows x 15 features and a hundred facet options. Rendered
through template tags and includes they cost ~200 ms a page; plain string building with escaping costs a few.
The markup is the same the templates produced; every text goes through escape() or gettext.
"""

from html import escape

from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from .models import Support


def number(value):
    """10.00 -> "10", 2.50 -> "2.5"."""
    return format(value.normalize(), "f")


def _cell(cell, labels, stale_label):
    if cell is None:
        return f'<td><span class="support support-unknown">{labels["unknown"]}</span></td>'
    value = "" if cell.value is None else f" · {number(cell.value)}"
    stale = f' <span class="stale">{stale_label}</span>' if cell.is_stale else ""
    badge = f'<span class="support support-{cell.support}">{labels[cell.support]}{value}</span>'
    return f'<td title="{cell.title}">{badge}{stale}</td>'


def plan_rows(plans, *, show_compare=False):
    """The <tr> rows of a plan table, from read-model plan views with ``cells`` (see attach_feature_cells)."""
    labels = {choice.value: escape(choice.label) for choice in Support}
    stale_label = escape(_("check"))
    add, remove = escape(_("Add")), escape(_("Remove"))
    rows = []
    for plan in plans:
        name = escape(plan.name)
        cells = "".join(_cell(cell, labels, stale_label) for cell in plan.cells)
        compare = ""
        if show_compare:
            state, label = (" is-on", remove) if plan.is_compared else ("", add)
            compare = (
                f'<td><a class="compare-toggle{state}" href="?{escape(plan.compare_query)}" data-live>{label}'
                f'<span class="visually-hidden"> {name}</span></a></td>'
            )
        rows.append(
            f'<tr><th scope="row"><a href="{escape(plan.get_absolute_url())}">{name}</a>'
            f"<small>{escape(plan.carrier.name)} · {escape(plan.carrier.region.name)}</small></th>"
            f"<td>{escape(plan.data_label)}</td><td>{escape(plan.validity_label)}</td>"
            f"<td>{escape(plan.currency)} {number(plan.price)}<small>≈ US$ {plan.price_usd}</small></td>"
            f"{cells}{compare}</tr>"
        )
    return mark_safe("\n".join(rows))  # noqa: S308 - every value above is escaped


def _option(group, option):
    kind = "checkbox" if group.is_multiple else "radio"
    empty = not option.count and not option.is_selected
    checked = " checked" if option.is_selected else ""
    disabled = " disabled" if empty else ""
    return (
        f'<label class="{"is-empty" if empty else ""}"><input type="{kind}" name="{escape(group.name)}" '
        f'value="{escape(option.value)}"{checked}{disabled}> {escape(option.label)} '
        f'<span class="count">{option.count}</span></label>'
    )


def facet_fieldsets(groups):
    """One <fieldset> per facet group, options with counts; options that would leave nothing are disabled."""
    any_label = escape(_("Any"))
    parts = []
    for group in groups:
        options = "".join(_option(group, option) for option in group.options)
        if not group.is_multiple:
            checked = "" if group.selected_any else " checked"
            any_option = f'<input type="radio" name="{escape(group.name)}" value=""{checked}> {any_label}'
            options = f"<label>{any_option}</label>{options}"
        minimum = ""
        if group.minimum:
            value = "" if group.minimum["value"] is None else number(group.minimum["value"])
            minimum = (
                f'<label class="minimum">{escape(group.minimum["label"])} <input type="number" min="0" step="any" '
                f'name="{escape(group.minimum["name"])}" value="{value}" inputmode="decimal"></label>'
            )
        parts.append(
            f'<fieldset class="facet" id="facet-{escape(group.name)}"><legend>{escape(group.label)}</legend>'
            f"{options}{minimum}</fieldset>"
        )
    return mark_safe("\n".join(parts))  # noqa: S308 - every value above is escaped


def evidence(cell, unit=""):
    """A claim with its trust signals: answer and value, note, source link, verified date, staleness."""
    if cell is None:
        return f'<span class="support support-unknown">{escape(_("Unknown"))}</span>'
    value = "" if cell.value is None else f" · {number(cell.value)} {escape(unit)}".rstrip()
    parts = [f'<div class="evidence"><span class="support support-{cell.support}">'
             f"{escape(str(cell.get_support_display()))}{value}</span>"]  # fmt: skip
    if cell.note:
        parts.append(f'<p class="note">{escape(cell.note)}</p>')
    if cell.source_url:
        source = (
            f'<a href="{escape(cell.source_url)}" rel="nofollow noopener" target="_blank">{escape(_("Source"))}</a>'
        )
    else:
        source = escape(_("No source yet"))
    if cell.verified_on:
        day = cell.verified_on.isoformat()
        checked = f'{escape(_("verified"))} <time datetime="{day}">{day}</time>'
    else:
        checked = escape(_("not verified"))
    stale = f' <span class="stale">{escape(_("possibly out of date"))}</span>' if cell.is_stale else ""
    parts.append(f'<p class="source">{source} · {checked}{stale}</p></div>')
    return "".join(parts)


def comparison_rows(rows):
    """The feature rows of the compare table; rows where the plans disagree are marked."""
    differs = escape(_("differs"))
    html = []
    for row in rows:
        flag = f' <span class="diff-flag">{differs}</span>' if row.differs else ""
        cells = "".join(f"<td>{evidence(cell, row.feature.unit)}</td>" for cell in row.cells)
        css = ' class="differs"' if row.differs else ""
        html.append(f'<tr{css}><th scope="row">{escape(row.feature.name)}{flag}</th>{cells}</tr>')
    return mark_safe("\n".join(html))  # noqa: S308 - every value above is escaped


def comparison_head(plans):
    """Header (with a link to drop each plan) and fixed rows (price, data, validity, type) of the compare table."""
    slugs = [p.slug for p in plans]
    remove = escape(_("Remove"))

    def without(slug):
        return ",".join(s for s in slugs if s != slug)

    cells = "".join(
        f'<th scope="col"><a href="{escape(p.get_absolute_url())}">{escape(p.name)}</a>'
        f"<small>{escape(p.carrier.name)} · {escape(p.carrier.region.name)}</small>"
        f'<small><a href="?plans={without(p.slug)}">{remove}<span class="visually-hidden"> {escape(p.name)}</span></a>'
        "</small></th>"
        for p in plans
    )
    rows = [
        (_("Price"), [f"{escape(p.currency)} {number(p.price)} <small>≈ US$ {p.price_usd}</small>" for p in plans]),
        (_("Data"), [escape(p.data_label) for p in plans]),
        (_("Validity"), [escape(p.validity_label) for p in plans]),
        (_("Plan type"), [escape(p.get_plan_type_display()) for p in plans]),
    ]
    body = "".join(
        f'<tr><th scope="row">{escape(label)}</th>{"".join(f"<td>{v}</td>" for v in values)}</tr>'
        for label, values in rows
    )
    head = f'<thead><tr><th scope="col">{escape(_("Feature"))}</th>{cells}</tr></thead>'
    return mark_safe(f"{head}<tbody>{body}")  # noqa: S308 - every value above is escaped
