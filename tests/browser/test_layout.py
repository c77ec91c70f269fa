"""
The public site's layout rules, measured in Chromium on every kind of page at
a phone's, a tablet's and a desktop's width, in the three languages, with the
demo content: every card grid fills its rows (no card alone beside empty
columns), no figure breaks inside its number, the header is as tall in every
language, nothing is wider than the window. Each page is saved, whole, to
var/screenshots/layout/ for people to look at. An article prints as its
title, date, text and address, without the site's chrome.
"""

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils.formats import date_format
from django.utils.html import strip_tags
from django.utils.timezone import localtime
from pypdf import PdfReader

from armcms.content.models import HomePage
from impact.models import ImpactMetric
from news.models import NewsArticle, PressRelease
from pages.models import Page
from publications.models import Publication
from tests.browser.conftest import SCREENSHOTS, address_in, prefix
from tests.news.factories import NewsArticleFactory

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        connection.vendor != "sqlite",
        reason="the layout does not depend on the database; measured on SQLite",
    ),
]

WIDTHS = {"phone": 390, "tablet": 768, "desktop": 1366}
LANGUAGES = ("en", "es", "fr")
LAYOUT_SHOTS = SCREENSHOTS / "layout"

# A function that reads the rules off the page in the browser: one sentence
# per broken rule, none when the page holds its layout.
MEASURE = (Path(__file__).parent / "layout.js").read_text()

LOAD_LAZY_IMAGES = """
async () => {
  for (let y = 0; y < document.body.scrollHeight; y += 500) {
    window.scrollTo(0, y);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  window.scrollTo(0, 0);
}
"""


def page_types(language: str) -> dict[str, str]:
    """One address of each kind of public page, in ``language``."""
    start = prefix(language)
    with_sections = Page.objects.get(title_en="About us")
    return {
        "home": f"{start}/",
        "news-list": f"{start}/news/",
        "news-detail": address_in(NewsArticle.objects.published().first(), language),
        "press-list": f"{start}/press/",
        "press-detail": address_in(
            PressRelease.objects.published().exclude(dateline="").first(), language
        ),
        "publication-list": f"{start}/publications/",
        "publication-detail": address_in(
            Publication.objects.published().exclude(pdf=None).first(), language
        ),
        "impact": f"{start}/impact/",
        "page-with-sections": address_in(with_sections, language),
        "page-with-sub-pages": address_in(
            Page.objects.get(title_en="Our work"), language
        ),
        "search": f"{start}/search/?q=Fairmined",
        "not-found": f"{start}/no-such-page/",
    }


@pytest.fixture
def demo_site():
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_every_kind_of_page_holds_its_layout(page, url, demo_site):
    LAYOUT_SHOTS.mkdir(parents=True, exist_ok=True)
    problems = []
    header_heights = {}
    for device, width in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": 900})
        for language in LANGUAGES:
            for kind, path in page_types(language).items():
                response = page.goto(url(path))
                assert response.status == (404 if kind == "not-found" else 200), path
                page.evaluate(LOAD_LAZY_IMAGES)
                page.screenshot(
                    path=LAYOUT_SHOTS / f"{kind}-{language}-{width}.png",
                    full_page=True,
                )
                problems += [
                    f"{device} {path}: {problem}" for problem in page.evaluate(MEASURE)
                ]
                height = page.locator(".site-header").bounding_box()["height"]
                header_heights.setdefault(device, {})[f"{language} {kind}"] = height
    assert not problems, "\n".join(problems)
    for device, heights in header_heights.items():
        assert len(set(heights.values())) == 1, (device, heights)


def test_the_homepage_grids_fill_their_rows_for_any_number_of_items(page, url):
    """From one to twelve news items, and as many impact figures."""
    for count in range(1, 13):
        NewsArticleFactory(title=f"A story of responsible mining {count}")
        ImpactMetric.objects.create(
            label=f"Figure {count}", value=1_530_000 * count, unit="USD"
        )
        HomePage.objects.update_or_create(
            pk=1, defaults={"news_count": count, "impact_count": count}
        )
        for width in WIDTHS.values():
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(url("/"))
            assert page.locator(".cards > .card").count() == count
            problems = page.evaluate(MEASURE)
            assert not problems, (count, width, problems)


def test_an_article_prints_as_its_text(page, url, demo_site):
    article = NewsArticle.objects.published().first()
    page.goto(url(article.get_absolute_url()))
    pdf = PdfReader(io.BytesIO(page.pdf(format="A4")))
    text = " ".join(sheet.extract_text() for sheet in pdf.pages)
    # Lines break anywhere in print: compare without the spaces.
    flat = "".join(text.split())
    for expected in (
        article.title,
        date_format(localtime(article.published_at), "DATE_FORMAT"),
        url(article.get_absolute_url()),
        strip_tags(article.body)[:60],
    ):
        assert "".join(expected.split()) in flat, expected
    for chrome in ("Skip to content", "Share", "Feeds", "Press releases feed"):
        assert "".join(chrome.split()) not in flat, chrome
    # The demo article is a few paragraphs: one sheet.
    assert len(pdf.pages) == 1
