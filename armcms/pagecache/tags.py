"""
Which cached pages a change makes stale: tags (see armcms.content.shown).

The shared cache holds a number for each tag, which every change touching
the tag increments, and a change counter, which every change increments
first. A page stores the numbers of its tags as they were when it was built,
and is current while they are unchanged.

This stays right when a change commits while a page is being built: a change
is counted after its commit (``transaction.on_commit``), the counter before
the tags. A page is stored only if the counter did not move between the
start of its build and the reading of its tags' numbers: a build that may
have read the old rows either sees the counter move (and is not stored) or
reads its tags before they change (and is stale once they do). A build that
began after the count read the new rows. This holds across processes, as
every number lives in the shared cache.

A page's related items (``related``) are looser: a change to their type makes
the page stale only once it is ``PAGE_CACHE_RELATED_SECONDS`` old, so a
stream of edits rebuilds every item's page at most once in that time.
"""

import contextlib
import functools
import logging
import threading
import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from armcms.content import shown
from armcms.content.shown import COUNTER_KEY, fresh_number, tag_key

logger = logging.getLogger(__name__)


# Set when this process could not reach the cache: a change may have missed
# its count, so the next lookup that reaches the cache touches every page.
cache_missed = threading.Event()


def change_counter() -> int:
    counter = cache.get(COUNTER_KEY)
    if counter is None:
        counter = fresh_number(COUNTER_KEY)
    return counter


def numbers_since(counter: int, tags, *, again: bool = True) -> dict[str, int] | None:
    """
    The current number of each of ``tags``, by key, for a page whose build
    began when the change counter stood at ``counter``; None if a change was
    counted since, when the page may show rows older than the numbers.
    """
    keys = [tag_key(tag) for tag in tags]
    found = cache.get_many([COUNTER_KEY, *keys])
    if found.get(COUNTER_KEY) != counter:
        return None
    missing = [key for key in keys if key not in found]
    if not missing:
        return {key: found[key] for key in keys}
    if not again:
        return None
    # Numbered, then read again with the counter: a change counted in
    # between skipped them (see invalidate_now).
    shown.number(missing)
    return numbers_since(counter, tags, again=False)


def invalidate(tags) -> None:
    """
    Make stale, once the transaction commits, every cached page showing any
    of ``tags`` (a rollback drops it). Counted before the commit, a request
    served meanwhile could store the old rows under the new numbers.
    """
    tags = frozenset(tags)
    if tags:
        transaction.on_commit(functools.partial(invalidate_now, tags), robust=True)


def invalidate_everything() -> None:
    invalidate({shown.EVERYTHING})


def invalidate_now(tags) -> None:
    try:
        # The counter first: a build reading the tags' new numbers must see
        # it moved (see the module's docstring).
        increment(COUNTER_KEY)
        for tag in tags:
            # A tag the cache lacks has no page to make stale: a page whose
            # tag is missing is stale already, and a build numbering it now
            # sees the counter moved.
            with contextlib.suppress(ValueError):
                cache.incr(tag_key(tag))
    except Exception:
        cache_missed.set()
        logger.exception("Could not mark changed pages in the cache")


def increment(key: str) -> int:
    try:
        return cache.incr(key)
    except ValueError:  # lost with an emptied cache
        fresh_number(key)
        return cache.incr(key)


def page_timeout(counter: int) -> int:
    """Seconds a page may be cached: until the next transition at the latest."""
    now = time.time()
    moment = shown.next_transition_time(counter, now)
    if moment == shown.NO_TRANSITION:
        return settings.PAGE_CACHE_SECONDS
    return max(0, min(settings.PAGE_CACHE_SECONDS, int(moment - now)))
