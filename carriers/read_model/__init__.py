"""An in-process read model of the active catalogue for the plan list, compare page and exports.

Why: the plan list filters on every feature, counts every facet option with "all other filters" applied and
sorts six ways. In SQL that is a dozen GROUP BY queries over the plan-feature join per page view; here it is a
few AND/popcount operations on Python integers used as bitsets over the plans. Names in every language are
resolved once per plan (``PlanFacts``) instead of through translated-field descriptors on every access; the views
a page shows are made from them, in the page's language, for that page's plans only.

Compact: one ``PlanFacts`` per plan for all languages, and the answers as columns, one per feature (support as
one byte, value in hundredths, check date as a day number); what that takes per worker is measured in
bench/README.md, not written here. Notes and source links are not held; the cells a page
shows are filled from one query for that page's plans (``PageCells``).

Exact and cheap after every write: database triggers (migrations 0002 and 0013) give ``CatalogueRevision.token``
a new value on every write to regions, carriers, features, rules, plans, answers or rule values, and log which
plans changed in the one change log (``CatalogueChange``, whose rows also tell readers and editors what
changed). Each request reads the token and the newest change id (one query, ``revision.current``, shared with
the page cache; none for a reader's page while the model is at the revision PostgreSQL pushed, ``adopt``). When
they moved, the model re-reads just the plans that changed (two queries),
updates their facts, columns and every cached bitset in place, and moves them within the sort orders it keeps.
Only a structural change (a feature added or removed), more than ``INCREMENTAL_LIMIT`` changed plans at once
(a bulk update), or a log that was pruned past this model makes it rebuild from scratch, as it does when the
process starts (gunicorn workers do that before their first request: ``esimguide.workers``).

Public API (what other modules use): ``catalogue()`` gives the model for this request; on it, ``live_plans()``,
``live_position(slug)``, ``view(position)``, ``with_cells(positions, features)``, ``regions``, ``carriers``,
``features`` and the bitset methods the declarations call (``bits``, ``scan``, ``support_bits``, ``minimum_bits``,
``all_bits``, ``bits_of``). ``adopt(pushed)`` lets a reader's request take the revision PostgreSQL pushed.
``PageCells`` fills a page's cells; ``support_labels()`` names the answers. The modules behind it:
``storage`` (columns, bitsets), ``plans`` (facts and views), ``cells`` (a page's cells), ``model`` (the model).
"""

import threading

from django.utils import timezone

from core.frozen_heap import freeze_built

from .. import revision
from .cells import PageCells
from .model import PLAN_FIELDS, Catalogue
from .plans import PlanFacts, support_labels
from .storage import BoundedCache

__all__ = ["PLAN_FIELDS", "BoundedCache", "Catalogue", "PageCells", "PlanFacts", "adopt", "catalogue", "support_labels"]

_lock = threading.Lock()
_current = None


def catalogue():
    """The read model for the current catalogue revision (changes applied in place, or rebuilt; see above).
    Within a reading request every caller gets the model the first one checked (``revision.scoped``)."""
    values = revision.scoped()
    if values is not None and "catalogue" in values:
        return values["catalogue"]
    model = _checked_catalogue()
    if values is not None:
        values["catalogue"] = model
    return model


def adopt(pushed):
    """For a reading request that its process was told the revision of (``carriers/revision_feed.py``): when this
    process's model is at that revision, make it the request's, so that nothing in the request reads it from the
    database. A page-cache miss then costs no query for it (``esimguide/page_cache.py``), as a hit does. False when
    the model is elsewhere: behind (it catches up from the database), or ahead (this process saw a write before its
    notification came); the request then reads the revision itself, as before."""
    values, model = revision.scoped(), _current
    if values is None or "revision" in values or model is None or pushed.catalogue_token is None:
        return False
    if model.token != pushed.catalogue_token or model.change_id != pushed.newest_change:
        return False
    values["revision"] = pushed
    return True


def _checked_catalogue():
    global _current
    now, today = revision.current(), timezone.localdate()
    token, change_id = now.catalogue_token, now.newest_change
    with _lock:
        model = _current
        if model is not None and token is not None and model.refresh(token, change_id or 0, today):
            return model
        model = _current = Catalogue.load(token, change_id or 0, today)
    freeze_built()  # core/frozen_heap.py: later collections do not walk the model's objects
    return model
