"""Content-Security-Policy: the site's everywhere, the staff's in the back office."""

import functools

from csp.middleware import CSPMiddleware
from django.conf import settings
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
