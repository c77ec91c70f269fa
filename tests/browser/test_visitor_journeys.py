"""
Visitor journeys over the demo site: a phone with a touch screen, and a
keyboard with no mouse at all.
"""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from tests.news.factories import NewsArticleFactory

PHONE = {
    "viewport": {"width": 375, "height": 812},
    "is_mobile": True,
    "has_touch": True,
}


@pytest.fixture
def demo_site():
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def in_viewport(page: Page, locator) -> bool:
    """Whether the element's box lies, at least partly, in the visible window."""
    box = locator.bounding_box()
    height = page.viewport_size["height"]
    return box is not None and box["y"] < height and box["y"] + box["height"] > 0


@pytest.mark.browser_context_args(**PHONE)
def test_a_phone_visitor_finds_news_a_publication_and_search(
    page, url, demo_site, journey_end
):
    page.goto(url("/"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    # The page does not scroll sideways on a phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

    # The main links sit behind a "Menu" disclosure until it is opened.
    news_link = page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="News", exact=True
    )
    expect(news_link).to_be_hidden()
    menu = page.locator("summary", has_text="Menu")
    expect(menu).to_be_visible()
    menu.tap()
    expect(news_link).to_be_visible()
    box = news_link.bounding_box()
    assert box["height"] >= 24, "menu links are too small to tap"
    news_link.tap()
    expect(page).to_have_url(url("/news/"))
    expect(page.get_by_role("heading", level=1, name="News")).to_be_visible()

    # Narrow the list to Colombia in 2020 with the filter form.
    page.get_by_label("Country").select_option(label="Colombia")
    page.get_by_label("Year").select_option("2020")
    page.get_by_role("button", name="Apply filters").tap()
    expect(page).to_have_url(re.compile(r"/news/\?.*country=colombia"))
    expect(page).to_have_url(re.compile(r"year=2020"))
    cards = page.locator("main .card")
    expect(cards).to_have_count(2)
    expect(
        cards.get_by_role("link", name=re.compile("Paipa and San Roque"))
    ).to_be_visible()
    expect(page.get_by_label("Country")).to_have_value("colombia")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

    # Open an article and reach its share links.
    page.get_by_role("link", name=re.compile("^MIT and ARM join forces")).tap()
    expect(
        page.get_by_role("heading", level=1, name=re.compile("^MIT and ARM"))
    ).to_be_visible()
    share = page.get_by_role("region", name="Share")
    share.scroll_into_view_if_needed()
    for name in ("Email", "LinkedIn", "Facebook", "X", "WhatsApp"):
        link = share.get_by_role("link", name=name, exact=True)
        expect(link).to_be_visible()
        assert in_viewport(page, link)
    expect(share.get_by_role("link", name="Email")).to_have_attribute(
        "href", re.compile(r"^mailto:\?subject=MIT")
    )

    # Through the menu to the publications, and a paper's PDF.
    page.locator("summary", has_text="Menu").tap()
    page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Publications"
    ).tap()
    expect(page.get_by_role("heading", level=1, name="Publications")).to_be_visible()
    page.get_by_role("link", name=re.compile("^Artisanal and Small-Scale Mining")).tap()
    download = page.get_by_role("link", name=re.compile("^Download the publication"))
    download.scroll_into_view_if_needed()
    expect(download).to_be_visible()
    assert in_viewport(page, download)
    expect(download).to_contain_text("PDF")
    href = download.get_attribute("href")
    response = page.request.get(url(href))
    assert response.ok
    assert response.body().startswith(b"%PDF")

    # Search from the header.
    search = page.get_by_role("searchbox", name="Search the site")
    search.tap()
    search.fill("mercury")
    search.press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q=mercury"))
    expect(page.get_by_role("status")).to_contain_text("for “mercury”")
    expect(
        page.get_by_role("link", name="Proposals on mercury after COP2")
    ).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    journey_end("search-results")


# What the keyboard should reach, in document order.
FOCUSABLE = (
    "a[href], button, input:not([type=hidden]), select, textarea, summary, "
    "[tabindex]:not([tabindex='-1'])"
)

