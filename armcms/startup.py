from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def require_secret_key() -> None:
    """Refuse to serve the site without a secret key of its own."""
    try:
        key = settings.SECRET_KEY
    except ImproperlyConfigured:  # Django's own complaint about an empty key
        key = ""
    if not key:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off. Generate one with: "
            "python -c 'import secrets; print(secrets.token_urlsafe(50))'"
        )
