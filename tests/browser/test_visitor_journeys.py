"""
Visitor journeys over the demo site: a phone with a touch screen, and a
keyboard with no mouse at all, each on the English site and on the Spanish
one; and what a Spanish reader meets where an item is not translated.
"""

import re
from datetime import date
from decimal import Decimal
from urllib.parse import quote

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from news.models import NewsArticle, PressRelease
from pages.models import Page as SitePage
from publications.models import Publication
from tests.browser.conftest import address_in, prefix, text_in, ui
from tests.impact.factories import ImpactMetricFactory
from tests.news.factories import NewsArticleFactory

PHONE = {
    "viewport": {"width": 375, "height": 812},
    "is_mobile": True,
    "has_touch": True,
}

# A word the demo's mercury press release uses, in each language.
SEARCH_WORDS = {"en": "mercury", "es": "mercurio"}

# 1,530,000 USD measured on 5 March 2020, as each language writes it.
FIGURES = {"en": "1,530,000 USD", "es": "1.530.000 USD"}
DATES = {"en": "5 March 2020", "es": "5 de marzo de 2020"}


@pytest.fixture
def demo_site():
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def in_viewport(page: Page, locator) -> bool:
    """Whether the element's box lies, at least partly, in the visible window."""
    box = locator.bounding_box()
    height = page.viewport_size["height"]
    return box is not None and box["y"] < height and box["y"] + box["height"] > 0


def other_language(language: str) -> str:
    """The language a journey in ``language`` switches to and back from."""
    return "es" if language == "en" else "en"


