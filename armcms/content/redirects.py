"""
Old addresses keep working when an item's slug changes.

An item answers at its address in each language (made from that language's
slug, or the default language's where it has none) and, sending the visitor
on to that address, at each language's address with any of its other slugs
(see ``PublishedDetailView``). A slug change takes some of these addresses
away. Each is written to django.contrib.redirects' table, the one the
WordPress import fills and ``QueryKeepingRedirectMiddleware`` answers from (a
301 for an address that would otherwise be a 404), and that superusers see
under *Redirects* in the admin. The rules:

- An address the item no longer answers at redirects to the item's address
  in that address's language, whatever the item's state: a draft's or a
  scheduled item's address may have been public before (an item unpublished,
  renamed and published again) and costs nothing to redirect if not.
- Chains collapse: redirects that led to an address the item left lead to
  its new address, so no redirect points at another redirect's source, nor
  at an address no item has any more.
- An address an item answers at (published or not, new or renamed) belongs
  to it: any redirect from it is dropped. That is what ends a chain when an
  item takes a former address back, so a redirect never loops.
- A deleted item leaves its redirects as they are: its address answers 404.

It runs around the row's write in ``PublishableModel.save()``, so the admin,
imports and the shell all follow it, and around a raw write of an existing
row (a revert to an earlier version in the admin, ``loaddata``), which does
not go through ``save()``. A save that changes no slug costs one read of the
saved slugs; a new item, one look-up of redirects from its addresses; a slug
change, two to four more queries (follow chains, find and drop, make) in a
savepoint with the write.

A visitor's query string (``?utm_source=...``, ``?fbclid=...``, added by
newsletters and social media) does not stop an old address redirecting: it
is kept on the new address.
"""

import copy
from contextlib import contextmanager
from functools import partial
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.contrib.redirects.middleware import RedirectFallbackMiddleware
from django.contrib.redirects.models import Redirect
from django.contrib.sites.shortcuts import get_current_site
from django.db import DatabaseError, transaction
from django.db.models import Case, F, Value, When
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver
from django.http import HttpResponsePermanentRedirect
from django.utils import translation
from django.utils.encoding import iri_to_uri

from .locale import language_codes
from .unavailable import is_connection_failure, unavailable_answer

# The stored row has not been read yet (None means there is none).
NOT_READ = object()


@contextmanager
def follow_slug_changes(item, update_fields=None, *, saved=NOT_READ):
    """
    Wrap the write of ``item`` (a ``PublishableModel`` whose slugs are
    final): after it, redirect the addresses it left and drop redirects from
    the addresses it has. ``update_fields`` is the save's; ``saved``, the
    stored row when the caller has read it (None for a new item).
    """
    change = slug_change(item, update_fields, saved=saved)
    if change is None:
        yield
    elif change.func is claim:
        yield
        change()
    else:
        with transaction.atomic():
            yield
            change()


def slug_change(item, update_fields=None, *, raw=False, saved=NOT_READ):
    """
    What writing ``item`` changes in the redirects, as a function to call
    after the write, or None when it changes nothing. A new item's is
    ``claim``; an existing item's whose addresses move, ``move``, to run in
    the write's transaction. A ``raw`` write's item (deserialized) always
    looks new; its row is looked for all the same.
    """
    from .models import address_columns  # armcms.content.models imports this module.

    columns = address_columns(type(item)) or [item.address_field]
    if update_fields is not None and not set(columns) & set(update_fields):
        return None
    if saved is NOT_READ:
        saved = None
        if (raw or not item._state.adding) and item.pk is not None:
            manager = type(item)._default_manager
            saved = manager.filter(pk=item.pk).values(*columns).first()
    if saved is None:
        return partial(claim, answered_at(item, slug_values(item, columns)))
    saved = {column: saved[column] for column in columns}
    written = {
        column: getattr(item, column)
        if update_fields is None or column in update_fields
        else saved[column]
        for column in columns
    }
    before, after = answered_at(item, saved), answered_at(item, written)
    previous, own = addresses(item, saved), addresses(item, written)
    if before == after and previous == own:
        return None
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
    return partial(move, left | retarget, left, after)


@receiver(pre_save, dispatch_uid="armcms.content.redirects.before_raw_write")
def before_raw_write(sender, instance, raw, update_fields, **kwargs):
    """
    A raw write (a revert in the admin writes the version's row back this
    way) skips ``PublishableModel.save()``; the slug change it makes of an
    existing row is followed the same way. A new row's is not: a restored
    backup brings its redirects with it.
    """
    from .models import PublishableModel  # armcms.content.models imports this module.

    if not raw or not isinstance(instance, PublishableModel):
        return
    instance.prepare_raw_write()
    change = slug_change(instance, update_fields, raw=True)
    if change is not None and change.func is move:
        instance._redirects_after_raw_write = change


@receiver(post_save, dispatch_uid="armcms.content.redirects.after_raw_write")
def after_raw_write(sender, instance, raw, **kwargs):
    change = instance.__dict__.pop("_redirects_after_raw_write", None)
    if raw and change is not None:
        change()


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
            if getattr(shown, shown.address_field):
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


class QueryKeepingRedirectMiddleware(RedirectFallbackMiddleware):
    """
    Django's ``RedirectFallbackMiddleware``, which looks an address that
    answered 404 up with its query string, and also, when that finds
    nothing, without it: ``/news/old/?fbclid=...`` redirects like
    ``/news/old/``, to the new address with the visitor's query string kept
    (joined to the new address's own with ``&``). A redirect made for the
    address with that very query string is taken first.
    """

    def process_response(self, request, response):
        answer = super().process_response(request, response)
        query = iri_to_uri(request.META.get("QUERY_STRING", ""))
        if answer is not response or response.status_code != 404 or not query:
            return answer
        paths = [request.get_full_path().partition("?")[0]]
        if settings.APPEND_SLASH and not request.path.endswith("/"):
            paths.append(
                request.get_full_path(force_append_slash=True).partition("?")[0]
            )
        found = dict(
            Redirect.objects.filter(
                site=get_current_site(request), old_path__in=paths
            ).values_list("old_path", "new_path")
        )
        for path in paths:
            if path in found:
                if found[path] == "":
                    return self.response_gone_class()
                return self.response_redirect_class(with_query(found[path], query))
        return response


def with_query(address: str, query: str) -> str:
    """``address`` with ``query`` added to its own query string."""
    parts = urlsplit(address)
    joined = f"{parts.query}&{query}" if parts.query else query
    return urlunsplit(parts._replace(query=joined))


# WordPress's addresses of a post, page or attachment by its number
# (/?p=123); the WordPress import redirects each to its new address.
OLD_QUERY_KEYS = {"p", "page_id", "attachment_id"}


class OldQueryAddressMiddleware:
    """
    Redirect WordPress's ``/?p=123`` addresses. The homepage answers them with
    a 200, so RedirectFallbackMiddleware, which only looks at 404s, never
    does; this looks them up in the same table. Only requests carrying one of
    WordPress's query keys cost a query.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in {"GET", "HEAD"} and OLD_QUERY_KEYS & request.GET.keys():
            try:
                redirect = Redirect.objects.filter(
                    site_id=settings.SITE_ID, old_path=request.get_full_path()
                ).first()
            except DatabaseError as error:
                # Above the middleware that answers for an unreachable
                # database, so it answers here the same way.
                if not is_connection_failure(error):
                    raise
                return unavailable_answer(request, error)
            if redirect and redirect.new_path:
                return HttpResponsePermanentRedirect(redirect.new_path)
        return self.get_response(request)
