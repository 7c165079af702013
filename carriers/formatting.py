"""Number formatting shared by templates (Django and Jinja2) and the admin."""


def number(value):
    """10.00 -> "10", 2.50 -> "2.5"."""
    return format(value.normalize(), "f")
