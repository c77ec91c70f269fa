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
"""

import contextlib
import contextvars
from dataclasses import dataclass, field

from django.db import models

from . import registry

EVERYTHING = "site"


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
