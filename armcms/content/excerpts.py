"""Excerpts for search results: the passage around the first match, highlighted."""

import re

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from .richtext import RichTextField, plain_text
from .search import MAX_SEARCH_WORDS, fold

EXCERPT_LENGTH = 240
# Long words are cut to this many letters to mark their other forms too
# ("organising" marks "organise"), as stemming found them.
STEM_LENGTH = 5


def match_pattern(query: str) -> re.Pattern | None:
    """
    A pattern for the query's words, accents and case aside, matching at the
    start of a word only (so "oro" marks "oro" but not "coronavirus"). Run
    it on ``fold(text)``: its matches are at the same places in ``text``.
    """
    words = {
        fold(word)[:STEM_LENGTH]
        for word in re.findall(r"\w+", query)[:MAX_SEARCH_WORDS]
        if len(word) > 1
    }
    if not words:
        return None
    alternatives = "|".join(sorted(map(re.escape, words), key=len, reverse=True))
    return re.compile(rf"\b(?:{alternatives})\w*", re.IGNORECASE)


def item_text(item) -> str:
    """What an item says beyond its title, one space between its blocks."""
    texts = []
    for name in item.search_weights:
        if name == "title":
            continue
        value = getattr(item, name, "") or ""
        if isinstance(item._meta.get_field(name), RichTextField):
            value = plain_text(value)
        texts.append(value)
    return " ".join(" ".join(texts).split())


def passage(text: str, around: int | None, length: int) -> tuple[int, int]:
    """
    Where the excerpt starts and ends in ``text``: about a third of its
    length before the match at ``around``, cut at spaces, never mid-word.
    """
    if len(text) <= length:
        return 0, len(text)
    start = max(0, (around or 0) - length // 3)
    end = min(len(text), start + length)
    if end == len(text):
        start = max(0, end - length)
    if start > 0:
        space = text.find(" ", start - 1)
        start = space + 1 if 0 <= space < (around or end) else start
    if end < len(text):
        space = text.rfind(" ", start, end + 1)
        end = space if space > start else end
    return start, end


def excerpt(item, query: str, length: int = EXCERPT_LENGTH) -> SafeString:
    text = item_text(item)
    pattern = match_pattern(query)
    folded = fold(text)
    first = pattern.search(folded) if pattern else None
    start, end = passage(text, first.start() if first else None, length)
    parts = ["… " if start else ""]
    last = start
    for match in pattern.finditer(folded, start, end) if pattern else []:
        if match.end() > end:
            break
        parts.append(escape(text[last : match.start()]))
        parts.append(format_html("<mark>{}</mark>", text[match.start() : match.end()]))
        last = match.end()
    parts.append(escape(text[last:end]))
    if end < len(text):
        parts.append(" …")
    # Every part above was escaped or built with format_html.
    return mark_safe("".join(parts))
