from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.template.loader import get_template
from django.urls import resolve, reverse
from django.utils import formats, translation

from .content.locale import language_codes


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


def warm_up() -> None:
    """
    The work every process would otherwise do on its first requests, done
    once: each language's URL patterns, translation catalogue and formats,
    and the site's templates, compiled. The WSGI module runs it, so under
    gunicorn (which preloads the site, see gunicorn.conf.py) it runs once in
    the master process, and every worker it forks, or recycles, serves at
    full speed from its first request. It opens no database or cache
    connection, which a fork would share.
    """
    for language in language_codes():
        with translation.override(language):
            resolve(reverse("home"))
            formats.get_format("DATE_FORMAT")
            formats.get_format("THOUSAND_SEPARATOR")
    for template_dir in settings.TEMPLATES[0]["DIRS"]:
        for path in sorted(template_dir.rglob("*.html")):
            get_template(path.relative_to(template_dir).as_posix())
