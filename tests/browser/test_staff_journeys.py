"""
Staff journeys through the back office, each checked on the public site as a
visitor sees it: an editor drafts an article that a publisher publishes, a
publisher schedules a press release, and a publisher updates an impact figure.

``page`` is the visitor (never signed in, so served by the page cache); staff
sign in through the real login page, each in a browser context of its own.
"""

import re
from datetime import date, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import Group, User
from django.utils import timezone
from playwright.sync_api import Browser, Locator, Page, expect

from armcms.roles import EDITOR, PUBLISHER, sync_roles
from news.models import NewsArticle, PressRelease
from tests.conftest import image_bytes
from tests.impact.factories import ImpactMetricFactory
from tests.news.factories import NewsArticleFactory, PressReleaseFactory

PASSWORD = "a long passphrase for tests"


@pytest.fixture
def signed_in(browser: Browser, url):
    """
    A page for a new staff member of ``role``, signed in through the login
    page in a browser context of its own: signed_in("eva", EDITOR).
    """
    sync_roles()
    contexts = []

    def sign_in(username: str, role: str) -> Page:
        user = User.objects.create_user(
            username, f"{username}@example.org", PASSWORD, is_staff=True
        )
        user.groups.add(Group.objects.get(name=role))
        context = browser.new_context()
        contexts.append(context)
        staff_page = context.new_page()
        staff_page.goto(url("/admin/account/login/"))
        staff_page.get_by_label("Username").fill(username)
        staff_page.get_by_label("Password").fill(PASSWORD)
        staff_page.get_by_role("button", name="Next").click()
        expect(staff_page.get_by_role("banner")).to_contain_text(f"Welcome, {username}")
        return staff_page

    yield sign_in
    for context in contexts:
        context.close()


def save(page: Page) -> None:
    # save_on_top: the same button above and below the form.
    page.get_by_role("button", name="Save", exact=True).first.click()


def region(page: Page, name: str) -> Locator:
    """A homepage section, by its heading."""
    return page.get_by_role("region", name=name)


def cached(response) -> bool:
    return response.headers.get("x-page-cache") == "hit"


def test_editor_drafts_and_publisher_publishes_an_article(
    page, url, signed_in, journey_end
):
    NewsArticleFactory(title="An older story from the mines")
    editor = signed_in("eva", EDITOR)

    editor.goto(url("/admin/news/newsarticle/add/"))
    editor.get_by_label("Title").fill("Miners win a fair price")
    editor.get_by_label("Summary").fill("A cooperative agrees a better deal.")
    body = editor.locator(".ck-editor__editable")
    toolbar = editor.locator(".ck-toolbar")
    keyboard = editor.keyboard
    body.click()
    toolbar.get_by_role("button", name="Heading").click()
    editor.get_by_role("menuitemradio", name="Heading 2").click()
    keyboard.type("What changed")
    keyboard.press("Enter")
    keyboard.type("Read the ")
    keyboard.press("Control+k")
    editor.get_by_label("Displayed text").fill("agreement")
    link_url = editor.get_by_label("Link URL")
    link_url.fill("https://example.org/deal")
    link_url.press("Enter")
    expect(body.get_by_role("link", name="agreement")).to_be_visible()
    body.press("End")
    keyboard.press("Enter")
    toolbar.get_by_role("button", name="Bulleted List").first.click()
    keyboard.type("gold")
    keyboard.press("Enter")
    keyboard.type("silver")
    toolbar.locator("input[type=file]").set_input_files(
        {"name": "miners.png", "mimeType": "image/png", "buffer": image_bytes()}
    )
    expect(body.locator("img")).to_have_attribute("src", re.compile(r"/media/"))
    save(editor)
    expect(editor.locator(".messagelist")).to_contain_text("was added successfully")
    article = NewsArticle.objects.get(title="Miners win a fair price")
    assert article.status == "draft"

    # A draft: nowhere for the visitor.
    page.goto(url("/"))
    expect(region(page, "Most recent news")).to_contain_text(
        "An older story from the mines"
    )
    expect(page.get_by_text("Miners win a fair price")).to_have_count(0)
    assert page.goto(url(article.get_absolute_url())).status == 404

    # The editor previews it from the list.
    editor.goto(url("/admin/news/newsarticle/"))
    row = editor.get_by_role("row").filter(has_text="Miners win a fair price")
    expect(row).to_contain_text("Draft")
    with editor.expect_popup() as popup:
        row.get_by_role("link", name="Preview").click()
    preview = popup.value
    expect(preview.get_by_role("status")).to_contain_text(
        "Preview: this item is draft and not visible to the public."
    )
    expect(
        preview.get_by_role("heading", name="Miners win a fair price")
    ).to_be_visible()
    expect(preview.get_by_role("heading", name="What changed")).to_be_visible()
    expect(preview.get_by_role("link", name="agreement")).to_have_attribute(
        "href", "https://example.org/deal"
    )
    expect(preview.get_by_role("listitem").filter(has_text="silver")).to_be_visible()
    expect(preview.locator("img[src*='/media/']")).to_be_visible()

    # A publisher publishes it.
    publisher = signed_in("paz", PUBLISHER)
    change_url = url(f"/admin/news/newsarticle/{article.pk}/change/")
    publisher.goto(change_url)
    publisher.get_by_label("Status").select_option(label="Published")
    save(publisher)
    expect(publisher.locator(".messagelist")).to_contain_text(
        "was changed successfully"
    )

    page.goto(url("/"))
    expect(
        region(page, "Most recent news").get_by_role("heading", level=3).first
    ).to_have_text("Miners win a fair price")
    page.goto(url("/news/"))
    expect(page.get_by_role("article").first).to_contain_text("Miners win a fair price")
    feed = page.request.get(url("/feeds/news/"))
    assert feed.ok
    assert "<title>Miners win a fair price</title>" in feed.text()
    page.goto(url("/search/?q=cooperative+fair"))
    expect(page.get_by_role("link", name="Miners win a fair price")).to_be_visible()

    # A new title shows on the next load, though the homepage was cached.
    assert cached(page.goto(url("/")))
    publisher.goto(change_url)
    publisher.get_by_label("Title").fill("Miners win a fair price for their gold")
    save(publisher)
    expect(publisher.locator(".messagelist")).to_contain_text(
        "was changed successfully"
    )
    assert not cached(page.goto(url("/")))
    expect(
        region(page, "Most recent news").get_by_role("heading", level=3).first
    ).to_have_text("Miners win a fair price for their gold")
    journey_end("published")


