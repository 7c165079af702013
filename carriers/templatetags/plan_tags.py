from django import template
from django.utils.safestring import mark_safe

from carriers import rendering

register = template.Library()


@register.simple_tag
def plan_rows(plans, show_compare=False):
    return rendering.plan_rows(plans, show_compare=show_compare)


@register.simple_tag
def facet_fieldsets(groups):
    return rendering.facet_fieldsets(groups)


@register.simple_tag
def comparison_rows(rows):
    return rendering.comparison_rows(rows)


@register.simple_tag
def evidence(cell, unit=""):
    return mark_safe(rendering.evidence(cell, unit))  # noqa: S308 - rendering escapes every value


@register.simple_tag
def comparison_head(plans):
    return rendering.comparison_head(plans)
