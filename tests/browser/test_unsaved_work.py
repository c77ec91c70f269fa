"""
Nothing typed in the back office is lost: text typed before the session
expired comes back after signing in again, and leaving a form with unsaved
changes asks first (static/admin/keep-work.js).
"""

import re
from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.models import Group, User
from django.contrib.sessions.models import Session
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Browser, Page, expect

from armcms.backoffice.roles import EDITOR, PUBLISHER, sync_roles
from armcms.content.drafts import Draft
from armcms.content.library import Image
from news.models import NewsArticle
from tests.browser.conftest import FAILURES, slug
from tests.conftest import image_bytes
from tests.news.factories import NewsArticleFactory

PASSWORD = "a long passphrase for tests"
MINERS_PNG = {"name": "miners.png", "mimeType": "image/png", "buffer": image_bytes()}
UNSAVED = "was not saved"


def sign_in(page: Page, username: str) -> None:
    """Sign in on the login page ``page`` shows."""
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Next").click()


@pytest.fixture
def editor(browser: Browser, url, request):
    """
    An editor's page, signed in, in a browser context of its own; after a
    failed test, its screenshot is in var/test-results/.
    """
    sync_roles()
    user = User.objects.create_user("eva", "eva@example.org", PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=EDITOR))
    context = browser.new_context()
    page = context.new_page()
    page.goto(url("/admin/account/login/"))
    sign_in(page, "eva")
    expect(page.get_by_role("banner")).to_contain_text("Welcome, eva")
    yield page
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        FAILURES.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=FAILURES / f"{slug(request.node.name)}-editor.png")
    context.close()


def save(page: Page) -> None:
    page.get_by_role("button", name="Save", exact=True).first.click()


def body_editor(page: Page):
    return page.locator(".field-body_en .ck-editor__editable")


def unsaved_banner(page: Page):
    return page.get_by_role("status").filter(has_text=UNSAVED)


def test_text_typed_when_the_session_ended_comes_back_after_signing_in(
    editor, url, journey_end
):
    add = url("/admin/news/newsarticle/add/")
    editor.goto(add)
    expect(unsaved_banner(editor)).to_be_hidden()
    editor.locator("#id_title_en").fill("Miners win a fair price")
    editor.locator("#id_summary_en").fill("A cooperative agrees a better deal.")
    body_editor(editor).fill("Twelve cooperatives signed the agreement.")

    # The session ends on the server (expired, or signed out elsewhere).
    Session.objects.all().delete()
    save(editor)

    expect(editor.get_by_label("Username")).to_be_visible()
    sign_in(editor, "eva")
    expect(editor).to_have_url(re.compile(r"/admin/news/newsarticle/add/$"))
    expect(editor.locator("#id_title_en")).to_have_value("")
    banner = unsaved_banner(editor)
    expect(banner).to_be_visible()
    banner.get_by_role("button", name="Restore it").click()
    expect(banner).to_be_hidden()
    expect(editor.locator("#id_title_en")).to_have_value("Miners win a fair price")
    expect(editor.locator("#id_summary_en")).to_have_value(
        "A cooperative agrees a better deal."
    )
    expect(body_editor(editor)).to_have_text(
        "Twelve cooperatives signed the agreement."
    )
    journey_end("restored")
    save(editor)

    expect(editor.locator(".messagelist")).to_contain_text("was added successfully")
    article = NewsArticle.objects.get()
    assert article.title == "Miners win a fair price"
    assert "Twelve cooperatives signed the agreement." in article.body
    # Saved: the copy is gone, and the empty form offers nothing.
    editor.goto(add)
    expect(editor.locator("#id_title_en")).to_be_visible()
    expect(unsaved_banner(editor)).to_be_hidden()


