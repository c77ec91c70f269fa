from django.utils.functional import lazy

from armcms.content.identity import request_identity


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
