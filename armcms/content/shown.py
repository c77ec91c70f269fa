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
choices) is kept beside the number it was worked out at (``remembered``), and
so is the HTML of an item shown on many pages (its card, ``kept_fragments``).
"""

import contextlib
import contextvars
import logging
import time
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.db import models
from django.utils import timezone, translation

from . import registry

logger = logging.getLogger(__name__)

EVERYTHING = "site"
TAG_KEY = "armcms:tag:{}"
# Incremented by every change before its tags (see armcms.pagecache.tags).
COUNTER_KEY = "armcms:changes"
TRANSITION_KEY = "armcms:next-transition:{counter}"
NO_TRANSITION = 0
# How long a remembered value lives at most: what time alone changes (an
# item scheduled to appear) shows within it.
REMEMBERED_SECONDS = 60


@dataclass
class Shown:
    tags: set[str] = field(default_factory=lambda: {EVERYTHING})
    related: set[str] = field(default_factory=set)


_page = contextvars.ContextVar("armcms_shown_page", default=None)
_afresh = contextvars.ContextVar("armcms_shown_afresh", default=False)


@contextlib.contextmanager
def recording():
    """Collect what the page built inside the block shows."""
    shown = Shown()
    token = _page.set(shown)
    try:
        yield shown
    finally:
        _page.reset(token)


def next_transition(now: datetime) -> datetime | None:
    """The next time an item is scheduled to appear, to expire, or to have
    its changes published, if any: when what pages show changes with no
    save."""
    # Imported here: drafts reach the back office's models.
    from .drafts import next_change

    moments = [
        model._default_manager.next_transition(now)
        for model in registry.publishable_models()
    ]
    moments.append(next_change())
    return min(filter(None, moments), default=None)


def next_transition_time(counter: int, now: float) -> float:
    """
    The next transition as a timestamp (NO_TRANSITION: none), kept in the
    shared cache while no change was counted since ``counter`` (a change
    may schedule an item).
    """
    key = TRANSITION_KEY.format(counter=counter)
    stored = cache.get(key)
    if stored is None or (stored != NO_TRANSITION and stored <= now):
        transition = next_transition(timezone.now())
        stored = transition.timestamp() if transition else NO_TRANSITION
        cache.set(key, stored, settings.PAGE_CACHE_SECONDS or REMEMBERED_SECONDS)
    return stored


@contextlib.contextmanager
def read_afresh():
    """
    Inside the block nothing is taken from the shared cache nor kept there
    (``remembered``, ``kept_fragments``): a preview renders rows it then
    rolls back, which no visitor may see and which it must show.
    """
    token = _afresh.set(True)
    try:
        yield
    finally:
        _afresh.reset(token)


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


def number(keys) -> None:
    """Start each of ``keys`` the cache lacks, as ``fresh_number`` does."""
    for key in keys:
        cache.add(key, time.time_ns(), timeout=None)


def type_tag(model: type[models.Model]) -> str:
    return model._meta.concrete_model._meta.label_lower


def item_tag(instance: models.Model) -> str:
    return row_tag(type(instance), instance.pk)


def row_tag(model: type[models.Model], pk) -> str:
    return f"{type_tag(model)}:{pk}"


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
    return {type_tag(model), *(row_tag(model, pk) for pk in pks)}


def remembered(model: type[models.Model], name: str, compute, *, timed=False):
    """
    ``compute()``, worked out from ``model``'s items (and what every page
    shows, such as topics) in the active language, from the shared cache
    while no change to them was counted since it was stored, and, when it
    depends on which items are published now (``timed``), no item was due
    to appear or expire. The tags' numbers are read before computing, so a
    value worked out from rows older than a change never outlives it. With
    the page cache off, nothing is kept.
    """
    if settings.PAGE_CACHE_SECONDS <= 0 or _afresh.get():
        return compute()
    number_keys = [tag_key(type_tag(model)), tag_key(EVERYTHING)]
    key = f"armcms:remembered:{type_tag(model)}:{name}:{translation.get_language()}"
    try:
        found = cache.get_many([*number_keys, COUNTER_KEY, key])
    except Exception:
        logger.exception("Cache unavailable; working %s out", name)
        return compute()
    numbers = [found.get(number_key) for number_key in number_keys]
    entry = found.get(key)
    now = time.time()
    if (
        entry is not None
        and None not in numbers
        and entry[0] == numbers
        and (entry[1] == NO_TRANSITION or now < entry[1])
    ):
        return entry[2]
    value = compute()
    try:
        if None in numbers or COUNTER_KEY not in found:
            # Numbered for the next time: a change counted meanwhile may
            # have found no number to increment.
            number([*number_keys, COUNTER_KEY])
        else:
            until = NO_TRANSITION
            if timed:
                until = next_transition_time(found[COUNTER_KEY], now)
            cache.set(key, (numbers, until, value), REMEMBERED_SECONDS)
    except Exception:
        logger.exception("Could not keep %s in the cache", name)
    return value


def kept_fragments(name: str, pieces, render) -> list[str]:
    """
    The HTML (a ``name``, such as an item's card) of each ``(item,
    variant)`` of ``pieces`` in the active language: from the shared cache
    where it was kept since the item and what every page shows (its images,
    topics) last changed, else ``render(item, variant)``, then kept for as
    long as a page would be (``PAGE_CACHE_SECONDS``; with the page cache
    off, nothing is kept). One round trip for them all; the numbers are read
    before rendering, as for ``remembered``.
    """
    if settings.PAGE_CACHE_SECONDS <= 0 or not pieces or _afresh.get():
        return [render(item, variant) for item, variant in pieces]
    language = translation.get_language()
    everything = tag_key(EVERYTHING)
    number_keys = [tag_key(item_tag(item)) for item, _variant in pieces]
    keys = [
        f"armcms:fragment:{name}:{item_tag(item)}:{variant}:{language}"
        for item, variant in pieces
    ]
    try:
        found = cache.get_many([everything, *number_keys, *keys])
    except Exception:
        logger.exception("Cache unavailable; rendering the fragments")
        return [render(item, variant) for item, variant in pieces]
    fragments, kept, unnumbered = [], {}, set()
    for (item, variant), number_key, key in zip(pieces, number_keys, keys, strict=True):
        numbers = [found.get(number_key), found.get(everything)]
        entry = found.get(key)
        if entry is not None and None not in numbers and entry[0] == numbers:
            fragments.append(entry[1])
            continue
        fragments.append(render(item, variant))
        if None in numbers:
            unnumbered.update({number_key, everything} - found.keys())
        else:
            kept[key] = (numbers, fragments[-1])
    try:
        cache.set_many(kept, settings.PAGE_CACHE_SECONDS)
        number(unnumbered)  # for the next time (see remembered)
    except Exception:
        logger.exception("Could not keep the fragments in the cache")
    return fragments
