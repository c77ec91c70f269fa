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

import time_machine
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from armcms.backoffice.roles import EDITOR, PUBLISHER
from news.models import NewsArticle, PressRelease
from pages.models import Page as SitePage
from tests.browser.conftest import PASSWORD
from tests.conftest import image_bytes
from tests.impact.factories import ImpactMetricFactory
from tests.news.factories import NewsArticleFactory, PressReleaseFactory


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
    # The form opens on the English tab, the original.
    expect(editor.get_by_role("tab", name="English")).to_have_attribute(
        "aria-selected", "true"
    )
    expect(editor.locator("#id_title_es")).to_be_hidden()
    editor.locator("#id_title_en").fill("Miners win a fair price")
    editor.locator("#id_summary_en").fill("A cooperative agrees a better deal.")
    body = editor.locator(".field-body_en .ck-editor__editable")
    toolbar = editor.locator(".field-body_en .ck-toolbar")
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
    # Preview opens the page as it will look in a new tab, and saves nothing.
    with editor.context.expect_page() as opened:
        editor.get_by_role("button", name="Preview").click()
    preview = opened.value
    expect(preview.get_by_role("heading", level=1)).to_have_text(
        "Miners win a fair price"
    )
    expect(preview.get_by_role("status")).to_contain_text("not saved")
    expect(preview.get_by_role("link", name="agreement")).to_have_attribute(
        "href", "https://example.org/deal"
    )
    preview.close()
    assert not NewsArticle.objects.filter(title_en="Miners win a fair price").exists()
    expect(editor.locator("#id_title_en")).to_have_value("Miners win a fair price")
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
    publisher.locator("#id_title_en").fill("Miners win a fair price for their gold")
    publisher.get_by_role("button", name="Publish", exact=True).click()
    expect(publisher.locator(".messagelist")).to_contain_text(
        "was changed successfully"
    )
    assert not cached(page.goto(url("/")))
    expect(
        region(page, "Most recent news").get_by_role("heading", level=3).first
    ).to_have_text("Miners win a fair price for their gold")
    journey_end("published")