def test_text_typed_when_the_session_cookie_went_comes_back_on_the_change_form(
    editor, url
):
    article = NewsArticleFactory(
        title="Gold prices", body="<p>Old text.</p>", draft=True
    )
    change = url(f"/admin/news/newsarticle/{article.pk}/change/")
    editor.goto(change)
    body = body_editor(editor)
    body.click()
    editor.keyboard.press("Control+End")
    editor.keyboard.type(" New text.")

    editor.context.clear_cookies(name="sessionid")
    save(editor)
    sign_in(editor, "eva")

    expect(editor).to_have_url(change)
    expect(body).to_have_text("Old text.")
    unsaved_banner(editor).get_by_role("button", name="Restore it").click()
    expect(body).to_have_text("Old text. New text.")
    save(editor)
    expect(editor.locator(".messagelist")).to_contain_text("was changed successfully")
    article.refresh_from_db()
    assert article.body == "<p>Old text. New text.</p>"


def test_a_kept_image_comes_back_with_the_text_after_signing_in(editor, url):
    add = url("/admin/armcms/image/add/")
    editor.goto(add)
    editor.locator("#id_title").fill("Miners at work")
    editor.locator("#id_file").set_input_files(MINERS_PNG)
    editor.locator("#id_focal_x").fill("5000")
    editor.locator("#id_focal_y").fill("10")
    save(editor)
    # The focal point lies outside: the form comes back with the image kept.
    file_field = editor.locator(".field-file")
    expect(file_field).to_contain_text("Chosen: miners.png")
    editor.locator("#id_focal_x").fill("10")
    editor.locator("#id_alt_en").fill("Miners at the mine entrance")

    Session.objects.all().delete()
    save(editor)
    sign_in(editor, "eva")

    expect(editor).to_have_url(add)
    expect(file_field).not_to_contain_text("Chosen")
    unsaved_banner(editor).get_by_role("button", name="Restore it").click()
    expect(file_field).to_contain_text("Chosen: miners.png")
    expect(editor.locator("#id_alt_en")).to_have_value("Miners at the mine entrance")
    save(editor)
    expect(editor.locator(".messagelist")).to_contain_text("was added successfully")
    image = Image.objects.get()
    assert image.file.name.endswith("/miners.png")
    assert (image.focal_x, image.focal_y) == (10, 10)


def test_a_file_only_chosen_is_named_to_be_chosen_again(editor, url):
    add = url("/admin/armcms/image/add/")
    editor.goto(add)
    editor.locator("#id_title").fill("Miners at work")
    editor.locator("#id_file").set_input_files(MINERS_PNG)
    Session.objects.all().delete()
    save(editor)
    sign_in(editor, "eva")

    unsaved_banner(editor).get_by_role("button", name="Restore it").click()
    expect(editor.locator("#id_title")).to_have_value("Miners at work")
    expect(editor.locator(".field-file")).to_contain_text(
        "Choose this file again: miners.png"
    )


def test_unsaved_text_can_be_discarded(editor, url):
    add = url("/admin/news/newsarticle/add/")
    editor.goto(add)
    editor.locator("#id_title_en").fill("A title never saved")
    Session.objects.all().delete()
    save(editor)
    sign_in(editor, "eva")

    unsaved_banner(editor).get_by_role("button", name="Discard it").click()
    expect(unsaved_banner(editor)).to_be_hidden()
    expect(editor.locator("#id_title_en")).to_have_value("")
    editor.reload()
    expect(editor.locator("#id_title_en")).to_be_visible()
    expect(unsaved_banner(editor)).to_be_hidden()


