"""Partials rendered with the Jinja2 engine (templates/jinja2/) for Django templates, through their tags.

Why: Django's template engine walks a node tree per render; Jinja2 compiles a template to a Python function,
several times faster for partials of many rows and conditions (the plan list's results, the trip checker's
answer; figures in bench/README.md). Markup stays in templates, autoescaped as Django's is.
"""

from django.template import engines
from django.utils.safestring import mark_safe


def render_fragment(name, **context):
    """``templates/jinja2/<name>`` rendered with ``context``, as markup for a Django template."""
    # Jinja2's autoescape has escaped every value; the result is markup, as a Django include's would be.
    return mark_safe(engines["jinja2"].get_template(name).render(context))  # noqa: S308