def test_editor_submits_changes_for_review_and_publisher_asks_more_then_publishes(
    page, url, signed_in, journey_end
):
    article = NewsArticleFactory(
        title="Miners meet in Medellín", summary="A meeting of cooperatives."
    )
    change_url = url(f"/admin/news/newsarticle/{article.pk}/change/")
    publisher = signed_in("paz", PUBLISHER)
    editor = signed_in("eva", EDITOR)
    editor.goto(change_url)
    expect(editor.get_by_role("status").first).to_contain_text("Live.")
    editor.locator("#id_title_en").fill("Miners meet in Bogotá")
    with editor.context.expect_page() as opened:
        editor.get_by_role("button", name="Preview", exact=True).click()
    expect(opened.value.get_by_role("heading", level=1)).to_have_text(
        "Miners meet in Bogotá"
    )
    opened.value.close()
    editor.get_by_label("Note for the review").fill("Ready for tomorrow.")
    editor.get_by_role("button", name="Submit for review").click()
    expect(editor.locator(".messagelist")).to_contain_text("saved as a draft")
    expect(editor.locator(".messagelist")).to_contain_text("waiting for review")
    page.goto(url(article.get_absolute_url()))
    expect(page.get_by_role("heading", level=1)).to_have_text("Miners meet in Medellín")
    assert [m.to for m in mail.outbox] == [["paz@example.org"]]

    # The publisher finds it waiting, and asks for a change.
    publisher.goto(url("/admin/"))
    waiting = publisher.get_by_role("region", name="Waiting for review")
    waiting.get_by_role("link", name="Miners meet in Medellín").click()
    expect(publisher.locator("#id_title_en")).to_have_value("Miners meet in Bogotá")
    expect(publisher.get_by_role("status").first).to_contain_text("In review.")
    expect(publisher.get_by_role("status").first).to_contain_text("Ready for tomorrow.")
    publisher.get_by_label("Note for the review").fill("Name the mayor, please.")
    publisher.get_by_role("button", name="Request changes").click()
    expect(publisher.locator(".messagelist")).to_contain_text("Changes requested")

    # The editor sees the note, changes the summary, and submits again.
    editor.goto(url("/admin/"))
    mine = editor.get_by_role("region", name="My drafts")
    expect(mine).to_contain_text("changes requested")
    mine.get_by_role("link", name="Miners meet in Medellín").click()
    expect(editor.get_by_role("status").first).to_contain_text("Name the mayor")
    editor.locator("#id_summary_en").fill("The mayor of Bogotá opens the meeting.")
    editor.get_by_role("button", name="Submit for review").click()
    expect(editor.locator(".messagelist")).to_contain_text("waiting for review")
    assert [m.to for m in mail.outbox] == [
        ["paz@example.org"],
        ["eva@example.org"],
        ["paz@example.org"],
    ]

    # The publisher publishes the changes: the visitor sees them.
    publisher.goto(change_url)
    expect(publisher.locator("#id_summary_en")).to_have_value(
        "The mayor of Bogotá opens the meeting."
    )
    publisher.get_by_role("button", name="Publish the changes").click()
    expect(publisher.locator(".messagelist")).to_contain_text("changed successfully")
    page.goto(url(article.get_absolute_url()))
    expect(page.get_by_role("heading", level=1)).to_have_text("Miners meet in Bogotá")
    journey_end("published after review")


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
    publisher.locator("#id_title_en").fill("Cooperatives sign the fair gold pact")
    publisher.locator("#id_dateline_en").fill("Medellín")
    publisher.locator("#id_summary_en").fill("Twelve cooperatives sign up.")
    publisher.locator(".field-body_en .ck-editor__editable").fill(
        "The pact takes effect today."
    )
    publisher.get_by_label("Status").select_option(label="Published")
    # The split date and time inputs have no labels of their own (Django's
    # widget), so they are found by their place in the "Publish date" row.
    publish_date = publisher.locator(".field-published_at")
    # The site's time zone is said once, above the dates; the browser's own
    # offset from the server is not.
    expect(publisher.locator("fieldset", has=publish_date)).to_contain_text(
        f"Times are in the {settings.TIME_ZONE} time zone."
    )
    expect(publish_date.locator(".timezonewarning")).to_be_hidden()
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
        newest = region(page, "Press Releases").get_by_role("heading", level=3).first
        expect(newest).to_have_text(release.title)
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
    # Saved, the new figure waits as a draft: the homepage keeps the old one.
    save(publisher)
    expect(publisher.locator(".messagelist")).to_contain_text("saved as a draft")
    page.goto(url("/"))
    expect(region(page, "Our impact")).to_contain_text("1,200")
    publisher.goto(url(f"/admin/impact/impactmetric/{metric.pk}/change/"))
    expect(publisher.get_by_label("Value:", exact=True)).to_have_value(
        re.compile(r"^1530(\.0+)?$")
    )
    publisher.get_by_role("button", name="Publish the changes").click()
    expect(publisher.locator(".messagelist")).to_contain_text(
        "was changed successfully"
    )

    assert not cached(page.goto(url("/")))
    figures = region(page, "Our impact")
    expect(figures).to_contain_text("1,530")
    expect(figures).not_to_contain_text("1,200")
    page.goto(url("/impact/"))
    # The table is the chart's text, under a disclosure.
    page.get_by_text("The values by year").click()
    history = page.get_by_role("table", name="Recorded values: children back in school")
    expect(history.get_by_role("row")).to_have_count(3)
    expect(history.get_by_role("row").nth(1)).to_contain_text("1,200")
    expect(history.get_by_role("row").nth(2)).to_contain_text("1,530")
    journey_end("history")


