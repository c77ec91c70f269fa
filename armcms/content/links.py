"""
Addresses of content items, worked out once per URL pattern.

Django's reverse() matches and checks a pattern on every call, which adds up
on a list, a feed or a sitemap of hundreds of items. The address of a detail
page differs from item to item only by its slug, so the pattern is reversed
once (per script prefix and language) and the slug put in its place.
"""

import functools
from urllib.parse import quote

from django.urls import get_script_prefix, reverse
from django.utils.translation import get_language

PLACEHOLDER = "slug-placeholder"


def slug_url(viewname: str, slug: str) -> str:
    """reverse(viewname, kwargs={"slug": slug}), without the matching."""
    pattern = slug_pattern(viewname, get_script_prefix(), get_language())
    return pattern.replace(PLACEHOLDER, quote(slug), 1)


@functools.lru_cache(maxsize=256)
def slug_pattern(viewname: str, script_prefix: str, language: str | None) -> str:
    url = reverse(viewname, kwargs={"slug": PLACEHOLDER})
    if url.count(PLACEHOLDER) != 1:
        raise ValueError(f"{viewname} must take the slug once")
    return url