def test_publisher_schedules_a_press_release(
    page, url, signed_in, settings, journey_end
):
    # Pages are cached for an hour, so only the schedule can end their time.
    settings.PAGE_CACHE_SECONDS = 3600
    PressReleaseFactory(title="Statement on the mining law")
    publisher = signed_in("paz", PUBLISHER)
    zone = ZoneInfo(settings.TIME_ZONE)
    goes_live = (timezone.now() + timedelta(minutes=10)).astimezone(zone)
    goes_live = goes_live.replace(second=0, microsecond=0)

    publisher.goto(url("/admin/news/pressrelease/add/"))
    publisher.get_by_label("Title").fill("Cooperatives sign the fair gold pact")
    publisher.get_by_label("Dateline").fill("Medellín")
    publisher.get_by_label("Summary").fill("Twelve cooperatives sign up.")
    publisher.locator(".ck-editor__editable").fill("The pact takes effect today.")
    publisher.get_by_label("Status").select_option(label="Published")
    # The split date and time inputs have no labels of their own (Django's
    # widget), so they are found by their place in the "Publish date" row.
    publish_date = publisher.locator(".field-published_at")
    expect(publish_date).to_contain_text(
        f"Times are in the {settings.TIME_ZONE} time zone."
    )
    publish_date.get_by_role("textbox").nth(0).fill(goes_live.strftime("%Y-%m-%d"))
    publish_date.get_by_role("textbox").nth(1).fill(goes_live.strftime("%H:%M:%S"))
    save(publisher)
    expect(publisher.locator(".messagelist")).to_contain_text("was added successfully")
    release = PressRelease.objects.get(title="Cooperatives sign the fair gold pact")
    assert release.published_at == goes_live
    row = publisher.get_by_role("row").filter(has_text=release.title)
    expect(row).to_contain_text("Scheduled")

    # Not yet, and meanwhile the visitor's homepage and press list are cached.
    page.goto(url("/"))
    expect(region(page, "Press Releases")).to_contain_text(
        "Statement on the mining law"
    )
    expect(page.get_by_text(release.title)).to_have_count(0)
    page.goto(url("/press/"))
    expect(page.get_by_text(release.title)).to_have_count(0)
    assert cached(page.goto(url("/")))
    assert cached(page.goto(url("/press/")))

    with time_machine.travel(goes_live + timedelta(seconds=5), tick=True):
        assert not cached(page.goto(url("/")))
        expect(region(page, "Press Releases").get_by_role("link").first).to_have_text(
            release.title
        )
        page.goto(url("/press/"))
        expect(page.get_by_role("link", name=release.title)).to_be_visible()
        journey_end("live")


def test_publisher_updates_an_impact_figure(page, url, signed_in, journey_end):
    last_year = date(timezone.localdate().year - 1, 12, 31)
    metric = ImpactMetricFactory(
        label="children back in school", value=1200, measured_on=last_year
    )
    publisher = signed_in("paz", PUBLISHER)
    page.goto(url("/"))
    expect(region(page, "Our impact")).to_contain_text("1,200")
    assert cached(page.goto(url("/")))

    publisher.goto(url(f"/admin/impact/impactmetric/{metric.pk}/change/"))
    publisher.get_by_label("Value:", exact=True).fill("1530")
    publisher.get_by_label("As of:", exact=True).fill(
        timezone.localdate().strftime("%Y-%m-%d")
    )
    save(publisher)
    expect(publisher.locator(".messagelist")).to_contain_text(
        "was changed successfully"
    )

    assert not cached(page.goto(url("/")))
    figures = region(page, "Our impact")
    expect(figures).to_contain_text("1,530")
    expect(figures).not_to_contain_text("1,200")
    page.goto(url("/impact/"))
    history = page.get_by_role("table", name="Recorded values: children back in school")
    expect(history.get_by_role("row")).to_have_count(3)
    expect(history.get_by_role("row").nth(1)).to_contain_text("1,200")
    expect(history.get_by_role("row").nth(2)).to_contain_text("1,530")
    journey_end("history")