def test_translator_translates_an_article_into_spanish(
    page, url, signed_in, journey_end
):
    article = NewsArticleFactory(
        title="Miners win a fair price",
        summary="A cooperative agrees a better deal.",
        body="<p>The cooperative agreed a price.</p>",
    )
    NewsArticleFactory(
        title="Already translated", title_es="Ya traducido", body_es="<p>Hola</p>"
    )
    translator = signed_in("tere", EDITOR)
    blocked = []
    translator.on(
        "console",
        lambda message: (
            "Content Security Policy" in message.text and blocked.append(message.text)
        ),
    )

    # The overview, from the dashboard: what Spanish is missing.
    translator.goto(url("/admin/"))
    translator.get_by_role("link", name="Translation overview").click()
    translator.get_by_role("link", name="Spanish: missing (1)").click()
    rows = translator.locator("#result_list tbody tr")
    expect(rows).to_have_count(1)
    row = rows.filter(has_text="Miners win a fair price")
    expect(row).to_contain_text("News article")
    row.get_by_role("link", name="missing").first.click()

    # The change form opens on the Spanish tab.
    expect(translator).to_have_url(re.compile(r"/change/#language=es$"))
    spanish = translator.get_by_role("tab", name=re.compile("Español"))
    expect(spanish).to_have_attribute("aria-selected", "true")
    expect(spanish).to_contain_text("missing")
    expect(translator.locator("#id_title_en")).to_be_hidden()
    expect(translator.locator("#id_status")).to_be_visible()
    title = translator.locator("#id_title_es")
    expect(title).to_be_visible()

    # Tabs work from the keyboard; each language's editor renders when shown.
    spanish.focus()
    translator.keyboard.press("ArrowRight")
    french = translator.get_by_role("tab", name=re.compile("Français"))
    expect(french).to_be_focused()
    expect(french).to_have_attribute("aria-selected", "true")
    french_body = translator.locator(".field-body_fr .ck-editor__editable")
    expect(french_body).to_be_visible()
    expect(
        translator.locator(".field-body_fr .ck-toolbar").get_by_role(
            "button", name="Bold"
        )
    ).to_be_visible()
    expect(title).to_be_hidden()
    translator.keyboard.press("ArrowLeft")
    expect(spanish).to_have_attribute("aria-selected", "true")

    title.fill("Los mineros logran un precio justo")
    translator.locator("#id_summary_es").fill("Una cooperativa acuerda un trato.")
    body = translator.locator(".field-body_es .ck-editor__editable")
    expect(body).to_be_visible()
    body.click()
    translator.keyboard.type("La cooperativa acordó un precio.")
    # The address is made from the Spanish title as it is typed.
    expect(translator.locator("#id_slug_es")).to_have_value(
        "los-mineros-logran-un-precio-justo"
    )
    translator.get_by_role("button", name="Save and continue editing").first.click()
    # The article is published: the translation waits for a publisher.
    expect(translator.locator(".messagelist")).to_contain_text("saved as a draft")
    # Back on the same tab, no longer missing.
    expect(spanish).to_have_attribute("aria-selected", "true")
    expect(spanish).not_to_contain_text("missing")
    expect(translator.locator("#id_title_es")).to_have_value(
        "Los mineros logran un precio justo"
    )
    article.refresh_from_db()
    assert not article.title_es
    publisher = signed_in("paz", PUBLISHER)
    publisher.goto(url(f"/admin/news/newsarticle/{article.pk}/change/"))
    publisher.get_by_role("button", name="Publish the changes").click()
    expect(publisher.locator(".messagelist")).to_contain_text("changed successfully")
    article.refresh_from_db()
    assert article.title_es == "Los mineros logran un precio justo"
    assert article.body_es == "<p>La cooperativa acordó un precio.</p>"
    assert article.title_en == "Miners win a fair price"

    # Up to date in the overview now.
    translator.goto(url("/admin/translations/?translation=es-missing"))
    expect(translator.get_by_text("No items match.")).to_be_visible()

    # The visitor reads it in Spanish.
    page.goto(url("/es/news/"))
    expect(page.get_by_role("article").filter(has_text="Ya traducido")).to_be_visible()
    page.get_by_role("link", name="Los mineros logran un precio justo").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Los mineros logran un precio justo"
    )
    expect(page.get_by_text("La cooperativa acordó un precio.")).to_be_visible()
    assert not blocked, blocked
    journey_end("spanish")