def test_leaving_a_form_with_unsaved_changes_asks_first(editor, url):
    article = NewsArticleFactory(
        title="Gold prices", body="<p>Old text.</p>", draft=True
    )
    change = url(f"/admin/news/newsarticle/{article.pk}/change/")
    dialogs = []
    stay = True

    def answer(dialog):
        dialogs.append(dialog.type)
        if stay:
            dialog.dismiss()
        else:
            dialog.accept()

    editor.on("dialog", answer)
    home = editor.locator(".breadcrumbs").get_by_role("link", name="Home")

    # Nothing changed: no question.
    editor.goto(change)
    expect(body_editor(editor)).to_have_text("Old text.")
    home.click()
    expect(editor).to_have_url(url("/admin/"))
    assert dialogs == []

    # A change in the rich-text editor: the browser asks; staying stays,
    # leaving leaves.
    editor.goto(change)
    body_editor(editor).click()
    editor.keyboard.press("Control+End")
    editor.keyboard.type(" More.")
    home.click()
    editor.wait_for_timeout(500)
    assert dialogs == ["beforeunload"]
    expect(editor).to_have_url(change)
    stay = False
    home.click()
    expect(editor).to_have_url(url("/admin/"))
    assert dialogs == ["beforeunload", "beforeunload"]

    # A change in a plain field too.
    stay = True
    editor.goto(change)
    title = editor.locator("#id_title_en")
    title.click()
    title.fill("Gold prices rise")
    home.click()
    editor.wait_for_timeout(500)
    assert dialogs == ["beforeunload"] * 3
    expect(editor).to_have_url(change)

    # Saving is not leaving.
    save(editor)
    expect(editor.locator(".messagelist")).to_contain_text("was changed successfully")
    assert dialogs == ["beforeunload"] * 3


def test_text_comes_back_after_signing_in_with_a_second_factor(browser, url, settings):
    settings.REQUIRE_2FA = True
    sync_roles()
    user = User.objects.create_user("paz", "paz@example.org", PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=PUBLISHER))
    device = TOTPDevice.objects.create(user=user, name="default")
    context = browser.new_context()
    page = context.new_page()

    def sign_in_with_code():
        sign_in(page, "paz")
        device.refresh_from_db()
        device.throttle_reset()
        code = f"{totp(device.bin_key, device.step, device.t0, device.digits):06d}"
        page.get_by_label("Token").fill(code)
        page.get_by_role("button", name="Next").click()

    page.goto(url("/admin/account/login/"))
    sign_in_with_code()
    expect(page.get_by_role("banner")).to_contain_text("Welcome, paz")
    add = url("/admin/news/newsarticle/add/")
    page.goto(add)
    page.locator("#id_title_en").fill("Water for the valley")
    body_editor(page).fill("The river is clean again.")
    Session.objects.all().delete()
    save(page)
    # Codes are good once: the next one comes in the next time step.
    with time_machine.travel(timezone.now() + timedelta(seconds=device.step)):
        sign_in_with_code()

    expect(page).to_have_url(add)
    unsaved_banner(page).get_by_role("button", name="Restore it").click()
    expect(page.locator("#id_title_en")).to_have_value("Water for the valley")
    expect(body_editor(page)).to_have_text("The river is clean again.")
    context.close()


def test_a_tab_closed_mid_article_gives_the_text_back(editor, url):
    article = NewsArticleFactory(title="Gold prices", body="<p>Old text.</p>")
    change = url(f"/admin/news/newsarticle/{article.pk}/change/")
    editor.goto(change)
    body = body_editor(editor)
    body.click()
    editor.keyboard.press("Control+End")
    editor.keyboard.type(" Half a sentence")
    # The copy is made a moment after typing stops.
    editor.wait_for_timeout(2500)
    context = editor.context
    editor.close(run_before_unload=False)

    tab = context.new_page()
    tab.goto(change)
    banner = unsaved_banner(tab)
    expect(banner).to_be_visible()
    banner.get_by_role("button", name="Restore it").click()
    expect(body_editor(tab)).to_have_text("Old text. Half a sentence")
    save(tab)
    # The article is published: the text waits as a draft of changes.
    expect(tab.locator(".messagelist")).to_contain_text("saved as a draft")
    article.refresh_from_db()
    assert article.body == "<p>Old text.</p>"
    fields = Draft.objects.for_item(article).get().changes[0]["fields"]
    assert fields["body_en"] == "<p>Old text. Half a sentence</p>"
