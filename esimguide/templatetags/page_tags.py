from django import template

from core.pagination import page_links

register = template.Library()


@register.simple_tag
def pagination(page_obj, query=""):
    """Previous / next links of a paginated list, keeping the other parameters (``query``)."""
    return page_links(page_obj, query or "")
