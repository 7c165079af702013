"""Turning a Markdown file into article fields: title, body, slug, removals and suggested topics.

Pure functions, no database writes: ``services.import_articles`` decides what to save, so a dry run and a real
run report exactly the same thing.
"""

import re
from dataclasses import dataclass, field
from pathlib import PurePath

from django.utils.text import slugify
from django.utils.translation import gettext as _

MARKDOWN_SUFFIXES = (".md", ".markdown", ".txt")
LANGUAGE_SUFFIX = re.compile(r"\.(zh-hans|zh-hant|zh_hans|zh_hant|zh|en)$", re.IGNORECASE)
TITLE = re.compile(r"^#[ \t]+(?P<title>.+?)[ \t]*#*[ \t]*$", re.MULTILINE)
REMOTE_IMAGE = re.compile(
    r"!\[[^\]\n]*\]\(\s*<?(?P<url>(?:https?:)?//[^)\s>]+)>?(?:\s+[\"'][^\"'\n]*[\"'])?\s*\)"
    r"|<img\b[^>]*?\bsrc\s*=\s*[\"']?(?P<html_url>(?:https?:)?//[^\"'\s>]+)[^>]*>",
    re.IGNORECASE,
)
# File names that say nothing about the article; the slug then comes from the title.
GENERIC_NAMES = {"untitled", "article", "index", "readme", "post", "draft", "new", "document", "file", "export"}
GENERIC_PATTERN = re.compile(r"^(?:[a-z]+-?)?\d+$|^[a-z]?\d*$")
# A name made of numbers and hashes (``001_fa9c0f0c07f1a057``, an export's ids) says nothing either.
HASHED_NAME = re.compile(r"^(?:(?:\d+|(?=[0-9a-f]*\d)[0-9a-f]{6,})[-_]?)+$")
SLUG_MAX = 80


@dataclass
class ParsedFile:
    """One imported file: what it becomes, or why it cannot be used."""

    name: str
    import_key: str = ""
    slug: str = ""
    title: str = ""
    summary: str = ""
    body: str = ""  # without the lead paragraph when that became the summary
    full_body: str = ""  # as the file has it, for an article that keeps a summary of its own
    removed: list = field(default_factory=list)  # (rule name, removed text)
    images: list = field(default_factory=list)  # remote image addresses removed
    regions: list = field(default_factory=list)  # slugs
    features: list = field(default_factory=list)
    suggestions: list = field(default_factory=list)  # (kind, Suggestion), kind "region" or "feature"
    error: str = ""
    action: str = ""  # created, updated or failed; set by the service
    article_id: int | None = None  # set by the service once written

    @property
    def is_valid(self):
        return not self.error


def file_stem(name):
    """``hk-hotspot.zh-hans.md`` → ``hk-hotspot``: the part naming the article, the same in every language."""
    stem = PurePath(name).name
    for suffix in MARKDOWN_SUFFIXES:
        if stem.lower().endswith(suffix):
            stem = stem[: -len(suffix)]
            break
    return LANGUAGE_SUFFIX.sub("", stem)


def is_markdown_name(name):
    return PurePath(name).suffix.lower() in MARKDOWN_SUFFIXES


def meaningful_slug(stem):
    slug = slugify(stem)[:SLUG_MAX].strip("-")
    if len(slug) < 3 or slug in GENERIC_NAMES or GENERIC_PATTERN.match(slug) or HASHED_NAME.match(slug):
        return ""
    return slug


def pinyin_slug(title):
    # Imported here: pypinyin loads its phrase dictionary at import (about 60 MB), which only importing editors
    # need; the web workers that serve readers never pay for it.
    from pypinyin import lazy_pinyin

    return slugify(" ".join(lazy_pinyin(title)))[:SLUG_MAX].strip("-")


def _plain(block, limit):
    text = block.strip()[: limit * 4]  # the patterns below scan ahead: bound the text they see
    if not text or text.startswith(("#", "|", ">", "-", "*", "!", "```")) or re.match(r"^\d+\.", text):
        return ""
    text = re.sub(r"[*_`]+", "", text)
    return re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)


def first_paragraph(body, limit=280):
    for block in re.split(r"\n[ \t]*\n", body):
        if text := _plain(block, limit):
            return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
    return ""


def summary_and_body(body, limit=280):
    """The summary (the first paragraph) and the body. A lead paragraph that fits the summary whole moves there,
    so readers do not read it twice; a longer one, or one further down, stays where it is."""
    lead, _sep, rest = body.strip().partition("\n\n")
    text = _plain(lead, limit)
    if text and len(text) <= limit and rest.strip():
        return text, rest.strip() + "\n"
    return first_paragraph(body, limit), body


