from tests.news.factories import NewsArticleFactory


def test_the_homepage_shows_the_latest_news(page, url, journey_end):
    NewsArticleFactory(title="Gold from Colombia")
    page.goto(url("/"))
    assert page.locator("h2#latest-news").is_visible()
    assert page.get_by_role("link", name="Gold from Colombia").is_visible()
    journey_end("home")
