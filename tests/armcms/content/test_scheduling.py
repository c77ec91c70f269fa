"""Scheduled and expiring items appear and go on their own, everywhere public."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from tests.news.factories import NewsArticleFactory, PressReleaseFactory
from tests.publications.factories import PublicationFactory

pytestmark = pytest.mark.django_db

BOGOTA = ZoneInfo("America/Bogota")
GO_LIVE = datetime(2030, 3, 2, 9, 0, tzinfo=BOGOTA)
TAKE_DOWN = datetime(2030, 3, 9, 9, 0, tzinfo=BOGOTA)

SURFACES = [
    "/",
    "/news/",
    "/press/",
    "/publications/",
    "/search/?q=tungsten",
    "/feeds/news/",
    "/feeds/press/atom/",
    "/feeds/publications/",
]
SITEMAPS = ["news", "press", "publications"]


@pytest.fixture
def scheduled_items():
    with time_machine.travel(GO_LIVE - timedelta(days=10), tick=False):
        return [
            factory(
                title=f"Tungsten {factory.__name__}",
                published_at=GO_LIVE,
                expires_at=TAKE_DOWN,
            )
            for factory in (NewsArticleFactory, PressReleaseFactory, PublicationFactory)
        ]


def shown(client, item) -> list[str]:
    """The public surfaces that show ``item`` (its title or address) now."""
    marks = (item.title, item.get_absolute_url())
    # The only published item of its kind, when it is: the first file.
    sitemaps = [f"/sitemap-{section}.xml" for section in SITEMAPS]
    pages = {url: client.get(url).content.decode() for url in SURFACES + sitemaps}
    return [url for url, html in pages.items() if any(m in html for m in marks)]


def detail_status(client, item) -> int:
    return client.get(item.get_absolute_url()).status_code


@pytest.mark.parametrize("index", [0, 1, 2], ids=["news", "press", "publication"])
def test_scheduled_item_appears_at_its_time_and_leaves_at_expiry(
    client, scheduled_items, index
):
    item = scheduled_items[index]
    list_url = item.get_list_url()
    with time_machine.travel(GO_LIVE - timedelta(minutes=1), tick=False):
        assert shown(client, item) == []
        assert detail_status(client, item) == 404
    with time_machine.travel(GO_LIVE + timedelta(minutes=1), tick=False):
        surfaces = shown(client, item)
        assert {"/", list_url, "/search/?q=tungsten"} <= set(surfaces)
        assert any(url.startswith("/sitemap-") for url in surfaces)
        assert any(url.startswith("/feeds/") for url in surfaces)
        assert detail_status(client, item) == 200
    with time_machine.travel(TAKE_DOWN + timedelta(minutes=1), tick=False):
        assert shown(client, item) == []
        assert detail_status(client, item) == 404


@pytest.mark.parametrize("form", ["admin:news_newsarticle_add", "admin:pages_page_add"])
def test_admin_says_the_time_zone_once_above_the_times(admin_client, form):
    html = admin_client.get(reverse(form)).content.decode()
    assert html.count("Times are in the America/Bogota time zone.") == 1


def test_times_are_entered_in_the_site_time_zone(admin_client):
    from news.models import NewsArticle

    admin_client.post(
        reverse("admin:news_newsarticle_add"),
        {
            "title_en": "Zoned",
            "slug_en": "",
            "summary_en": "s",
            "body_en": "",
            "status": "published",
            "published_at_0": "2030-03-02",
            "published_at_1": "09:00:00",
            "lead_image_alt_en": "",
            "seo_description_en": "",
        },
    )
    assert NewsArticle.objects.get().published_at == GO_LIVE
