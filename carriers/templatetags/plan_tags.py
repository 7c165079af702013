"""Django template tags that render the hot plan partials from their Jinja2 templates (templates/jinja2/carriers).

Markup lives in those templates, autoescaped; the tags only choose the template and pass the data.
"""

from django import template
from django.template import engines
from django.utils.safestring import mark_safe

from carriers.models import Support

register = template.Library()


def render_fragment(name, **context):
    # Jinja2's autoescape has escaped every value; the result is markup, as a Django include's would be.
    return mark_safe(engines["jinja2"].get_template(name).render(context))  # noqa: S308


def support_labels():
    return {choice.value: str(choice.label) for choice in Support}


@register.simple_tag
def plan_rows(plans, show_compare=False):
    return render_fragment("carriers/plan_rows.html", plans=plans, show_compare=show_compare, labels=support_labels())


@register.simple_tag
def facet_fieldsets(groups):
    return render_fragment("carriers/facets.html", groups=groups)


@register.simple_tag
def evidence(cell, unit=""):
    return render_fragment("carriers/evidence.html", cell=cell, unit=unit)


@register.simple_tag
def comparison_table(plans, rows):
    slugs = [plan.slug for plan in plans]
    without = {slug: ",".join(other for other in slugs if other != slug) for slug in slugs}
    return render_fragment("carriers/comparison.html", plans=plans, rows=rows, without=without)
