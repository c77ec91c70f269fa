"""
Old addresses keep working when an item's slug changes.

An item answers at its address in each language (made from that language's
slug, or the default language's where it has none) and, sending the visitor
on to that address, at each language's address with any of its other slugs
(see ``PublishedDetailView``). A slug change takes some of these addresses
away. Each is written to django.contrib.redirects' table, the one the
WordPress import fills and RedirectFallbackMiddleware answers from (a 301
for an address that would otherwise be a 404), and that superusers see
under *Redirects* in the admin. The rules:

- An address the item no longer answers at redirects to the item's address
  in that address's language, but only if it has been public: the item was
  published and its publish date had passed (it was live, or has since
  expired). A draft's or a scheduled item's address never was.
- Chains collapse: redirects that led to an address the item left lead to
  its new address, so no redirect points at another redirect's source, nor
  at an address no item has any more. This holds for drafts too.
- An address an item answers at (published or not, new or renamed) belongs
  to it: any redirect from it is dropped. That is what ends a chain when an
  item takes a former address back, so a redirect never loops.
- A deleted item leaves its redirects as they are: its address answers 404.

It runs around the row's write in ``PublishableModel.save()``, so the admin,
imports and the shell all follow it. A save that changes no slug costs one
read of the saved slugs and status; a new item, one look-up of redirects
from its addresses; a slug change, two to four more queries (follow chains,
find and drop, make) in a savepoint with the write.
"""

import copy
from contextlib import contextmanager

from django.conf import settings
from django.contrib.redirects.models import Redirect
from django.db import transaction
from django.db.models import Case, F, Value, When
from django.utils import timezone, translation

from .locale import language_codes


@contextmanager
def follow_slug_changes(item, update_fields=None):
    """
    Wrap the write of ``item`` (a ``PublishableModel`` whose slugs are
    final): after it, redirect the addresses it left and drop redirects from
    the addresses it has. ``update_fields`` is the save's.
    """
    from .models import slug_columns  # armcms.models imports this module.

    columns = slug_columns(type(item)) or ["slug"]
    if update_fields is not None and not set(columns) & set(update_fields):
        yield
        return
    saved = None
    if not item._state.adding and item.pk is not None:
        saved = (
            type(item)
            ._default_manager.filter(pk=item.pk)
            .values(*columns, "status", "published_at")
            .first()
        )
    if saved is None:
        yield
        claim(answered_at(item, slug_values(item, columns)))
        return
    written = {
        column: getattr(item, column)
        if update_fields is None or column in update_fields
        else saved[column]
        for column in columns
    }
    old = {column: saved[column] for column in columns}
    before, after = answered_at(item, old), answered_at(item, written)
    previous, own = addresses(item, old), addresses(item, written)
    if before == after and previous == own:
        yield
        return
    # The addresses the item leaves lead to its address in their language;
    # redirects that led to its old addresses, to its new ones.
    left = {
        address: own[code]
        for address, code in before.items()
        if address not in after and code in own
    }
    retarget = {
        previous[code]: own[code]
        for code in previous.keys() & own.keys()
        if previous[code] != own[code]
    }
    with transaction.atomic():
        yield
        move(left | retarget, left if has_been_public(saved) else {}, after)


def has_been_public(saved: dict) -> bool:
    """Whether the address of an item saved with these values has been public."""
    from .models import Status  # armcms.models imports this module.

    return (
        saved["status"] == Status.PUBLISHED and saved["published_at"] <= timezone.now()
    )


def slug_values(item, columns: list[str]) -> dict[str, str | None]:
    return {column: getattr(item, column) for column in columns}


def addresses(item, slugs: dict[str, str | None]) -> dict[str, str]:
    """``{language: address}`` of ``item`` were its slug columns ``slugs``."""
    shown = copy.copy(item)
    for column, value in slugs.items():
        setattr(shown, column, value)
    found = {}
    for code in language_codes():
        with translation.override(code):
            if shown.slug:
                found[code] = shown.get_absolute_url()
    return found


def answered_at(item, slugs: dict[str, str | None]) -> dict[str, str]:
    """
    ``{address: language}`` for every address where ``item`` answers when
    its slug columns are ``slugs``: each language's address with any of them.
    """
    found = {}
    for slug in set(slugs.values()) - {None, ""}:
        for code, address in addresses(item, dict.fromkeys(slugs, slug)).items():
            found[address] = code
    return found


def move(retarget: dict[str, str], made: dict[str, str], answered) -> None:
    """
    Lead the redirects that led to each address of ``retarget`` to its new
    one, drop those from ``answered`` addresses, and make ``made``.
    """
    redirects = Redirect.objects.filter(site_id=settings.SITE_ID)
    redirects.filter(new_path__in=retarget).update(
        new_path=Case(
            *(When(new_path=old, then=Value(new)) for old, new in retarget.items()),
            default=F("new_path"),
        )
    )
    redirects.filter(old_path__in=[*answered, *made]).delete()
    Redirect.objects.bulk_create(
        Redirect(site_id=settings.SITE_ID, old_path=old, new_path=new)
        for old, new in made.items()
    )


def claim(answered) -> None:
    """Drop the redirects from the addresses a new item answers at."""
    taken = Redirect.objects.filter(
        site_id=settings.SITE_ID, old_path__in=list(answered)
    )
    # Looked for first: deleting nothing would still open a transaction.
    if taken.exists():
        taken.delete()
