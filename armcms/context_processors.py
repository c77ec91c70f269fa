from django.conf import settings


def site(request):
    """The site's name, shown in every page's header and title."""
    return {"site_name": settings.SITE_NAME}
