"""The site's identity (SiteIdentity) as requests read it: once each."""

from django.db import DatabaseError
from django.utils.functional import SimpleLazyObject

from . import shown
from .models import SiteIdentity
from .unavailable import is_connection_failure


def request_identity(request) -> SiteIdentity:
    """The identity, read once for ``request`` (lazily), whoever asks."""
    if not hasattr(request, "armcms_identity"):
        request.armcms_identity = SimpleLazyObject(saved_identity)
    return request.armcms_identity


def saved_identity() -> SiteIdentity:
    try:
        # Read by every page: kept in the shared cache until it changes.
        return shown.remembered(SiteIdentity, "identity", SiteIdentity.load)
    except DatabaseError as error:
        if not is_connection_failure(error):
            raise
        # An error page while the database is down (a 404 that then answers
        # 503, see armcms.content.unavailable): the defaults.
        return SiteIdentity(pk=1)