def test_errors_in_another_language_are_never_hidden(url, signed_in):
    article = NewsArticleFactory(title="Miners win a fair price", draft=True)
    editor = signed_in("eva", EDITOR)
    editor.goto(url(f"/admin/news/newsarticle/{article.pk}/change/#language=fr"))
    french = editor.get_by_role("tab", name=re.compile("Français"))
    expect(french).to_have_attribute("aria-selected", "true")
    editor.locator("#id_slug_fr").fill("not a slug")
    editor.get_by_role("tab", name="English").click()
    expect(editor).to_have_url(re.compile("#language=en$"))
    save(editor)
    # The French tab comes back chosen and marked, its error in view.
    expect(french).to_have_attribute("aria-selected", "true")
    expect(french).to_contain_text("has errors")
    expect(editor.locator(".field-slug_fr .errorlist")).to_be_visible()
    expect(editor.locator("#id_title_en")).to_be_hidden()


def test_without_javascript_every_language_shows(browser, url, signed_in):
    article = NewsArticleFactory(title="Miners win a fair price")
    signed_in("eva", EDITOR)  # makes the user
    context = browser.new_context(java_script_enabled=False)
    try:
        staff_page = context.new_page()
        staff_page.goto(url("/admin/account/login/"))
        staff_page.get_by_label("Username").fill("eva")
        staff_page.get_by_label("Password").fill(PASSWORD)
        staff_page.get_by_role("button", name="Next").click()
        staff_page.goto(url(f"/admin/news/newsarticle/{article.pk}/change/"))
        expect(staff_page.get_by_role("tablist")).to_have_count(0)
        for name in ["title_en", "title_es", "title_fr", "summary_fr"]:
            expect(staff_page.locator(f"#id_{name}")).to_be_visible()
    finally:
        context.close()


PASTE = """([editable, address]) => {
    const node = document.querySelector(editable);
    const editor = node.ckeditorInstance;
    editor.setData("");
    node.focus();
    const transfer = new DataTransfer();
    transfer.setData("text/plain", address);
    node.dispatchEvent(new ClipboardEvent("paste", {
        clipboardData: transfer, bubbles: true, cancelable: true,
    }));
    // The editor turns a pasted address into an embed a moment later.
    return new Promise(resolve => setTimeout(() => resolve(editor.getData()), 500));
}"""


def test_a_pasted_video_address_becomes_a_video_and_others_stay_links(url, signed_in):
    """A YouTube or Vimeo address pasted in the editor becomes its embed,
    which the site keeps as a video; any other address stays text the editor
    can link. The editor shows no preview: nothing loads from the hosts."""
    staff = signed_in("eva", EDITOR)
    asked = []
    staff.on("request", lambda request: asked.append(request.url))
    staff.goto(url("/admin/news/newsarticle/add/"))
    editable = ".field-body_en .ck-editor__editable"
    staff.locator(editable).click()
    for address in [
        "https://www.youtube.com/watch?v=Ab3_-xYz789",
        "https://youtu.be/Ab3_-xYz789",
        "https://vimeo.com/76979871",
    ]:
        data = staff.evaluate(PASTE, [editable, address])
        assert data == (
            f'<figure class="media"><oembed url="{address}"></oembed></figure>'
        ), address
        expect(staff.locator(f"{editable} .ck-media__placeholder")).to_be_visible()
    for address in [
        "https://www.dailymotion.com/video/x7tgad0",
        "https://www.youtube.com/watch?v=abc123",
    ]:
        data = staff.evaluate(PASTE, [editable, address])
        assert "oembed" not in data and address in data, address
    assert not [a for a in asked if not a.startswith(url("/"))]


