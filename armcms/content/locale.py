"""
The site's languages: which one a request is in, which language a piece of
content is shown in, and the same page's address in the other languages.

Content fields exist once per language (django-modeltranslation's
``title_en``, ``title_es``...); reading ``item.title`` gives the active
language's text, or the default language's when there is no translation.
"""

from django.conf import settings
from django.db.models import F, Q, TextField, Value
from django.db.models.functions import Coalesce, NullIf
from django.middleware.locale import LocaleMiddleware
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from modeltranslation.utils import build_localized_fieldname


def default_language() -> str:
    return settings.LANGUAGE_CODE


def language_codes() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def field_name(name: str, language: str | None = None) -> str:
    """The column of ``name`` in ``language`` (the active one by default)."""
    return build_localized_fieldname(name, language or translation.get_language())


def has_translation(instance, name: str, language: str) -> bool:
    return bool(getattr(instance, field_name(name, language), None))


# An item is translated into a language when it has a title in it: what lists,
# the sitemap, search and the translation overview go by.
TRANSLATION_KEY = "title"


def is_translated(item, language: str) -> bool:
    return language == default_language() or has_translation(
        item, TRANSLATION_KEY, language
    )


def untranslated(language: str) -> Q:
    """The items not translated into ``language``, as a query."""
    column = field_name(TRANSLATION_KEY, language)
    return Q(**{f"{column}__isnull": True}) | Q(**{column: ""})


def content_language(instance, name: str = "title") -> str:
    """The language ``instance.<name>`` is shown in: the active language when
    it is translated, otherwise the default language it falls back to."""
    language = translation.get_language()
    if has_translation(instance, name, language):
        return language
    return default_language()


def localized(name: str, language: str | None = None):
    """
    An expression for ``name`` as a visitor of ``language`` reads it: the
    translation, or the default language's text where there is none.
    """
    language = language or translation.get_language()
    default = F(field_name(name, default_language()))
    if language == default_language():
        return default
    text = TextField()
    translated = NullIf(F(field_name(name, language)), Value(""), output_field=text)
    return Coalesce(translated, default, output_field=text)


def fill_slugs(instance, source: str, make_slug) -> None:
    """
    Give every language that has a ``source`` text (a title, a name) and no
    slug yet a slug of its own, made by ``make_slug(instance, text, field)``.
    """
    for language in language_codes():
        slug_field = field_name("slug", language)
        text = getattr(instance, field_name(source, language), None)
        if text and not getattr(instance, slug_field, None):
            setattr(instance, slug_field, make_slug(instance, text, slug_field))


def is_back_office(request) -> bool:
    return request.path_info.startswith(f"/{settings.ADMIN_URL}")


class PathLocaleMiddleware(LocaleMiddleware):
    """
    The public site's language comes from its address alone: /es/... is
    Spanish, an address without a prefix is in the default language. Nothing
    is chosen or redirected by the browser's Accept-Language, which would
    make one address show different pages (to caches and search engines
    alike). The back office, never cached, follows the browser's language.
    """

    def __call__(self, request):
        # The language a request activates ends with it, so whatever runs
        # next in the thread starts from the language it had.
        with translation.override(translation.get_language()):
            return super().__call__(request)

    def process_request(self, request):
        super().process_request(request)
        if is_back_office(request):
            language = translation.get_language_from_request(request)
            translation.activate(language)
            request.LANGUAGE_CODE = language

    def process_response(self, request, response):
        if is_back_office(request):
            patch_vary_headers(response, ("Accept-Language",))
        response.headers.setdefault("Content-Language", translation.get_language())
        return response


def alternates(request, item=None, *, error_page: bool = False) -> list[dict]:
    """
    This page in every language: code, name, address, and whether its
    content is translated (an item not translated into a language shows in
    the default language there). For an item, its own address in each
    language (slugs differ); for other pages, the same path and query.

    No links in the back office (one address, in the browser's language),
    nor for an address that cannot be built again in another language (the
    admin's unnamed catch-all view of unknown addresses, say). An error page
    (``error_page``) links to each language's homepage.
    """
    if is_back_office(request):
        return []
    current = translation.get_language()
    match = None if error_page else request.resolver_match
    query = request.GET.urlencode()
    links = []
    for code in language_codes():
        with translation.override(code):
            translated = True
            if item is not None:
                url = item.get_absolute_url()
                translated = is_translated(item, code)
            elif match is not None and match.view_name:
                try:
                    url = reverse(
                        match.view_name,
                        args=match.args,
                        kwargs=match.captured_kwargs,
                    )
                except NoReverseMatch:
                    return []
                url = f"{url}?{query}" if query else url
            else:  # a page of errors: the other language's homepage
                url = reverse("home")
            links.append(
                {
                    "code": code,
                    # Each language named in itself: "Español", "Français".
                    "name": translation.get_language_info(code)["name_local"],
                    "url": url,
                    "translated": translated,
                    "current": code == current,
                }
            )
    return links
