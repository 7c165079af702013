"""A reader's query as search terms: Chinese in both scripts, English stemmed, everything bounded.

Chinese has no spaces, so a Chinese term is matched as a substring (two characters such as 热点 are a word);
it is searched in Simplified and Traditional alike (OpenCC both ways), so 熱點 finds an article written as 热点.
Latin words are reduced to their Snowball (Porter 2) stem, so "sharing", "shared" and "shares" meet "share".
"""

import functools
import re
from dataclasses import dataclass

import snowballstemmer

from editorial.conversion import converter

MAX_QUERY_LENGTH = 100
MAX_TERMS = 8
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
WORD = re.compile(r"[0-9A-Za-z]+(?:['’][A-Za-z]+)?")
WORD_CHARS = frozenset("0123456789abcdefghijklmnopqrstuvwxyz")
TOKEN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+|[0-9A-Za-z]+")


@functools.cache
def _stemmer():
    return snowballstemmer.stemmer("english")


@functools.lru_cache(maxsize=8192)  # an article repeats its words; each is stemmed once
def stem(word):
    return _stemmer().stemWord(word.lower())


CONVERTERS = ("t2s", "s2hk")  # loaded before workers fork (esimguide.workers.when_ready)


def both_scripts(text):
    """``text`` as written, in Simplified and in Traditional (Hong Kong) Chinese."""
    to_simplified, to_traditional = (converter(config) for config in CONVERTERS)
    return tuple(dict.fromkeys([text, to_simplified.convert(text), to_traditional.convert(text)]))


def _words_containing(text, probe):
    """(start, end, word) of each word of ``text`` that contains ``probe``, found by substring search: only those
    words are stemmed. Stemming every word of a 500 KB article took a new search 3 s."""
    lowered, found, at = text.lower(), [], 0
    while (at := lowered.find(probe, at)) != -1:
        start = at
        while start and lowered[start - 1] in WORD_CHARS:
            start -= 1
        word = WORD.match(text, start)
        if word is None or word.end() <= at:  # the probe ran into an apostrophe or similar: not inside a word
            at += 1
            continue
        found.append((start, word.end(), word.group()))
        at = word.end()
    return found


@dataclass(frozen=True)
class Term:
    text: str
    variants: tuple  # Chinese: the term in both scripts; Latin: the stem
    is_cjk: bool

    @property
    def probes(self):
        """Substrings every match contains: the term in each script, or its stem less a final vowel (famili →
        famil, which "family" contains). A cheap test before counting, and the database's LIKE pattern."""
        if self.is_cjk:
            return self.variants
        stem = self.variants[0]
        return (stem[:-1] if len(stem) > 3 and stem[-1] in "aeiouy" else stem,)

    def may_occur_in(self, lowered):
        return any(probe in lowered for probe in self.probes)

    def count_in(self, text):
        """How often the term occurs in ``text`` (case-insensitive; Latin words by stem)."""
        if not text:
            return 0
        if self.is_cjk:
            return sum(text.count(variant) for variant in self.variants)
        return len(self.spans_in(text))

    def spans_in(self, text):
        """(start, end) of each occurrence, for highlighting."""
        if self.is_cjk:
            pattern = "|".join(re.escape(variant) for variant in self.variants)
            return [match.span() for match in re.finditer(pattern, text)]
        return [
            (start, end)
            for start, end, word in _words_containing(text, self.probes[0])
            if stem(word) == self.variants[0]
        ]


@dataclass(frozen=True)
class Query:
    text: str
    terms: tuple
    was_shortened: bool

    def __bool__(self):
        return bool(self.terms)


def parse(raw):
    """The reader's raw ``q`` as a Query: at most MAX_QUERY_LENGTH characters and MAX_TERMS terms."""
    text = " ".join((raw or "").split())
    was_shortened = len(text) > MAX_QUERY_LENGTH
    if was_shortened:
        text = text[:MAX_QUERY_LENGTH]
        # Cut at the last space rather than inside a word, where there is one.
        text = text.rsplit(" ", 1)[0] if " " in text else text
    terms = []
    for token in TOKEN.findall(text):
        if CJK.fullmatch(token):
            term = Term(token, both_scripts(token), True)
        else:
            if len(token) < 2 and not token.isdigit():
                continue
            term = Term(token, (stem(token),), False)
        if term not in terms:
            terms.append(term)
    was_shortened = was_shortened or len(terms) > MAX_TERMS
    return Query(text, tuple(terms[:MAX_TERMS]), was_shortened)
