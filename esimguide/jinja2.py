"""The Jinja2 environment for the hot partials (templates/jinja2/, core/fragments.py), autoescaped like Django's.

Why Jinja2 there: the plan grid is 50 rows x 15+ cells and the facets about a hundred options; Jinja2 compiles
templates to Python functions, which renders them several times faster than Django's template engine while the
markup stays in templates (measured in bench/README.md). Texts go through Django's gettext, so one .po serves both.
"""

from django.templatetags.static import static
from django.urls import reverse
from django.utils.formats import localize
from django.utils.translation import gettext, ngettext
from jinja2 import Environment

from carriers.formatting import number


def environment(**options):
    options.pop("autoescape", None)
    env = Environment(autoescape=True, extensions=["jinja2.ext.i18n"], **options)
    env.install_gettext_callables(gettext, ngettext, newstyle=True)
    env.globals.update(static=static, url=reverse)
    env.filters["number"] = number
    # As Django's templates show a value: localized, and None as nothing.
    env.filters["localize"] = lambda value: "" if value is None else localize(value)
    return env
