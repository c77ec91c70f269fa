from django.db import DatabaseError
from django.utils.functional import SimpleLazyObject, lazy

from armcms.content.models import SiteIdentity
from armcms.content.unavailable import is_connection_failure


def site(request):
    """
    The site's identity (see SiteIdentity) and its name in the active
    language, shown in every page's header and title. Read from the database
    once per request, when a template first asks.
    """
    identity = request_identity(request)
    return {
        "site_identity": identity,
        "site_name": lazy(lambda: identity.site_name, str)(),
    }


def request_identity(request) -> SiteIdentity:
    """The identity, read once for ``request`` (lazily) whoever asks."""
    if not hasattr(request, "armcms_identity"):
        request.armcms_identity = SimpleLazyObject(saved_identity)
    return request.armcms_identity


def saved_identity() -> SiteIdentity:
    try:
        return SiteIdentity.load()
    except DatabaseError as error:
        if not is_connection_failure(error):
            raise
        # An error page while the database is down (a 404 that then answers
        # 503, see armcms.content.unavailable): the defaults.
        return SiteIdentity(pk=1)
