"""Public pages answer only the query parameters they use.

A parameter a page does not read (``?utm_source=…``, ``?x=junk``) would otherwise make a page-cache entry of its
own and be echoed into every filter, sort and language link on the page: 300 junk addresses grew Redis by 60 MB.
Each view declares the parameters it reads; a request with any other is redirected (301) to the same address
without them, so the junk never reaches the page cache or the page.
"""

from urllib.parse import urlencode

from django.http import HttpResponsePermanentRedirect


def without_unknown(request, known):
    """A 301 to this address keeping only the ``known`` parameters, or None when there is nothing else."""
    query = request.GET
    if all(name in known for name in query):
        return None
    kept = [(name, value) for name, values in query.lists() if name in known for value in values]
    path = "/" + request.path.lstrip("/")  # never "//host/…", which a browser reads as another site
    return HttpResponsePermanentRedirect(path + ("?" + urlencode(kept) if kept else ""))


class KnownParametersMixin:
    """For a class-based view: ``known_parameters`` (or ``get_known_parameters()``) names what it reads."""

    known_parameters = frozenset()

    def get_known_parameters(self):
        return self.known_parameters

    def dispatch(self, request, *args, **kwargs):
        return without_unknown(request, self.get_known_parameters()) or super().dispatch(request, *args, **kwargs)


def known_parameters(*names):
    """For a function view: the parameters it reads."""
    known = frozenset(names)

    def decorate(view):
        def wrapped(request, *args, **kwargs):
            return without_unknown(request, known) or view(request, *args, **kwargs)

        wrapped.__name__, wrapped.__doc__ = view.__name__, view.__doc__
        return wrapped

    return decorate
