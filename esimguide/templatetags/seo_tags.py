import json

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

register = template.Library()

# As Django's json_script does: nothing in the data can close the <script> element or open a comment.
_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag
def json_ld(data):
    """schema.org data as a ``<script type="application/ld+json">`` block (templates/includes/json_ld.html)."""
    text = json.dumps(data, ensure_ascii=False, default=str, separators=(",", ":")).translate(_ESCAPES)
    return render_to_string("includes/json_ld.html", {"json": mark_safe(text)})  # noqa: S308 - escaped above
