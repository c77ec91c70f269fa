"""
The sitemap: every public address in each language it exists in, with its
other language versions (``hreflang``).

A section's page lists hundreds of items in up to three languages each.
Django's sitemap works out each address again for every entry and alternate
link under a language switch, and its template resolves a dozen variables
per entry, some 400,000 calls a page. Here an item's addresses are worked
out once, from its model's address pattern reversed once per language, and
each ``<url>`` element is written once, escaped, so the template
(``sitemaps/sitemap.xml``) only joins them. The XML is the same, byte for
byte, as Django's ``sitemap.xml`` template makes of the same entries.
"""

from collections.abc import Callable
from datetime import date, datetime, tzinfo
from html import escape
from urllib.parse import quote

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sites.requests import RequestSite
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import cached_property
from django.utils.http import http_date
from django.utils.safestring import mark_safe

from . import registry, shown
from .links import PLACEHOLDER
from .locale import (
    TRANSLATION_KEY,
    default_language,
    field_name,
    is_translated,
    language_codes,
)


class LanguagesSitemap(Sitemap):
    """
    Each address in every language it exists in, with ``hreflang`` links to
    the others and an ``x-default`` pointing at the default language's.
    Pages hold up to ``limit`` items, each with all its languages.
    """

    i18n = True
    alternates = True
    x_default = True

    @cached_property
    def paginator(self):
        # Django's, over items rather than (item, language) pairs; made once
        # per sitemap, so its count is asked once.
        return Paginator(self.items(), self.limit)

    def locator(self) -> Callable[[object, str], str]:
        """
        A function giving an item's address (its path) in a language, made
        once per sitemap page. This one asks ``location()`` in each language.
        """

        def locate(item, code: str) -> str:
            with translation.override(code):
                return self.location(item)

        return locate

    def item_value(self, name: str, item):
        """``lastmod``, ``changefreq`` or ``priority`` of ``item``: a method
        called with the item, or a value set on the class, as Django reads
        them."""
        value = getattr(self, name, None)
        return value(item) if callable(value) else value

    def _urls(self, page, protocol, domain):
        # Overrides a private method of Django's Sitemap, which get_urls()
        # calls: the one place that does. If Django renames it, its own
        # entries come back without "xml" and the section renders empty, which
        # tests/armcms/content/test_sitemap_output.py catches.
        # Django's Sitemap._urls gives the same entries (each item in each of
        # its languages, with the same keys and Last-Modified); here each
        # item's addresses, dates and links are worked out once for all its
        # entries, and each entry's <url> element is written, under "xml".
        site = f"{protocol}://{domain}"
        locate = self.locator()
        zone = timezone.get_current_timezone() if settings.USE_TZ else None
        urls = []
        latest_lastmod = None
        all_items_lastmod = True
        for item in self.paginator.page(page).object_list:
            entries = self._item_urls(item, site, locate, zone)
            if entries and all_items_lastmod:
                lastmod = entries[0]["lastmod"]
                all_items_lastmod = lastmod is not None
                if all_items_lastmod and (
                    latest_lastmod is None or lastmod > latest_lastmod
                ):
                    latest_lastmod = lastmod
            urls += entries
        if all_items_lastmod and latest_lastmod:
            self.latest_lastmod = latest_lastmod
        return urls

    def _item_urls(self, item, site: str, locate, zone) -> list[dict]:
        """
        The entries of ``item``, one per language, as Django's _urls makes
        them, each with its ``<url>`` element as Django's sitemap.xml writes
        it under {% spaceless %}: autoescaped, and the day of ``lastmod`` in
        the current time zone.
        """
        languages = self.get_languages_for_item(item)
        if not languages:
            return []
        locations = {code: f"{site}{locate(item, code)}" for code in languages}
        escaped = {code: escape(location) for code, location in locations.items()}
        # Django's x-default drops "/<default language>/" from the address;
        # here the default language has no prefix, and a slug such as "en"
        # must not lose a segment, so x-default is its address as it is.
        links = [(code, code) for code in languages]
        default = default_language()
        if self.x_default and default in locations:
            links.append(("x-default", default))
        alternates = [
            {"location": locations[code], "lang_code": hreflang}
            for hreflang, code in links
        ]
        lastmod = self.item_value("lastmod", item)
        changefreq = self.item_value("changefreq", item)
        priority = self.item_value("priority", item)
        priority = str(priority if priority is not None else "")
        tail = []
        if lastmod:
            tail.append(f"<lastmod>{escape(local_day(lastmod, zone))}</lastmod>")
        if changefreq:
            tail.append(f"<changefreq>{escape(str(changefreq))}</changefreq>")
        if priority:
            tail.append(f"<priority>{escape(priority)}</priority>")
        for hreflang, code in links:
            tail.append(
                f'<xhtml:link rel="alternate" hreflang="{escape(hreflang)}" '
                f'href="{escaped[code]}"/>'
            )
        tail.append("</url>")
        tail = "".join(tail)
        return [
            {
                "item": (item, code),
                "location": locations[code],
                "lastmod": lastmod,
                "changefreq": changefreq,
                "priority": priority,
                "alternates": alternates,
                # Safe: every part is escaped above.
                "xml": mark_safe(f"<url><loc>{escaped[code]}</loc>{tail}"),
            }
            for code in languages
        ]


