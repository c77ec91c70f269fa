"""
Content-Security-Policy: the site's everywhere, the staff's in the back
office, and a video player's frame on the pages that show a video.
"""

import functools

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.contrib.sessions.backends.base import VALID_KEY_CHARS
from django.urls import reverse

from armcms.content.video import PROVIDERS


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """
    django-csp's middleware, with STAFF_CONTENT_SECURITY_POLICY for the back
    office (its editor needs inline styles) and CONTENT_SECURITY_POLICY for
    every other page.

    A page that shows videos lets in a frame from each of their providers'
    players, and no other: the template that draws a video records its
    provider on the request (``request.armcms_videos``, see
    ``armcms_tags.video_player``), and the policy gets a ``frame-src`` of
    those players, the way django-csp's ``csp_update`` adds to one
    response's policy. Pages without a video keep the policy as configured.
    The page cache stores the header with the page, so a cached page has
    the policy it was built with.
    """

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if (
            not report_only
            and parts.config is None
            and request.path.startswith(staff_prefixes())
        ):
            parts.config = settings.STAFF_CONTENT_SECURITY_POLICY["DIRECTIVES"]
        providers = getattr(request, "armcms_videos", None)
        if providers and not report_only:
            frames = sorted(PROVIDERS[name].frame_origin for name in providers)
            parts.update = {**(parts.update or {}), "frame-src": frames}
        return parts


@functools.cache
def staff_prefixes() -> tuple[str, ...]:
    return (reverse("admin:index"), reverse("editor_image_upload"))


class ForgedSessionCookieMiddleware:
    """
    Forget a session cookie that no session can have. Django makes keys of
    lowercase letters and digits, but a quoted cookie may spell any character
    in octal ("abcdefgh\\000"): the session store would look that key up, and
    PostgreSQL refuses a NUL in a query.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
        if key is not None and not set(key) <= set(VALID_KEY_CHARS):
            del request.COOKIES[settings.SESSION_COOKIE_NAME]
        return self.get_response(request)
