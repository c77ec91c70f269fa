"""
What a public page shows, and what a change touches, as tags.

While the page cache builds a page (see armcms.pagecache.wsgi), the code that
reads content for it says what it read:

- ``items_of(model)``: the page shows a choice of ``model``'s published
  items (a list, a feed, a homepage section, a sitemap, a menu), so any
  change to one of them, or a new one, changes the page;
- ``item(instance)``: the page shows that one item (its own page);
- ``related_items_of(model)``: the page shows a few of ``model``'s items
  beside its own (related items), which may follow a change within
  ``settings.PAGE_CACHE_RELATED_SECONDS``.

Every page also shows the site as a whole (``EVERYTHING``: its identity,
menus, topics, images). ``changed(instance)`` gives the tags a change to a
row touches: a content item's own and its type's; anything else touches
``EVERYTHING``, as do changes nothing narrower describes (a restore).

Outside a page being built, recording does nothing.

The shared cache holds a number for each tag, which every change touching
the tag increments once it commits (armcms.pagecache.tags). What is worked
out from a type's published items and read by many pages (a list's filter
choices) is kept beside the number it was worked out at (``remembered``).
"""

import contextlib
import contextvars
import logging
import time
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import models
from django.utils import translation

from . import registry

logger = logging.getLogger(__name__)

EVERYTHING = "site"
TAG_KEY = "armcms:tag:{}"
# How long a remembered value lives at most: what time alone changes (an
# item scheduled to appear) shows within it.
REMEMBERED_SECONDS = 60


@dataclass
class Shown:
    tags: set[str] = field(default_factory=lambda: {EVERYTHING})
    related: set[str] = field(default_factory=set)


_page = contextvars.ContextVar("armcms_shown_page", default=None)


@contextlib.contextmanager
def recording():
    """Collect what the page built inside the block shows."""
    shown = Shown()
    token = _page.set(shown)
    try:
        yield shown
    finally:
        _page.reset(token)


def tag_key(tag: str) -> str:
    return TAG_KEY.format(tag)


def fresh_number(key: str) -> int:
    """
    Start ``key`` (the counter or a tag's number) when the cache lacks it:
    from the clock, so that a number lost with an emptied cache is never
    given again to pages stored before.
    """
    cache.add(key, time.time_ns(), timeout=None)
    return cache.get(key)


def type_tag(model: type[models.Model]) -> str:
    return model._meta.concrete_model._meta.label_lower


def item_tag(instance: models.Model) -> str:
    return f"{type_tag(type(instance))}:{instance.pk}"


def items_of(*content_models: type[models.Model]) -> None:
    shown = _page.get()
    if shown is not None:
        shown.tags.update(type_tag(model) for model in content_models)


def item(instance: models.Model) -> None:
    shown = _page.get()
    if shown is not None:
        shown.tags.add(item_tag(instance))


def related_items_of(model: type[models.Model]) -> None:
    shown = _page.get()
    if shown is not None:
        shown.related.add(type_tag(model))


def changed(instance: models.Model, *, created: bool = False) -> set[str]:
    """
    The tags a saved, deleted or re-filed row touches. A content item
    touches its own page and every page that lists its type; a new library
    record (an upload) touches nothing until content shows it.
    """
    role = getattr(type(instance), "site_role", None)
    if role == registry.CONTENT:
        return {type_tag(type(instance)), item_tag(instance)}
    if role == registry.LIBRARY and created:
        return set()
    return {EVERYTHING}


def changed_items(model: type[models.Model], pks) -> set[str]:
    """The tags a bulk change to ``model``'s rows ``pks`` touches."""
    if getattr(model, "site_role", None) != registry.CONTENT:
        return {EVERYTHING}
    label = type_tag(model)
    return {label, *(f"{label}:{pk}" for pk in pks)}


def remembered(model: type[models.Model], name: str, compute):
    """
    ``compute()``, worked out from ``model``'s published items (and what
    every page shows, such as topics) in the active language, from the
    shared cache while no change to them was counted since it was stored.
    The tags' numbers are read before computing, so a value worked out from
    rows older than a change never outlives it.
    """
    number_keys = [tag_key(type_tag(model)), tag_key(EVERYTHING)]
    key = f"armcms:remembered:{type_tag(model)}:{name}:{translation.get_language()}"
    try:
        found = cache.get_many([*number_keys, key])
    except Exception:
        logger.exception("Cache unavailable; working %s out", name)
        return compute()
    numbers = [found.get(number_key) for number_key in number_keys]
    entry = found.get(key)
    if entry is not None and None not in numbers and entry[0] == numbers:
        return entry[1]
    value = compute()
    try:
        if None in numbers:
            # Numbered for the next time: a change counted meanwhile may
            # have found no number to increment.
            for number_key in number_keys:
                fresh_number(number_key)
        else:
            cache.set(key, (numbers, value), REMEMBERED_SECONDS)
    except Exception:
        logger.exception("Could not keep %s in the cache", name)
    return value
