from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language


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
                "url": (url := translate_url(full_path, code)),
                "absolute_url": request.build_absolute_uri(url),
                "is_current": code == current,
            }
            for code, name in settings.LANGUAGES
        ]
    }
