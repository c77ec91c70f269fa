"""Excerpts for search results: the passage around the first match, highlighted."""

import re
from html import unescape

from django.utils.html import escape, format_html, strip_tags
from django.utils.safestring import SafeString, mark_safe

EXCERPT_LENGTH = 240


def match_pattern(query: str) -> re.Pattern | None:
    """
    A pattern for the query's words. Long words are cut to their first five
    letters so "organising" also marks "organise", as PostgreSQL's stemming
    matched them.
    """
    words = {word[:5] for word in re.findall(r"\w+", query) if len(word) > 1}
    if not words:
        return None
    alternatives = "|".join(sorted(map(re.escape, words), key=len, reverse=True))
    return re.compile(rf"(?:{alternatives})\w*", re.IGNORECASE)


def excerpt(item, query: str, length: int = EXCERPT_LENGTH) -> SafeString:
    texts = [item.summary, strip_tags(item.body), getattr(item, "pdf_text", "")]
    text = " ".join(unescape(" ".join(filter(None, texts))).split())
    pattern = match_pattern(query)
    first = pattern.search(text) if pattern else None
    start = max(0, first.start() - length // 3) if first else 0
    snippet = text[start : start + length]
    parts = ["…" if start else ""]
    last = 0
    for match in pattern.finditer(snippet) if pattern else []:
        parts.append(escape(snippet[last : match.start()]))
        parts.append(format_html("<mark>{}</mark>", match.group()))
        last = match.end()
    parts.append(escape(snippet[last:]))
    if start + length < len(text):
        parts.append("…")
    # Every part above was escaped or built with format_html.
    return mark_safe("".join(parts))