def _decode(name, raw, max_bytes):
    if len(raw) > max_bytes:
        return None, _("larger than %(limit)d KB") % {"limit": max_bytes // 1024}
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None, _("not UTF-8 text")
    if "\x00" in text:
        return None, _("not a text file")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        return None, _("empty")
    return text, ""


def remove_by_rules(text, rules):
    removed = []
    for name, pattern in rules:
        for match in pattern.finditer(text):
            removed.append((name, match.group(0).strip()))
        text = pattern.sub("", text)
    return text, removed


def remove_remote_images(text):
    images = [match.group("url") or match.group("html_url") for match in REMOTE_IMAGE.finditer(text)]
    return REMOTE_IMAGE.sub("", text), images


def _keyword_pattern(word):
    # Latin keywords match whole words ("HK" not inside "HKD"); Chinese has no spaces, so it matches anywhere.
    if re.fullmatch(r"[\w .+&'-]+", word, re.ASCII):
        return re.compile(rf"(?<![A-Za-z0-9]){re.escape(word)}(?![A-Za-z0-9])", re.IGNORECASE)
    return re.compile(re.escape(word), re.IGNORECASE)


# One mention in passing is not what an article is about: a topic is suggested when its words are in the title or
# a heading, or are mentioned at least this often in the body.
MIN_MENTIONS = 3
HEADING = re.compile(r"^#{1,6}[ \t]+(?P<text>.+?)[ \t]*#*[ \t]*$", re.MULTILINE)


@dataclass(frozen=True)
class Suggestion:
    """A topic the text is about, with the evidence an editor weighs before keeping it."""

    slug: str
    in_title: bool
    headings: tuple  # the headings that name it
    mentions: int  # in the body, headings included

    @property
    def evidence(self):
        parts = [_("in the title")] if self.in_title else []
        if self.headings:
            quoted = "; ".join(f"“{heading}”" for heading in self.headings[:3])
            parts.append(_("in %(count)d heading(s): %(headings)s") % {"count": len(self.headings), "headings": quoted})
        parts.append(_("%(count)d mention(s) in the text") % {"count": self.mentions})
        return ", ".join(parts)


def suggest_topics(title, body, topics):
    """The topics (slug, [keywords]) that ``title`` and ``body`` are about, each with its evidence, in order."""
    headings = [match.group("text") for match in HEADING.finditer(body)]
    suggestions = []
    for slug, words in topics:
        patterns = [_keyword_pattern(word) for word in dict.fromkeys(w.strip() for w in words) if word]
        if not patterns:
            continue
        in_title = any(pattern.search(title) for pattern in patterns)
        named_in = tuple(heading for heading in headings if any(pattern.search(heading) for pattern in patterns))
        mentions = sum(len(pattern.findall(body)) for pattern in patterns)
        if in_title or named_in or mentions >= MIN_MENTIONS:
            suggestions.append(Suggestion(slug, in_title, named_in, mentions))
    return suggestions


def parse(name, raw, *, rules, regions, features, max_bytes):
    """Parse one file. ``rules`` are (name, compiled pattern); ``regions``/``features`` are (slug, keywords)."""
    parsed = ParsedFile(name=name, import_key=file_stem(name).lower()[:150])
    text, parsed.error = _decode(name, raw, max_bytes)
    if parsed.error:
        return parsed
    text, parsed.removed = remove_by_rules(text, rules)
    text, parsed.images = remove_remote_images(text)
    heading = TITLE.search(text)
    if heading is None:
        parsed.error = _("no “# ” title heading")
        return parsed
    parsed.title = heading.group("title").strip()[:200]
    parsed.body = (text[: heading.start()] + text[heading.end() :]).strip() + "\n"
    parsed.full_body = parsed.body
    parsed.summary, parsed.body = summary_and_body(parsed.body)
    named = meaningful_slug(file_stem(name))
    if not named:
        # "untitled", "index", "1"…: the name says nothing, so two such files are two articles, told by title.
        parsed.import_key = f"{file_stem(name).lower()}:{parsed.title.lower()}"[:150]
    parsed.slug = named or pinyin_slug(parsed.title)
    if not parsed.slug:
        parsed.error = _("neither the file name nor the title gives a usable address (slug)")
        return parsed
    found_regions = suggest_topics(parsed.title, parsed.full_body, regions)
    found_features = suggest_topics(parsed.title, parsed.full_body, features)
    parsed.regions = [suggestion.slug for suggestion in found_regions]
    parsed.features = [suggestion.slug for suggestion in found_features]
    parsed.suggestions = [("region", s) for s in found_regions] + [("feature", s) for s in found_features]
    return parsed
