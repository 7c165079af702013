"""A page's cells: the answers of the plans one page shows, with notes and sources from one query."""

from django.conf import settings
from django.db.models import Q
from django.utils.translation import get_language

from editorial.conversion import text_in

from ..models import (
    PlanFeature,
)
from .plans import support_labels


class PageCells:
    """The cells of the plans one page shows, their notes and sources from one query for all of them on first use.

    A page's plans (up to ``SHARED_LIMIT``) keep their cells in the model's cell cache for the next page that
    shows them; a bigger set (an export of thousands of plans) makes its cells as it goes and keeps none, so one
    export cannot fill the cache with cells that no page shows."""

    SHARED_LIMIT = 200

    def __init__(self, model, positions):
        self.model, self.positions, self.language = model, positions, get_language()
        self.labels, self.details, self.fetched = support_labels(), {}, set()
        self.shared = len(positions) <= self.SHARED_LIMIT

    def for_position(self, position, features):
        key = (self.language, position)
        cells = self.model.cell_cache.get(key) if self.shared else None
        if cells is None:
            if position not in self.fetched:
                # Once per page; again only if the bounded cache dropped cells of this page meanwhile.
                self._fetch_details()
            cells = self._all_cells(position, self.details)
            if self.shared:
                self.model.cell_cache.put(key, cells)
        index = self.model.columns.index
        return [cells[index[feature.pk]] if feature.pk in index else None for feature in features]

    def _fetch_details(self):
        """Notes in this language and sources of the page's plans whose cells are not cached, in one query."""
        cache, language = self.model.cell_cache, self.language
        missing = [
            p for p in self.positions if p not in self.fetched and (not self.shared or cache.get((language, p)) is None)
        ]
        self.fetched.update(missing)
        if not missing:
            return
        pks = [self.model.plan_pks[position] for position in missing]
        notes = [f"note_{code.replace('-', '_')}" for code, _name in settings.LANGUAGES]
        # Only answers with a note or a source (the others are ("", ""), the default in ``cell``); every language's
        # column is named here, so rows skip modeltranslation's per-row fallback (``rewrite(False)``, as the build).
        said = Q(source_url__gt="")
        for column in notes:
            said |= Q(**{f"{column}__gt": ""})
        rows = (
            PlanFeature.objects.rewrite(False)
            .filter(said, plan_id__in=pks)
            .order_by()  # kept by key: no join for the features' order
            .values("plan_id", "feature_id", "source_url", *notes)
        )
        fallbacks = settings.MODELTRANSLATION_FALLBACK_LANGUAGES
        for row in rows:
            note = text_in(row.get, "note", language, fallbacks)[0] or ""
            self.details[row["plan_id"], row["feature_id"]] = (note, row["source_url"])

    def _all_cells(self, position, details):
        return tuple(self.model.cell(position, feature, details, self.labels) for feature in self.model.feature_refs)
