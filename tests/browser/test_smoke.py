from playwright.sync_api import expect

from tests.browser.conftest import prefix, ui
from tests.news.factories import NewsArticleFactory

TITLES = {"en": "Gold from Colombia", "es": "Oro de Colombia"}


def test_the_homepage_shows_the_latest_news(page, url, language, journey_end):
    NewsArticleFactory(title=TITLES["en"], title_es=TITLES["es"])
    page.goto(url(f"{prefix(language)}/"))
    expect(page.locator("html")).to_have_attribute("lang", language)
    latest = page.locator("h2#latest-news")
    expect(latest).to_be_visible()
    expect(latest).to_have_text(ui(language)("Most recent news"))
    expect(page.get_by_role("link", name=TITLES[language])).to_be_visible()
    journey_end("home")
