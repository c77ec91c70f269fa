"""
A visitor and a video: until they press play, their browser asks nothing of
any host but the site (the poster is ours); pressing play puts the player
from youtube-nocookie.com in the poster's place, which the page's policy
lets in, from the page cache too. Without JavaScript the poster is a link
to the video on YouTube.

The video hosts are off this machine: the site's one call to them is the
fake of tests/video_host.py, and the browser's request for the player is
answered by the test (page.route).
"""

import pytest
from playwright.sync_api import expect

from tests.news.factories import NewsArticleFactory
from tests.video_host import PUBLIC, TITLES

PLAYER_PAGE = "<!doctype html><title>Player</title><p>The player plays.</p>"


@pytest.fixture
def article(video_host):
    return NewsArticleFactory(
        title="Women miners on film",
        body=(
            "<p>Our new film:</p>"
            f'<figure class="media"><oembed url="{PUBLIC.watch_url}"></oembed>'
            "</figure>"
            '<p><a href="/transcripts/women-miners/">Read the transcript</a></p>'
        ),
    )


@pytest.fixture
def visitor(page, url):
    """The page, with every address it asks for recorded and the player's
    host answered by the test; CSP refusals are collected too."""
    page.asked = []
    page.refused = []
    page.on("request", lambda request: page.asked.append(request.url))
    page.on(
        "console",
        lambda message: (
            page.refused.append(message.text)
            if "Content Security Policy" in message.text
            else None
        ),
    )
    page.route(
        "https://www.youtube-nocookie.com/**",
        lambda route: route.fulfill(body=PLAYER_PAGE, content_type="text/html"),
    )
    return page


def elsewhere(page, url) -> list[str]:
    return [address for address in page.asked if not address.startswith(url("/"))]


def test_nothing_loads_from_the_video_host_until_play_is_pressed(
    visitor, url, article, journey_end
):
    address = url(article.get_absolute_url())
    first = visitor.goto(address)
    assert first.headers["x-page-cache"] == "miss"
    # From the page cache, with the policy the page was built with.
    response = visitor.goto(address)
    assert response.headers["x-page-cache"] == "hit"
    policy = response.headers["content-security-policy"]
    assert "frame-src https://www.youtube-nocookie.com" in policy
    play = visitor.get_by_role("button", name=f"Play video: {TITLES[PUBLIC]}")
    expect(play).to_be_visible()
    expect(play).to_contain_text(TITLES[PUBLIC])
    poster = visitor.locator("figure.video img")
    poster.scroll_into_view_if_needed()
    expect(poster).to_have_js_property("complete", True)
    assert poster.evaluate("image => image.naturalWidth") > 0
    expect(visitor.get_by_role("link", name="Read the transcript")).to_be_visible()
    visitor.wait_for_load_state("networkidle")
    assert elsewhere(visitor, url) == []
    assert any("/media/renditions/video-posters/" in a for a in visitor.asked)

    play.click()
    frame = visitor.locator("figure.video iframe")
    expect(frame).to_have_attribute("src", PUBLIC.player_url)
    expect(frame).to_have_attribute("title", TITLES[PUBLIC])
    expect(frame).to_be_focused()
    # The player's page came in: the policy let the frame in.
    expect(
        visitor.frame_locator("figure.video iframe").get_by_text("The player plays.")
    ).to_be_visible()
    assert elsewhere(visitor, url) == [PUBLIC.player_url]
    assert visitor.refused == []
    journey_end("playing")


def test_the_keyboard_plays_the_video(visitor, url, article):
    visitor.goto(url(article.get_absolute_url()))
    play = visitor.get_by_role("button", name=f"Play video: {TITLES[PUBLIC]}")
    play.focus()
    visitor.keyboard.press("Space")
    frame = visitor.locator("figure.video iframe")
    expect(frame).to_have_attribute("src", PUBLIC.player_url)
    expect(frame).to_be_focused()


def test_without_javascript_the_poster_links_to_the_video(browser, url, article):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        asked = []
        page.on("request", lambda request: asked.append(request.url))
        page.goto(url(article.get_absolute_url()))
        link = page.get_by_role("link", name=f"Play video: {TITLES[PUBLIC]}")
        expect(link).to_have_attribute("href", PUBLIC.watch_url)
        expect(page.locator("figure.video iframe")).to_have_count(0)
        assert [a for a in asked if not a.startswith(url("/"))] == []
    finally:
        context.close()