def test_publisher_builds_an_about_page_with_a_sub_page_and_puts_it_in_the_menu(
    page, url, signed_in, journey_end
):
    publisher = signed_in("pia", PUBLISHER)
    publisher.goto(url("/admin/pages/page/add/"))
    publisher.locator("#id_title_en").fill("About us")
    publisher.locator("#id_summary_en").fill("Who we are and how we work.")
    publisher.locator(".field-body_en .ck-editor__editable").click()
    publisher.keyboard.type("We work with artisanal miners.")
    publisher.get_by_label("Status").select_option("published")

    # Three sections: a quote, a text, a call to action; each kind shows
    # only its own fields.
    sections = publisher.locator("#sections-group")
    add_section = sections.locator(".add-row a")

    def new_section(kind: str) -> Locator:
        index = sections.locator(".inline-related:not(.empty-form)").count()
        add_section.click()
        box = sections.locator(f"#sections-{index}")
        box.get_by_label("Kind").select_option(label=kind)
        return box

    quote = new_section("Quote")
    expect(quote.locator(".field-image")).to_be_hidden()
    expect(quote.locator(".field-heading_en")).to_be_hidden()
    quote.locator(".field-text_en .ck-editor__editable").click()
    publisher.keyboard.type("Mining can be formal, safe and fair.")
    quote.locator("#id_sections-0-source_en").fill("A cooperative leader")
    text = new_section("Text")
    expect(text.locator(".field-heading_en")).to_be_visible()
    expect(text.locator(".field-source_en")).to_be_hidden()
    text.locator("#id_sections-1-heading_en").fill("How we started")
    text.locator(".field-text_en .ck-editor__editable").click()
    publisher.keyboard.type("Miners and partners founded the Alliance.")
    action = new_section("Call to action")
    expect(action.locator(".field-kind .help")).to_have_text(
        "A heading, a few words and a button to a page or an address."
    )
    action.locator("#id_sections-2-heading_en").fill("Work with us")
    action.locator("#id_sections-2-button_label_en").fill("Write to us")
    # The text comes first: moved above the quote with the keyboard.
    text.get_by_role("button", name="Move up").press("Enter")
    expect(sections.get_by_role("status")).to_contain_text("1 of 3")
    save(publisher)

    # The button leads nowhere yet: the form says so, and keeps every text.
    expect(publisher.locator(".errornote")).to_be_visible()
    expect(publisher.locator("#id_sections-2-heading_en")).to_have_value("Work with us")
    action = sections.locator("#sections-2")
    expect(action.locator(".errorlist")).to_contain_text("Choose the page")
    action.locator("#id_sections-2-link_url_en").fill("our contact page")
    save(publisher)
    expect(action.locator(".errorlist")).to_contain_text("Enter a valid URL")
    action.locator("#id_sections-2-link_url_en").fill("https://example.org/contact")
    save(publisher)
    expect(publisher.locator(".messagelist")).to_contain_text("was added successfully")
    about = SitePage.objects.get(title_en="About us")
    assert [section.kind for section in about.sections.all()] == [
        "text",
        "quote",
        "call_to_action",
    ]

    # "Add a sub-page" opens the form placed below it.
    publisher.goto(url("/admin/pages/page/"))
    row = publisher.get_by_role("row").filter(has_text="About us")
    row.get_by_role("link", name="Add a sub-page").click()
    expect(publisher.get_by_label("Relative to")).to_have_value(str(about.pk))
    publisher.locator("#id_title_en").fill("Our team")
    publisher.locator("#id_summary_en").fill("The people behind the work.")
    publisher.get_by_label("Status").select_option("published")
    save(publisher)
    expect(publisher.locator(".messagelist")).to_contain_text("was added successfully")

    # Into the main menu.
    publisher.goto(url("/admin/pages/menuitem/add/"))
    publisher.locator("#id_page").select_option(label="About us")
    save(publisher)
    expect(publisher.locator(".messagelist")).to_contain_text("was added successfully")

    # The visitor finds it from the menu, then the sub-page, and climbs back.
    page.goto(url("/"))
    menu = page.get_by_role("navigation", name="Main")
    menu.get_by_role("link", name="About us").click()
    expect(page).to_have_url(url("/about-us/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("About us")
    expect(page.get_by_role("region", name="How we started")).to_contain_text(
        "Miners and partners founded the Alliance."
    )
    expect(page.locator("blockquote")).to_have_text(
        "Mining can be formal, safe and fair."
    )
    expect(
        page.get_by_role("region", name="Work with us").get_by_role(
            "link", name="Write to us"
        )
    ).to_have_attribute("href", "https://example.org/contact")
    expect(menu.get_by_role("link", name="About us")).to_have_attribute(
        "aria-current", "page"
    )
    page.get_by_role("link", name="Our team").click()
    expect(page).to_have_url(url("/about-us/our-team/"))
    crumbs = page.get_by_role("navigation", name="Breadcrumb")
    expect(crumbs).to_contain_text("About us")
    crumbs.get_by_role("link", name="About us").click()
    expect(page).to_have_url(url("/about-us/"))
