"""Markdown to safe HTML, in bounded time. Editors paste articles from elsewhere, so the output is always sanitised.

The parser is GitHub's cmark-gfm (``cmarkgfm``): written in C, linear in its input and without recursion, with a
pathological-input suite of its own. Python-Markdown took about 30 s on 20 KB of ``[`` and raised RecursionError on
deep lists; markdown-it-py took 4 s on 500 KB of ``[``; the Rust markdown-it binding crashed the process on deeply
nested lists. Measured with ``bench/markdown.py``: every class of hostile input within the import limit renders and
sanitises in under 200 ms here once ``check()``'s limits hold; an ordinary 500 KB article takes about 35 ms.

``check()`` enforces what cmark alone does not bound: the sanitiser (html5ever) is slow on HTML nested thousands
deep (100,000 unclosed ``<div>``: 11 s), and emphasis marks, footnotes and table rows make output that costs more
to sanitise than to parse. Articles are checked when saved or imported; readers get HTML rendered at save.
"""

import functools
import re
from urllib.parse import urlsplit

import cmarkgfm
import nh3
from cmarkgfm.cmark import Options
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

ALLOWED_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "code",
    "dd",
    "del",
    "div",
    "dl",
    "dt",
    "em",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "li",
    "ol",
    "p",
    "pre",
    "s",
    "section",
    "span",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "class", "id"},
    "img": {"src", "alt", "title", "width", "height"},
    "sup": {"id", "class"},
    "section": {"class"},
    "li": {"id"},
    "div": {"class"},
    "th": {"align"},
    "td": {"align"},
    "abbr": {"title"},
}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}
OPTIONS = Options.CMARK_OPT_UNSAFE | Options.CMARK_OPT_FOOTNOTES  # raw HTML passes to nh3, which sanitises it
EXTENSIONS = ["table", "strikethrough", "autolink"]

# Footnotes link by these ids and classes; nothing else may set an id (DOM clobbering).
FOOTNOTE_ID = re.compile(r"^fn(ref)?-[\w-]{1,40}$")
FOOTNOTE_CLASSES = {"footnote-ref", "footnote-backref", "footnotes"}
IMAGE_WITHOUT_SOURCE = re.compile(r"<img(?![^>]*\ssrc=)[^>]*>")

# Limits that keep every article's render and sanitising within about 200 ms (see the module docstring).
MAX_EMPHASIS_MARKS = 20_000
MAX_DEPTH = 32  # elements inside each other: a list item in a list is two
MAX_FOOTNOTES = 1_000
MAX_TABLE_ROWS = 5_000
FOOTNOTE_DEFINITION = re.compile(r"^ {0,3}\[\^[^\]\n]{1,100}\]:", re.MULTILINE)
VOID = {"br", "hr", "img", "input", "meta", "link", "area", "base", "col", "embed", "source", "track", "wbr"}
TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]{0,20})\b[^>]*?(/?)>")


def _unsafe_path(url):
    """``//host/x`` and ``/\\host/x`` are other sites to a browser, though they parse as paths here."""
    return url.lower().startswith(("//", "\\", "/\\", "/%5c", "%5c")) or "\\" in url


def _image_allowed(src):
    """Images come from this site or an allowed host (MARKDOWN_IMAGE_HOSTS): no remote tracking pixels."""
    if _unsafe_path(src):
        return False
    parts = urlsplit(src)
    if not parts.scheme and not parts.netloc:
        return True  # a path on this site
    return parts.scheme == "https" and parts.hostname in settings.MARKDOWN_IMAGE_HOSTS


def _attribute_filter(tag, attribute, value):
    if attribute == "id":
        return value if FOOTNOTE_ID.match(value) else None
    if attribute == "class":
        kept = [name for name in value.split() if name in FOOTNOTE_CLASSES]
        return " ".join(kept) or None
    if tag == "img" and attribute == "src":
        return value if _image_allowed(value) else None
    if tag == "a" and attribute == "href":
        return None if _unsafe_path(value) else value
    return value


def _depth(html):
    depth = deepest = 0
    for match in TAG.finditer(html):
        closing, name, self_closing = match.groups()
        if name.lower() in VOID or self_closing:
            continue
        depth = max(depth - 1, 0) if closing else depth + 1
        deepest = max(deepest, depth)
    return deepest


def _limit_errors(text, html):
    """What in ``text`` (rendered as ``html``) is over a limit, as messages that name the limit."""
    errors = []
    marks = text.count("*") + text.count("_")
    if marks > MAX_EMPHASIS_MARKS:
        errors.append(
            _("It has %(count)s emphasis marks (* and _); at most %(limit)s are allowed.")
            % {"count": marks, "limit": MAX_EMPHASIS_MARKS}
        )
    if html is None:
        # Cheap upper bounds from the text, so an over-limit text is refused before the parser pays for it.
        definitions = len(FOOTNOTE_DEFINITION.findall(text))
        if definitions > MAX_FOOTNOTES:
            errors.append(
                _("It has %(count)s footnotes; at most %(limit)s are allowed.")
                % {"count": definitions, "limit": MAX_FOOTNOTES}
            )
        piped = sum(1 for line in text.split("\n") if "|" in line)
        if piped > MAX_TABLE_ROWS:
            errors.append(
                _("Its tables have %(count)s rows; at most %(limit)s are allowed.")
                % {"count": piped, "limit": MAX_TABLE_ROWS}
            )
        return errors
    depth = _depth(html)
    if depth > MAX_DEPTH:
        errors.append(
            _("Lists, quotes or HTML tags are nested %(count)s deep; at most %(limit)s levels are allowed.")
            % {"count": depth, "limit": MAX_DEPTH}
        )
    footnotes = html.count('<li id="fn-')
    if footnotes > MAX_FOOTNOTES:
        errors.append(
            _("It has %(count)s footnotes; at most %(limit)s are allowed.")
            % {"count": footnotes, "limit": MAX_FOOTNOTES}
        )
    rows = html.count("<tr>")
    if rows > MAX_TABLE_ROWS:
        errors.append(
            _("Its tables have %(count)s rows; at most %(limit)s are allowed.")
            % {"count": rows, "limit": MAX_TABLE_ROWS}
        )
    return errors


@functools.lru_cache(maxsize=8)  # an article save checks (clean) and then renders (save) the same text
def _parse(text):
    return cmarkgfm.markdown_to_html_with_extensions(text, options=OPTIONS, extensions=EXTENSIONS)


def check(text):
    """Raise ValidationError naming every limit ``text`` is over; a text within them renders in bounded time."""
    errors = _limit_errors(text or "", None)
    if not errors:
        errors = _limit_errors(text or "", _parse(text or ""))
    if errors:
        raise ValidationError([str(error) for error in errors], code="markdown_limits")


def render_markdown(text):
    """Sanitised HTML for ``text``; a text over the limits (saved before they existed) renders as escaped text."""
    text = text or ""
    html = None if _limit_errors(text, None) else _parse(text)
    if html is None or _limit_errors(text, html):
        return mark_safe(f"<pre>{nh3.clean_text(text[:20_000])}</pre>")  # noqa: S308 - escaped by nh3
    # The page title is the only <h1>; a level-one heading in the body becomes a section heading.
    html = html.replace("<h1>", "<h2>").replace("</h1>", "</h2>")
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
        attribute_filter=_attribute_filter,
    )
    clean = IMAGE_WITHOUT_SOURCE.sub("", clean)
    return mark_safe(clean)  # noqa: S308 - sanitised by nh3 just above