@pytest.mark.browser_context_args(**PHONE)
def test_a_phone_visitor_finds_news_a_publication_and_search(
    page, url, language, demo_site, journey_end
):
    _ = ui(language)
    article = NewsArticle.objects.get(title_en__startswith="MIT and ARM join forces")
    in_colombia = NewsArticle.objects.get(title_en__contains="Paipa and San Roque")
    publication = Publication.objects.get(
        title_en__startswith="Artisanal and Small-Scale Mining"
    )
    mercury = PressRelease.objects.get(title_en="Proposals on mercury after COP2")
    for item in (article, in_colombia, publication, mercury):
        assert text_in(item, "title", language), f"no {language} title: {item}"

    page.goto(url(f"{prefix(language)}/"))
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    # The page does not scroll sideways on a phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

    # The main links sit behind a "Menu" disclosure until it is opened.
    news_link = page.get_by_role("navigation", name=_("Main")).get_by_role(
        "link", name=_("News"), exact=True
    )
    expect(news_link).to_be_hidden()
    menu = page.locator("summary", has_text=_("Menu"))
    expect(menu).to_be_visible()
    menu.tap()
    expect(news_link).to_be_visible()
    box = news_link.bounding_box()
    assert box["height"] >= 24, "menu links are too small to tap"
    news_link.tap()
    expect(page).to_have_url(url(f"{prefix(language)}/news/"))
    expect(page.get_by_role("heading", level=1, name=_("News"))).to_be_visible()

    # Narrow the list to Colombia in 2020 with the filter form.
    page.get_by_label(_("Country")).select_option(label="Colombia")
    page.get_by_label(_("Year")).select_option("2020")
    page.get_by_role("button", name=_("Apply filters")).tap()
    expect(page).to_have_url(re.compile(r"/news/\?.*country=colombia"))
    expect(page).to_have_url(re.compile(r"year=2020"))
    cards = page.locator("main .card")
    expect(cards).to_have_count(2)
    expect(
        cards.get_by_role("link", name=text_in(in_colombia, "title", language))
    ).to_be_visible()
    expect(page.get_by_label(_("Country"))).to_have_value("colombia")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

    # Open an article and reach its share links.
    title = text_in(article, "title", language)
    page.get_by_role("link", name=title, exact=True).tap()
    expect(page).to_have_url(url(address_in(article, language)))
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text(title)
    expect(heading).not_to_have_attribute("lang", re.compile(".*"))
    share = page.get_by_role("region", name=_("Share"))
    share.scroll_into_view_if_needed()
    for name in (_("Email"), "LinkedIn", "Facebook", "X", "WhatsApp"):
        link = share.get_by_role("link", name=name, exact=True)
        expect(link).to_be_visible()
        assert in_viewport(page, link)
    expect(share.get_by_role("link", name=_("Email"))).to_have_attribute(
        "href",
        re.compile(r"^mailto:\?subject=" + re.escape(quote(title[:20], safe=""))),
    )

    # The language switcher leads to the same article in the other language,
    # at its address there, and back.
    other = other_language(language)
    assert address_in(article, other) != address_in(article, language)
    for here, there in ((language, other), (other, language)):
        switcher = page.get_by_role("navigation", name=ui(here)("Language"))
        switcher.scroll_into_view_if_needed()
        expect(switcher.locator('[aria-current="true"]')).to_have_attribute(
            "lang", here
        )
        link = switcher.locator(f'a[hreflang="{there}"]')
        assert link.bounding_box()["height"] >= 24, "language links are too small"
        link.tap()
        expect(page).to_have_url(url(address_in(article, there)))
        expect(page.locator("html")).to_have_attribute("lang", there)
        expect(page.get_by_role("heading", level=1)).to_have_text(
            text_in(article, "title", there)
        )

    # Through the menu to the publications, and a paper's PDF.
    page.locator("summary", has_text=_("Menu")).tap()
    page.get_by_role("navigation", name=_("Main")).get_by_role(
        "link", name=_("Publications")
    ).tap()
    expect(page.get_by_role("heading", level=1, name=_("Publications"))).to_be_visible()
    page.get_by_role(
        "link", name=text_in(publication, "title", language), exact=True
    ).tap()
    download = page.get_by_role(
        "link", name=re.compile("^" + re.escape(_("Download the publication")))
    )
    download.scroll_into_view_if_needed()
    expect(download).to_be_visible()
    assert in_viewport(page, download)
    expect(download).to_contain_text("PDF")
    href = download.get_attribute("href")
    response = page.request.get(url(href))
    assert response.ok
    assert response.body().startswith(b"%PDF")

    # Search from the header, in the page's language.
    word = SEARCH_WORDS[language]
    search = page.get_by_role("searchbox", name=_("Search the site"))
    search.tap()
    search.fill(word)
    search.press("Enter")
    expect(page).to_have_url(
        re.compile(rf"^{re.escape(url(prefix(language)))}/search/\?q={word}")
    )
    expect(page.get_by_role("status")).to_contain_text(f"“{word}”")
    expect(
        page.get_by_role("link", name=text_in(mercury, "title", language))
    ).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    journey_end("search-results")


