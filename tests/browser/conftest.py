"""
Browser tests: Playwright for Python driving Debian's Chromium against the
site served by pytest-django's live server. Without Chromium they are skipped.
Each journey's end state is saved to var/screenshots/; a failure saves a
screenshot and the page's HTML to var/test-results/.

Journeys that take a ``language`` run once on the English site (addresses
without a prefix) and once on the Spanish one (under /es/).
"""

import os
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.utils import translation
from playwright.sync_api import Browser, Page, expect

from armcms.backoffice.roles import sync_roles
from armcms.content.locale import field_name
from armcms.pagecache.wsgi import CachedPages
from tests import ROOT

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = ROOT / "var" / "screenshots"
FAILURES = ROOT / "var" / "test-results"
NODE_MODULES = ROOT / "node_modules"

# The tests read and write the database beside Playwright's event loop.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    if CHROMIUM.exists():
        return
    skip = pytest.mark.skip(
        reason=f"no Chromium at {CHROMIUM}: apt-get install chromium"
    )
    for item in items:
        if Path(item.fspath).is_relative_to(Path(__file__).parent):
            item.add_marker(skip)


@pytest.fixture(params=["en", "es"], ids=["english", "spanish"])
def language(request) -> str:
    """The site's language a journey runs in: English, then Spanish."""
    return request.param


def prefix(language: str) -> str:
    """What the addresses of ``language``'s pages start with: "" or "/es"."""
    return "" if language == settings.LANGUAGE_CODE else f"/{language}"


def ui(language: str):
    """
    The interface's text in ``language``, from the site's catalogue
    (locale/): ``ui("es")("News")``. A text the catalogue leaves in English
    fails, so an English page cannot pass for a Spanish one.
    """

    def text(message: str) -> str:
        with translation.override(language):
            translated = translation.gettext(message)
        if language != settings.LANGUAGE_CODE:
            assert translated != message, (
                f"locale/{language} has no translation of {message!r}"
            )
        return translated

    return text


def text_in(item, name: str, language: str) -> str:
    """``item``'s own ``name`` (a title, a body) in ``language``; may be empty."""
    return getattr(item, field_name(name, language)) or ""


def address_in(item, language: str) -> str:
    """``item``'s address on the site in ``language`` (slugs differ)."""
    with translation.override(language):
        return item.get_absolute_url()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session")
def live_server(live_server):
    """
    Django's live server runs Django's handler alone; the page cache goes in
    front of it, as armcms/wsgi.py puts it in front of Django in production.
    """
    server = live_server.thread.httpd
    server.set_app(CachedPages(server.get_app()))
    return live_server


@pytest.fixture(autouse=True)
def site(live_server, transactional_db, settings):
    """
    The live site, as production serves it but over plain http on
    localhost: no https redirect, and cookies the browser keeps on http.
    """
    settings.SECURE_SSL_REDIRECT = False
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = False
    return live_server


@pytest.fixture
def url(site):
    """The absolute address of a path on the live site."""
    return lambda path="/": site.url + path


@pytest.fixture
def journey_end(page, request):
    """Save a screenshot of where a journey ends: journey_end("published")."""

    def save(name: str):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(
            path=SCREENSHOTS / f"{slug(request.node.name)}-{name}.png", full_page=True
        )

    return save


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture
def page(page, request):
    """Playwright's page; after a failed test, its screenshot and HTML."""
    yield page
    report = getattr(request.node, "report_call", None)
    if report is None or not report.failed:
        return
    FAILURES.mkdir(parents=True, exist_ok=True)
    name = slug(request.node.name)
    try:
        page.screenshot(path=FAILURES / f"{name}.png", full_page=True)
        (FAILURES / f"{name}.html").write_text(page.content())
    except Exception as error:  # the page may have gone with the failure
        (FAILURES / f"{name}.txt").write_text(f"No screenshot: {error}\n")


def slug(text: str) -> str:
    return re.sub(r"[^a-zA-Z0-9_.-]+", "-", text).strip("-")


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
