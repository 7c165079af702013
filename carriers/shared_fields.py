"""Work-around: the plan list's form fields and filters are shared by every request instead of deep-copied.

Upstream behaviour: Django's ``BaseForm.__init__`` deep-copies the form class's ``base_fields`` for every form,
and django-filter's ``FilterSet.__init__`` deep-copies ``base_filters`` for every filter set, so one request may
change its own copies (``tests/carriers/test_workarounds.py`` checks both still happen). The plan list has about
thirty choice fields, one or two per feature, and only validates with them (it renders its own inputs):
validation does not change a field, so the copies bought nothing. ``SharedFields`` hands out the same field
objects instead; the form classes and filters are kept per catalogue ``form_key`` (names, units and choices in one
language), so a change to any of those makes new ones. What the copies cost is in bench/README.md "Work-arounds".
"""


class SharedFields(dict):
    """A dict of fields whose deep copy is a shallow one: the same field objects for every form."""

    def __deepcopy__(self, memo):
        return dict(self)
