"""Content-Security-Policy: the site's everywhere, the staff's in the back office."""

import functools

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.contrib.sessions.backends.base import VALID_KEY_CHARS
from django.urls import reverse


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """
    django-csp's middleware, with STAFF_CONTENT_SECURITY_POLICY for the back
    office (its editor needs inline styles) and CONTENT_SECURITY_POLICY for
    every other page.
    """

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if (
            not report_only
            and parts.config is None
            and request.path.startswith(staff_prefixes())
        ):
            parts.config = settings.STAFF_CONTENT_SECURITY_POLICY["DIRECTIVES"]
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
