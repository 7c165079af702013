"""The content revision a request reads: both revision tokens and the newest catalogue change, in one query.

Database triggers give ``CatalogueRevision`` rows new tokens on every committed write (catalogue: migration 0002;
articles: articles migration 0003, on row 2 that carriers migration 0012 makes) and log each change of the
catalogue in ``CatalogueChange``, the one change log (migration 0013). The page cache keys pages by
the tokens; the read model compares the catalogue token and the newest change id to know what to re-read.

One read per request: ``RequestScopeMiddleware`` (before the page cache) scopes a reading request, and
``current()`` then answers every caller of that request from the first read. The page cache's key and the page's
content so come from the same snapshot, and an uncached page costs one revision query, not one per reader of it.
"""

import threading
from typing import NamedTuple

from django.db import connection

from .models import CatalogueChange, CatalogueRevision


class Revision(NamedTuple):
    tokens: tuple  # every revision row's token, in id order: what the page cache keys on
    catalogue_token: object  # None before migrations have made the row
    newest_change: int  # id of the newest CatalogueChange, 0 when the log is empty


SQL = (
    f"SELECT id, token, (SELECT max(id) FROM {CatalogueChange._meta.db_table}) "  # noqa: S608 - our own tables
    f"FROM {CatalogueRevision._meta.db_table} ORDER BY id"
)


def read():
    """The revision now, from the database (written out: it runs on every page, cached or not)."""
    with connection.cursor() as cursor:
        cursor.execute(SQL)
        return from_rows(cursor.fetchall())


def from_rows(rows):
    """A Revision from the rows of ``SQL``."""
    catalogue_token = next((token for pk, token, _change in rows if pk == CatalogueRevision.CATALOGUE), None)
    return Revision(tuple(token for _pk, token, _change in rows), catalogue_token, (rows[0][2] if rows else 0) or 0)


_request = threading.local()


class RequestScopeMiddleware:
    """Marks a reading request (GET or HEAD): its revision, and what is built from it, is read once.
    A request that writes is never scoped: it must see its own writes."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        _request.values = {} if request.method in ("GET", "HEAD") else None
        try:
            return self.get_response(request)
        finally:
            _request.values = None


def scoped():
    """The current reading request's memo (a dict), or None outside one."""
    return getattr(_request, "values", None)


def current():
    """The revision for this request: read once per reading request, on every call elsewhere."""
    values = scoped()
    if values is None:
        return read()
    if "revision" not in values:
        values["revision"] = read()
    return values["revision"]
