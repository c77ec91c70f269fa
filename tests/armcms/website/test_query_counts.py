"""
Every public page runs a fixed number of queries, whatever the amount of
content and in every language: measured with the page cache off (what a
cache miss costs), at two volumes. With the cache warm a page runs none.
"""

from datetime import date

import pytest
from django.contrib.sites.models import Site
from django.core.files.base import ContentFile
from django.utils import translation

from armcms.content import registry
from armcms.content.drafts import due_time
from impact.models import ImpactValue
from pages.models import MenuItem, Page
from tests.armcms.factories import CountryFactory, TopicFactory, with_pdf
from tests.conftest import pdf_with_text
from tests.impact.factories import ImpactMetricFactory
from tests.news.factories import NewsArticleFactory, PressReleaseFactory
from tests.pages.factories import (
    PageFactory,
    add_every_section,
    document,
    every_section_fields,
    person,
)
from tests.publications.factories import PublicationFactory, SeriesFactory

pytestmark = pytest.mark.django_db

HOMEPAGE_LIMIT = 10
PAGE_LIMIT = 8
SEARCH_LIMIT = 7  # count, ranked page, a load per content type, identity, menus
# A page's own 8, and its sections, their people and files, impact figures,
# the latest news, and each content type documents are chosen from.
SECTIONS_LIMIT = 8 + 6


def add_content(volume: int) -> dict:
    topics = [TopicFactory(name="Gender"), TopicFactory(name="Mercury")]
    countries = [CountryFactory(name="Peru"), CountryFactory(name="Colombia")]
    series = SeriesFactory()
    extra = {"topics": topics, "countries": countries}
    items = {
        "news": NewsArticleFactory.create_batch(volume, title="Gold news", **extra),
        "press": PressReleaseFactory.create_batch(volume, title="Gold press", **extra),
        "publications": [
            PublicationFactory(
                title="Gold report", series=series, part_number=n + 1, **extra
            )
            for n in range(volume)
        ],
    }
    with_pdf(items["publications"][0], "r.pdf", ContentFile(pdf_with_text("gold")))
    # Every other item is translated into Spanish; the others fall back.
    for kind_items in items.values():
        for item in kind_items[::2]:
            item.title_es = f"Oro {item.pk}"
            item.body_es = "<p>Oro y mercurio</p>"
            item.save()
    # A page whose sub-pages (shown as cards) grow with the volume, one of
    # them with breadcrumbs; and a main menu that grows too.
    about = Page.objects.filter(depth=1).first() or PageFactory(
        title="About", title_es="Acerca"
    )
    children = [
        PageFactory(parent=about, title=f"Team {n}", title_es=f"Equipo {n}")
        for n in range(volume)
    ]
    items["pages"] = [about, Page.objects.get_children(about).first(), *children]
    for page in children:
        MenuItem.objects.create(menu=MenuItem.Menu.MAIN, page=page)
    for metric in ImpactMetricFactory.create_batch(volume):
        for year in range(2010, 2010 + volume):
            ImpactValue.objects.get_or_create(
                metric=metric, measured_on=date(year, 1, 1), defaults={"value": year}
            )
    # A page with a section of every kind, whose chosen figures, documents
    # and people grow with the volume.
    full = Page.objects.filter(title_en="Everything").first()
    if full is None:
        full = PageFactory(title="Everything", title_es="Todo")
        add_every_section(full)
    for section in full.sections.all():
        if section.kind in ("impact_figures", "documents"):
            fields = every_section_fields()[section.kind]
            section.items = fields["items"]
            section.save()
        if section.kind == "people":
            section.people.add(*(person(f"Person {n}") for n in range(volume)))
        if section.kind == "documents":
            section.files.add(*(document(f"Letter {n}") for n in range(volume)))
    items["every section"] = full
    return items


def page_urls(items, prefix: str = "") -> dict[str, int]:
    """The pages to count, in the language of ``prefix`` ("" or "/es")."""
    with translation.override(prefix.strip("/") or "en"):
        details = {
            item.get_absolute_url(): PAGE_LIMIT
            for kind in ("news", "press", "publications", "pages")
            for item in items[kind][:2]  # one translated, one falling back
        }
        details[items["every section"].get_absolute_url()] = SECTIONS_LIMIT
    return {
        f"{prefix}/": HOMEPAGE_LIMIT,
        f"{prefix}/news/": PAGE_LIMIT,
        f"{prefix}/news/?year=2026&topic=gender&country=peru&page=1": PAGE_LIMIT,
        f"{prefix}/press/": PAGE_LIMIT,
        f"{prefix}/publications/?kind=report": PAGE_LIMIT,
        **details,
        f"{prefix}/impact/": PAGE_LIMIT,
        f"{prefix}/search/?q=gold": PAGE_LIMIT,
        f"{prefix}/feeds/news/": PAGE_LIMIT,
        f"{prefix}/feeds/publications/atom/": PAGE_LIMIT,
        "/sitemap.xml": PAGE_LIMIT,
        "/sitemap-news.xml": PAGE_LIMIT,
    }


def query_counts(client, django_assert_max_num_queries, urls) -> dict[str, int]:
    """
    What each page costs to build, within its limit every time: the count
    kept is the third build's, once what pages share from the cache (a
    list's filter choices, see armcms.content.shown.remembered) is there.
    """
    counts = {}
    for url, limit in urls.items():
        for _build in range(3):
            with django_assert_max_num_queries(limit) as captured:
                assert client.get(url).status_code == 200, url
        counts[url] = len(captured)
    return counts


@pytest.mark.parametrize("prefix", ["", "/es"])
def test_query_counts_stay_fixed_as_content_grows(
    client, settings, django_assert_max_num_queries, prefix
):
    settings.PAGE_CACHE_SECONDS = 0
    # Feeds and sitemaps read the site's domain once per process; the time of
    # the next scheduled change is read once while the cache holds it.
    Site.objects.get_current()
    due_time()
    urls = page_urls(add_content(3), prefix)
    small = query_counts(client, django_assert_max_num_queries, urls)
    add_content(30)
    large = query_counts(client, django_assert_max_num_queries, urls)
    # Search loads each content type found on the shown page (one query each),
    # so its count depends on the mix of results, never on their number.
    search = f"{prefix}/search/?q=gold"
    assert large.pop(search) <= SEARCH_LIMIT >= small.pop(search)
    assert large == small
    # Every section shows something: none was skipped for want of content.
    every_section = next(url for url, limit in urls.items() if limit == SECTIONS_LIMIT)
    html = client.get(every_section).content.decode()
    assert html.count('class="page-section') == len(registry.section_kinds())


@pytest.mark.parametrize("prefix", ["", "/es"])
def test_a_warm_page_runs_no_query(client, django_assert_num_queries, prefix):
    urls = page_urls(add_content(2), prefix)
    # Searches are never cached (armcms.pagecache.pages.normal_query).
    del urls[f"{prefix}/search/?q=gold"]
    for url in urls:
        first = client.get(url)
        assert first.get("X-Page-Cache") == "miss", url
        with django_assert_num_queries(0):
            again = client.get(url)
        assert again.get("X-Page-Cache") == "hit", url
        assert again.content == first.content