# Marks each reachable element with its place in the document, and returns
# the count. Elements that take no room (display: none, visibility: hidden)
# or are disabled are left out: no one can tab to them.
MARK_FOCUSABLE = """(selector) => {
  const all = [...document.querySelectorAll(selector)].filter((el) => {
    if (el.disabled || el.closest("[inert]")) return false;
    const style = getComputedStyle(el);
    if (style.visibility === "hidden") return false;
    return el.getClientRects().length > 0;
  });
  all.forEach((el, i) => { el.dataset.kbd = i; });
  window.__unfocused = all.map((el) => focusLook(el));
  return all.length;
  function focusLook(el) {
    const s = getComputedStyle(el);
    return [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow,
            s.backgroundColor, s.color, s.textDecorationLine, s.left].join("|");
  }
}"""

# Describes the focused element: its place, how it looks against how it
# looked unfocused, and whether it is inside the window.
FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body || el.dataset.kbd === undefined) {
    return {index: null, tag: el ? el.outerHTML.slice(0, 120) : null};
  }
  const s = getComputedStyle(el);
  const look = [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow,
                s.backgroundColor, s.color, s.textDecorationLine, s.left].join("|");
  const box = el.getBoundingClientRect();
  return {
    index: Number(el.dataset.kbd),
    tag: el.outerHTML.slice(0, 120),
    focusVisible: el.matches(":focus-visible"),
    outline: s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 2,
    changed: look !== window.__unfocused[Number(el.dataset.kbd)],
    onScreen: box.bottom > 0 && box.top < innerHeight && box.right > 0
      && box.left < innerWidth,
  };
}"""


def tab_through(page: Page) -> list[dict]:
    """Press Tab until focus leaves the page's last element; what was focused."""
    count = page.evaluate(MARK_FOCUSABLE, FOCUSABLE)
    assert count > 0
    seen = []
    for _ in range(count + 1):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused["index"] is None:
            break
        seen.append(focused)
    return count, seen


def assert_keyboard_friendly(page: Page, count: int, seen: list[dict]):
    order = [item["index"] for item in seen]
    assert order == list(range(count)), (
        "Tab order differs from document order, or misses elements: "
        f"{order} for {count} elements; reached:\n"
        + "\n".join(item["tag"] for item in seen)
    )
    first = seen[0]
    assert "skip-link" in first["tag"] and 'href="#main"' in first["tag"], first
    unseen = [
        item["tag"]
        for item in seen
        if not (item["focusVisible"] and item["outline"] and item["changed"])
    ]
    assert not unseen, "no visible focus indicator on:\n" + "\n".join(unseen)
    hidden = [item["tag"] for item in seen if not item["onScreen"]]
    assert not hidden, "focused but out of sight:\n" + "\n".join(hidden)


def test_a_keyboard_visitor_reaches_everything_in_order(
    page, url, demo_site, journey_end
):
    page.goto(url("/"))
    count, seen = tab_through(page)
    assert_keyboard_friendly(page, count, seen)
    reached = " ".join(item["tag"] for item in seen)
    for name in ("News", "Press releases", "Publications", "Our impact"):
        assert f">{name}</a>" in reached
    assert 'id="site-search-q"' in reached

    # The skip link takes focus past the header, into the main content.
    page.goto(url("/news/"))
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to content")).to_be_focused()
    expect(page.get_by_role("link", name="Skip to content")).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_label("Year")).to_be_focused()

    # The whole list page, filters and pagination included, from the top.
    NewsArticleFactory.create_batch(8)
    page.goto(url("/news/"))
    count, seen = tab_through(page)
    assert_keyboard_friendly(page, count, seen)
    reached = " ".join(item["tag"] for item in seen)
    for field in ("id_year", "id_topic", "id_country"):
        assert f'id="{field}"' in reached
    assert 'rel="next"' in reached

    # Filtering works from the keyboard alone.
    page.get_by_label("Country").focus()
    page.keyboard.press("End")  # the last country: Peru
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Apply filters")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"country=peru"))
    expect(page.locator("main .card")).to_have_count(1)
    journey_end("filtered-by-keyboard")
