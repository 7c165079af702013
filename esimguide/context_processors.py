from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language


def in_language(path, code, current=None):
    """``path`` (a path, maybe with a query) in language ``code``. Our URL patterns are the same in every
    language, so that is the language prefix swapped; anything else goes through Django's translate_url."""
    current = current or get_language()
    prefix = f"/{current}/"
    if path.startswith(prefix):
        return f"/{code}/{path[len(prefix) :]}"
    return translate_url(path, code)


def language_links(request):
    """Links to the current page (path and query string) in every language, for the switcher."""
    current = get_language()
    # "//evil.example/zh-hans/plans/" is a path to Django but a host to translate_url (urlsplit): collapse the
    # leading slashes so the links always stay on this site.
    full_path = "/" + request.get_full_path().lstrip("/\\")
    return {
        "language_links": [
            {
                "code": code,
                "name": name,
                "label": settings.LANGUAGE_SWITCHER_LABELS.get(code, name),
                "url": in_language(full_path, code, current),
                "is_current": code == current,
            }
            for code, name in settings.LANGUAGES
        ]
    }