def local_day(value: date | datetime, zone: tzinfo | None) -> str:
    """
    What ``{{ value|date:"Y-m-d" }}`` shows: an aware datetime's day in the
    current time zone, ``zone`` (None without time zone support). The filter
    costs some 70 microseconds a call, a third of a page of 500 items.
    """
    if zone is not None and isinstance(value, datetime) and timezone.is_aware(value):
        value = value.astimezone(zone)
    return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"


class PublishedSitemap(LanguagesSitemap):
    """
    Every published item of ``model`` in each language it is translated into,
    with its last change and its other language versions (``hreflang``), in
    pages of at most ``limit`` items listed by the sitemap index.

    Its items are rows, not model instances: named tuples of the key, each
    language's slug and title (what ``is_translated()`` reads), and
    ``updated_at``. Building 500 model instances was a third of a page's cost.
    """

    model = None
    limit = 500

    def items(self):
        columns = [
            field_name(name, code)
            for name in (self.model.address_field, TRANSLATION_KEY)
            for code in language_codes()
        ]
        shown.items_of(self.model)
        return (
            self.model.objects.published()
            .order_by("pk")
            .values_list("pk", *columns, "updated_at", named=True)
        )

    def locator(self):
        """
        The model's ``get_absolute_url()``, a slug put into an address
        pattern (armcms.content.links.slug_url), asked once per language of a
        stand-in instance; each item's address is the pattern with its own
        slug. An item's slug in a language is its translation, or the default
        language's where there is none, as modeltranslation falls back.
        """
        patterns, columns = {}, {}
        stand_in = self.model()
        for code in language_codes():
            columns[code] = field_name(self.model.address_field, code)
            setattr(stand_in, columns[code], PLACEHOLDER)
            with translation.override(code):
                patterns[code] = stand_in.get_absolute_url()
            if patterns[code].count(PLACEHOLDER) != 1:
                raise ValueError(f"{self.model} addresses must hold the slug once")
        fallback = columns[default_language()]

        def locate(item, code: str) -> str:
            slug = getattr(item, columns[code]) or getattr(item, fallback) or ""
            return patterns[code].replace(PLACEHOLDER, quote(slug), 1)

        return locate

    def get_languages_for_item(self, item):
        """The default language and the languages the item is translated into;
        other language versions show the default language's text."""
        return [code for code in language_codes() if is_translated(item, code)]

    def lastmod(self, item):
        return item.updated_at

    def get_latest_lastmod(self):
        # The index leaves it out: finding it would read the whole archive.
        return None


class SectionsSitemap(LanguagesSitemap):
    """The homepage and the section pages, in every language."""

    changefreq = "daily"

    def items(self):
        return ["home", *registry.section_pages()]

    def location(self, item):
        return reverse(item)


# The views: Django's sitemap views link to the sites framework's domain,
# which has no port; these link to the site at the address the request came
# to (scheme, host and port, as every page's canonical link does), which is
# also the address the page cache keys them by. Search engines are asked not
# to list the sitemaps themselves, as Django's views ask.
NOT_LISTED = {"X-Robots-Tag": "noindex, noodp, noarchive"}


def sitemap_index(
    request, sitemaps, sitemap_url_name="django.contrib.sitemaps.views.sitemap"
):
    """
    The address of each page of each section. The sections give no last
    change here: finding it would read the whole archive.
    """
    entries = []
    for section, sitemap in sitemaps.items():
        address = reverse(sitemap_url_name, kwargs={"section": section})
        location = request.build_absolute_uri(address)
        pages = sitemap().paginator.num_pages
        entries.append({"location": location})
        entries += [{"location": f"{location}?p={n}"} for n in range(2, pages + 1)]
    return TemplateResponse(
        request,
        "sitemap_index.xml",
        {"sitemaps": entries},
        content_type="application/xml",
        headers=NOT_LISTED,
    )


def sitemap_section(request, sitemaps, section, template_name="sitemaps/sitemap.xml"):
    """One page (``?p=``) of one section, with its latest change as
    Last-Modified when every entry gives one."""
    if section not in sitemaps:
        raise Http404(f"No sitemap section {section!r}")
    sitemap = sitemaps[section]()
    try:
        urls = sitemap.get_urls(
            page=request.GET.get("p", 1),
            site=RequestSite(request),
            protocol=request.scheme,
        )
    except (EmptyPage, PageNotAnInteger) as error:
        raise Http404(str(error)) from error
    headers = dict(NOT_LISTED)
    lastmod = getattr(sitemap, "latest_lastmod", None)
    if lastmod is not None:
        headers["Last-Modified"] = http_date(lastmod.timestamp())
    return TemplateResponse(
        request,
        template_name,
        {"urlset": urls},
        content_type="application/xml",
        headers=headers,
    )
