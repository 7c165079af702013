"""Editorial writes shared by every model: marking translations reviewed."""

from django.utils import timezone

from .models import localized


def mark_translation_reviewed(*, queryset, language, now=None):
    """Record that ``language``'s text of these records was checked against the others now."""
    return queryset.update(**{localized("text_checked_at", language): now or timezone.now()})