@pytest.mark.browser_context_args(**PHONE)
def test_a_spanish_visitor_reads_an_item_not_yet_translated(page, url, journey_end):
    translated = NewsArticleFactory(
        title="Miners plant native trees",
        title_es="Los mineros siembran árboles nativos",
        summary_es="Un vivero junto a la mina.",
        body_es="<p>El vivero crece junto a la mina.</p>",
    )
    untranslated = NewsArticleFactory(
        title="Gold from Colombia reaches Paris",
        summary="A first shipment of certified gold.",
        body="<p>The refinery received the shipment in May.</p>",
    )
    page.goto(url("/es/news/"))
    expect(page.locator("html")).to_have_attribute("lang", "es")

    # Listed once, with its English text marked as English.
    english_card = page.locator("main .card").filter(has_text=untranslated.title)
    expect(english_card).to_have_count(1)
    expect(english_card).to_have_attribute("lang", "en")
    spanish_card = page.locator("main .card").filter(has_text=translated.title_es)
    expect(spanish_card).to_have_count(1)
    expect(spanish_card).not_to_have_attribute("lang", re.compile(".*"))
    expect(page.get_by_role("link", name=translated.title_en)).to_have_count(0)

    # Its page, in Spanish around the English text: the address keeps the
    # English slug under /es/.
    english_card.get_by_role("link").tap()
    expect(page).to_have_url(url(f"/es/news/{untranslated.slug_en}/"))
    expect(page.locator("html")).to_have_attribute("lang", "es")
    article = page.locator("main article")
    for element in (
        article.get_by_role("heading", level=1),
        article.locator(".lead"),
        article.locator(".prose"),
    ):
        expect(element).to_have_attribute("lang", "en")
    expect(article.get_by_role("heading", level=1)).to_have_text(untranslated.title)
    expect(article.locator(".prose")).to_contain_text("The refinery received")
    # Said so above the title, in Spanish.
    notice = article.locator(".translation-notice")
    expect(notice).to_be_visible()
    expect(notice).to_have_attribute("lang", "es")
    expect(notice).to_contain_text("inglés")

    # Search engines are told of the English page only; the switcher still
    # leads to it.
    alternates = 'head link[rel="alternate"][hreflang{}]'
    expect(page.locator(alternates.format(""))).to_have_count(2)
    english_address = url(address_in(untranslated, "en"))
    for code in ("en", "x-default"):
        expect(page.locator(alternates.format(f'="{code}"'))).to_have_attribute(
            "href", english_address
        )
    switcher = page.get_by_role("navigation", name=ui("es")("Language"))
    switcher.locator('a[hreflang="en"]').tap()
    expect(page).to_have_url(english_address)
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).not_to_have_attribute(
        "lang", re.compile(".*")
    )

    # A translated item names both its versions to search engines.
    page.goto(url(address_in(translated, "es")))
    for code, count in (("en", 1), ("es", 1), ("x-default", 1), ("fr", 0)):
        expect(page.locator(alternates.format(f'="{code}"'))).to_have_count(count)
    expect(page.locator(".translation-notice")).to_have_count(0)
    journey_end("translated")


def test_spanish_search_reads_the_spanish_text(page, url, journey_end):
    translated = NewsArticleFactory(
        title="Miners plant native trees",
        body="<p>The nursery grows beside the tunnel.</p>",
        title_es="Los mineros siembran árboles nativos",
        body_es="<p>El vivero crece junto al socavón.</p>",
    )
    # A word of the Spanish body only: found on the Spanish site, not on
    # the English one.
    page.goto(url("/es/search/?q=socavón"))
    expect(page.locator("html")).to_have_attribute("lang", "es")
    results = page.locator("main .result")
    expect(results).to_have_count(1)
    expect(results.get_by_role("link", name=translated.title_es)).to_have_attribute(
        "href", address_in(translated, "es")
    )
    journey_end("found")
    page.goto(url("/search/?q=socavón"))
    expect(page.get_by_role("status")).to_be_visible()
    expect(page.locator("main .result")).to_have_count(0)


