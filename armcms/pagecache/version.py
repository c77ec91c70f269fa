"""
The content version: one number in the shared cache that every cached page
carries. Any change to public content bumps it once its transaction commits
(see signals.py), so every older page is stale in every process. Each page
also expires at the next scheduled publish or expiry time.
"""

import logging
import threading
import time
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from armcms.content import registry

logger = logging.getLogger(__name__)

VERSION_KEY = "armcms:content-version"
TRANSITION_KEY = "armcms:next-transition:{version}"
NO_TRANSITION = 0

# Set when this process could not reach the cache: a content change may have
# missed its version bump, so the next lookup that reaches the cache bumps
# it (any one bump, from any process, makes every older page stale).
cache_missed = threading.Event()


def content_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        # A new (or emptied) cache starts from the clock, so it never reuses
        # a number that older cached pages might still carry.
        cache.add(VERSION_KEY, time.time_ns(), timeout=None)
        version = cache.get(VERSION_KEY)
    return version


def bump_content_version() -> None:
    """
    Make every cached page stale: call after any change to public content.

    Inside a transaction the bump waits for the commit (and a rollback drops
    it). A request served before the commit reads the old version and the
    old rows, and stores that page under the old version, which the bump
    then ends; bumping before the commit would let such a request store the
    old page under the new version, served until it expires.
    """
    transaction.on_commit(bump_now, robust=True)


def bump_now() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # no version yet: the next read sets one
        pass
    except Exception:
        cache_missed.set()
        logger.exception("Could not bump the content version in the cache")


def next_transition(now: datetime) -> datetime | None:
    """The next time an item is scheduled to appear, to expire, or to have
    its changes published, if any."""
    # Imported here: the WSGI wrapper loads this module before Django's apps.
    from armcms.content.drafts import next_change

    moments = [
        model._default_manager.next_transition(now)
        for model in registry.publishable_models()
    ]
    moments.append(next_change())
    return min(filter(None, moments), default=None)


def page_timeout(version: int) -> int:
    """Seconds a page may be cached: until the next transition at the latest."""
    now = timezone.now()
    key = TRANSITION_KEY.format(version=version)
    stored = cache.get(key)
    if stored is None or (stored != NO_TRANSITION and stored <= now.timestamp()):
        transition = next_transition(now)
        stored = transition.timestamp() if transition else NO_TRANSITION
        cache.set(key, stored, settings.PAGE_CACHE_SECONDS)
    if stored == NO_TRANSITION:
        return settings.PAGE_CACHE_SECONDS
    return max(0, min(settings.PAGE_CACHE_SECONDS, int(stored - now.timestamp())))
