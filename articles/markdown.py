"""Markdown to safe HTML. Editors paste articles from elsewhere, so the output is always sanitised."""

import re
from urllib.parse import urlsplit

import markdown
import nh3
from django.conf import settings
from django.utils.safestring import mark_safe

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
    "a": {"href", "title", "class"},
    "img": {"src", "alt", "title", "width", "height"},
    "sup": {"id"},
    "li": {"id"},
    "div": {"class"},
    "th": {"align"},
    "td": {"align"},
    "abbr": {"title"},
}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}
EXTENSIONS = ["extra", "sane_lists"]


# Footnotes (Markdown "extra") link by these ids and classes; nothing else may set an id (DOM clobbering).
FOOTNOTE_ID = re.compile(r"^fn(ref)?:[\w-]{1,40}$")
FOOTNOTE_CLASSES = {"footnote", "footnote-ref", "footnote-backref"}
IMAGE_WITHOUT_SOURCE = re.compile(r"<img(?![^>]*\ssrc=)[^>]*>")


def _image_allowed(src):
    """Images come from this site or an allowed host (MARKDOWN_IMAGE_HOSTS): no remote tracking pixels."""
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
    return value


def render_markdown(text):
    html = markdown.markdown(text or "", extensions=EXTENSIONS, output_format="html")
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