def test_figures_and_dates_read_as_the_language_writes_them(page, url, language):
    ImpactMetricFactory(
        label="of Fairmined Premium paid",
        label_es="de Prima Fairmined pagados",
        value=Decimal(1_530_000),
        unit="USD",
        measured_on=date(2020, 3, 5),
    )
    page.goto(url(f"{prefix(language)}/impact/"))
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.locator("main .figure__value")).to_have_text(FIGURES[language])
    expect(page.locator("main .impact__table time")).to_have_text(DATES[language])


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
    page, url, language, demo_site, journey_end
):
    _ = ui(language)
    home = url(f"{prefix(language)}/")
    page.goto(home)
    count, seen = tab_through(page)
    assert_keyboard_friendly(page, count, seen)
    reached = " ".join(item["tag"] for item in seen)
    for name in ("News", "Press releases", "Publications", "Our impact"):
        assert f">{_(name)}</a>" in reached
    assert 'id="site-search-q"' in reached
    for code in ("en", "es", "fr"):
        assert (f'hreflang="{code}"' in reached) == (code != language), code

    # The language switcher works from the keyboard: to the other language
    # and back.
    other = other_language(language)
    for there in (other, language):
        link = page.locator(f'.language-switcher a[hreflang="{there}"]')
        for _press in range(count):
            if link.evaluate("(el) => el === document.activeElement"):
                break
            page.keyboard.press("Tab")
        expect(link).to_be_focused()
        page.keyboard.press("Enter")
        expect(page).to_have_url(url(f"{prefix(there)}/"))
        expect(page.locator("html")).to_have_attribute("lang", there)

    # The skip link takes focus past the header, into the main content.
    page.goto(url(f"{prefix(language)}/news/"))
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name=_("Skip to content"))
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_label(_("Year"))).to_be_focused()

    # The whole list page, filters and pagination included, from the top.
    NewsArticleFactory.create_batch(8)
    page.goto(url(f"{prefix(language)}/news/"))
    count, seen = tab_through(page)
    assert_keyboard_friendly(page, count, seen)
    reached = " ".join(item["tag"] for item in seen)
    for field in ("id_year", "id_topic", "id_country"):
        assert f'id="{field}"' in reached
    assert 'rel="next"' in reached

    # Filtering works from the keyboard alone.
    page.get_by_label(_("Country")).focus()
    page.keyboard.press("End")  # the last country: Peru
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name=_("Apply filters"))).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"country=peru"))
    expect(page.locator("main .card")).to_have_count(1)
    journey_end("filtered-by-keyboard")


@pytest.mark.browser_context_args(**PHONE)
def test_a_phone_visitor_opens_the_menu_with_the_keyboard_and_climbs_breadcrumbs(
    page, url, language, demo_site, journey_end
):
    _ = ui(language)
    work = SitePage.objects.get(title_en="Our work")
    fairmined = SitePage.objects.get_children(work).get(
        title_en="Fairmined certification"
    )
    page.goto(url(f"{prefix(language)}/"))
    main_nav = page.get_by_role("navigation", name=_("Main"))
    work_link = main_nav.get_by_role(
        "link", name=text_in(work, "title", language), exact=True
    )
    expect(work_link).to_be_hidden()
    # The "Menu" toggle is reached with Tab and opened with Enter.
    toggle = page.locator("summary", has_text=_("Menu"))
    for _press in range(10):
        page.keyboard.press("Tab")
        if toggle.evaluate("(el) => el === document.activeElement"):
            break
    expect(toggle).to_be_focused()
    page.keyboard.press("Enter")
    expect(work_link).to_be_visible()
    # A screen reader hears the disclosure's state.
    expect(page.locator("details.site-menu")).to_have_attribute("open", "")
    # The programmes are listed under "Our work" in the phone menu.
    sub_item = main_nav.get_by_role(
        "link", name=text_in(fairmined, "title", language), exact=True
    )
    expect(sub_item).to_be_visible()
    page.keyboard.press("Tab")
    expect(main_nav.get_by_role("link").first).to_be_focused()
    sub_item.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(url(address_in(fairmined, language)))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        text_in(fairmined, "title", language)
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

    # The breadcrumbs lead back up the tree.
    crumbs = page.get_by_role("navigation", name=_("Breadcrumb"))
    expect(crumbs.locator("[aria-current=page]")).to_have_text(
        text_in(fairmined, "title", language)
    )
    crumbs.get_by_role("link", name=text_in(work, "title", language)).tap()
    expect(page).to_have_url(url(address_in(work, language)))
    # "Our work" lists its programmes, and is marked as the current page.
    listed = work.sections.get(kind="child_pages")
    programmes = page.get_by_role(
        "region", name=text_in(listed, "heading", language)
    ).locator(".card")
    expect(programmes).to_have_count(3)
    page.locator("summary", has_text=_("Menu")).tap()
    expect(work_link).to_have_attribute("aria-current", "page")
