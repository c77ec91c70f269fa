"""
A slug change keeps the item's old addresses working: each address it moves
answers 301 to the new one, in its language, whatever the item's state, and
with the visitor's query string kept.
"""

from datetime import timedelta

import pytest
from django.contrib.redirects.models import Redirect
from django.core.wsgi import get_wsgi_application
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from armcms.operations import wordpress
from armcms.pagecache.wsgi import CachedPages
from news.models import NewsArticle
from tests.armcms.admin_helpers import form_data
from tests.armcms.operations.test_import_wordpress import EXPORT, article, run_import
from tests.armcms.pagecache.test_cache import wsgi_get
from tests.news.factories import NewsArticleFactory, PressReleaseFactory
from tests.publications.factories import PublicationFactory

pytestmark = pytest.mark.django_db


def redirects() -> dict[str, str]:
    return dict(Redirect.objects.values_list("old_path", "new_path"))


def rename(item, **slugs):
    for column, slug in slugs.items():
        setattr(item, column, slug)
    item.save()


def assert_redirects(client, old: str, new: str) -> None:
    response = client.get(old)
    assert (response.status_code, response["Location"]) == (301, new)
    assert client.get(new).status_code == 200


@pytest.mark.parametrize(
    ("factory", "section"),
    [
        (NewsArticleFactory, "/news/"),
        (PressReleaseFactory, "/press/"),
        (PublicationFactory, "/publications/"),
    ],
)
def test_an_english_slug_change_redirects_every_address_it_moves(
    client, factory, section
):
    item = factory(slug="old-name")
    rename(item, slug_en="new-name")
    # Spanish and French have no slug of their own: theirs moved too.
    for prefix in ("", "/es", "/fr"):
        assert_redirects(
            client, f"{prefix}{section}old-name/", f"{prefix}{section}new-name/"
        )
    assert len(redirects()) == 3


def test_a_spanish_slug_change_redirects_the_spanish_address(client):
    item = NewsArticleFactory(slug="gold", title_es="Oro", slug_es="oro-viejo")
    rename(item, slug_es="oro-nuevo")
    assert_redirects(client, "/es/news/oro-viejo/", "/es/news/oro-nuevo/")
    # The other languages' addresses with the old Spanish slug, which the
    # detail view answered, lead to their own language's address.
    assert redirects() == {
        "/es/news/oro-viejo/": "/es/news/oro-nuevo/",
        "/news/oro-viejo/": "/news/gold/",
        "/fr/news/oro-viejo/": "/fr/news/gold/",
    }
    assert client.get("/news/gold/").status_code == 200


def test_an_address_answered_through_another_languages_slug_keeps_working(client):
    item = NewsArticleFactory(slug="gold")
    # Spanish had the English slug; the detail view still finds it by it.
    rename(item, title_es="Oro", slug_es="oro")
    assert redirects() == {}
    assert_redirects(client, "/es/news/gold/", "/es/news/oro/")
    # Once the English slug changes too, a redirect takes the view's place.
    rename(item, slug_en="gold-mining")
    assert_redirects(client, "/es/news/gold/", "/es/news/oro/")
    assert_redirects(client, "/news/gold/", "/news/gold-mining/")
    assert_redirects(client, "/fr/news/gold/", "/fr/news/gold-mining/")
    assert client.get("/news/oro/").status_code == 301  # the view's own


def test_chains_collapse(client):
    item = NewsArticleFactory(slug="a")
    rename(item, slug_en="b")
    rename(item, slug_en="c")
    assert redirects() == {
        f"{prefix}/news/{old}/": f"{prefix}/news/c/"
        for prefix in ("", "/es", "/fr")
        for old in ("a", "b")
    }
    assert_redirects(client, "/news/a/", "/news/c/")
    assert_redirects(client, "/es/news/b/", "/es/news/c/")


def test_an_address_taken_back_drops_its_redirect_without_a_loop(client):
    item = NewsArticleFactory(slug="a")
    rename(item, slug_en="b")
    rename(item, slug_en="c")
    rename(item, slug_en="a")
    assert redirects() == {
        f"{prefix}/news/{old}/": f"{prefix}/news/a/"
        for prefix in ("", "/es", "/fr")
        for old in ("b", "c")
    }
    assert client.get("/news/a/").status_code == 200
    assert_redirects(client, "/fr/news/c/", "/fr/news/a/")


def test_an_item_taking_another_items_former_address_drops_its_redirect(client):
    first = NewsArticleFactory(slug="annual-report", title="First report")
    rename(first, slug_en="annual-report-2024")
    second = NewsArticleFactory(slug="draft-title", title="Second report")
    rename(second, slug_en="annual-report")
    # The first item's redirects from "annual-report" are gone in every language.
    assert redirects() == {
        f"{prefix}/news/draft-title/": f"{prefix}/news/annual-report/"
        for prefix in ("", "/es", "/fr")
    }
    page = client.get("/news/annual-report/")
    assert page.status_code == 200
    assert page.context["object"] == second
    assert_redirects(client, "/news/draft-title/", "/news/annual-report/")


def test_a_new_item_at_a_former_address_drops_its_redirect(client):
    first = NewsArticleFactory(slug="annual-report")
    rename(first, slug_en="annual-report-2024")
    assert redirects()["/news/annual-report/"] == "/news/annual-report-2024/"
    second = NewsArticleFactory(slug="annual-report", draft=True)
    assert redirects() == {}
    # The address belongs to the draft, which the public cannot see yet.
    assert client.get("/news/annual-report/").status_code == 404
    second.status = "published"
    second.save()
    assert client.get("/news/annual-report/").context["object"] == second


@pytest.mark.parametrize(
    "state",
    [
        {"status": "draft"},
        {"published_at": timezone.now() + timedelta(days=3)},  # scheduled
    ],
)
def test_a_draft_or_scheduled_items_old_address_redirects_too(client, state):
    # It may have been public before, and will be once published: the
    # redirect is made now, while the old slug is known.
    item = NewsArticleFactory(slug="working-title", **state)
    rename(item, slug_en="final-title")
    assert redirects() == {
        f"{prefix}/news/working-title/": f"{prefix}/news/final-title/"
        for prefix in ("", "/es", "/fr")
    }
    # The public cannot see the item yet, so the redirect leads to a 404.
    assert client.get("/news/working-title/").status_code == 301
    assert client.get("/news/final-title/").status_code == 404
    item.status, item.published_at = "published", timezone.now()
    item.save()
    assert_redirects(client, "/news/working-title/", "/news/final-title/")


def test_unpublishing_renaming_and_republishing_keeps_the_old_address(
    client, django_capture_on_commit_callbacks
):
    item = NewsArticleFactory(slug="a")
    assert client.get("/news/a/").status_code == 200
    # Each save commits, so the page cache forgets what it stored.
    with django_capture_on_commit_callbacks(execute=True):
        item.status = "draft"
        item.save()
    with django_capture_on_commit_callbacks(execute=True):
        rename(item, slug_en="b")
    with django_capture_on_commit_callbacks(execute=True):
        item.status = "published"
        item.save()
    for prefix in ("", "/es", "/fr"):
        assert_redirects(client, f"{prefix}/news/a/", f"{prefix}/news/b/")


def test_reverting_to_a_draft_with_another_slug_keeps_the_old_address(
    admin_client, client, django_capture_on_commit_callbacks
):
    def admin_url(name, *args):
        return reverse(f"admin:news_newsarticle_{name}", args=args)

    def post(address, **changes):
        page = admin_client.get(address)
        with django_capture_on_commit_callbacks(execute=True):
            response = admin_client.post(address, form_data(page, **changes))
        assert response.status_code == 302

    item = NewsArticleFactory(slug="working-title", draft=True)
    change = admin_url("change", item.pk)
    post(change, title_en="Working title")
    post(change, slug_en="a", status="published")
    assert client.get("/news/a/").status_code == 200
    # The revert writes the draft version (slug "working-title") back.
    draft = Version.objects.get_for_object(item).last()
    assert draft.field_dict["slug_en"] == "working-title"
    post(admin_url("revision", item.pk, draft.pk))
    item.refresh_from_db()
    assert (item.slug_en, item.status) == ("working-title", "draft")
    post(change, status="published")
    assert_redirects(client, "/news/a/", "/news/working-title/")
    assert redirects() == {
        f"{prefix}/news/a/": f"{prefix}/news/working-title/"
        for prefix in ("", "/es", "/fr")
    }


def test_an_expired_items_address_was_public_and_redirects():
    item = NewsArticleFactory(
        slug="old-name", expires_at=timezone.now() - timedelta(minutes=1)
    )
    rename(item, slug_en="new-name")
    assert redirects()["/news/old-name/"] == "/news/new-name/"


def test_renaming_a_draft_keeps_redirects_to_it_pointing_at_it(client):
    item = NewsArticleFactory(slug="a")
    rename(item, slug_en="b")
    item.status = "draft"
    item.save()
    rename(item, slug_en="c")
    # The draft's "b" redirects too; what led to "b" leads to "c".
    assert redirects() == {
        f"{prefix}/news/{old}/": f"{prefix}/news/c/"
        for prefix in ("", "/es", "/fr")
        for old in ("a", "b")
    }
    item.status = "published"
    item.save()
    assert_redirects(client, "/news/a/", "/news/c/")


@pytest.mark.parametrize(
    ("prefix", "column", "slug"), [("", "slug_en", "gold"), ("/es", "slug_es", "oro")]
)
def test_a_cached_old_address_answers_301_to_visitors(
    client, prefix, column, slug, django_capture_on_commit_callbacks
):
    item = NewsArticleFactory(slug="gold", title_es="Oro", slug_es="oro")
    old = f"{prefix}/news/{slug}/"
    assert client.get(old)["X-Page-Cache"] == "miss"
    assert client.get(old)["X-Page-Cache"] == "hit"
    # The save bumps the content version once it commits, so the stored
    # page is stale.
    with django_capture_on_commit_callbacks(execute=True):
        rename(item, **{column: "renamed"})
    response = client.get(old)
    assert (response.status_code, response["Location"]) == (
        301,
        f"{prefix}/news/renamed/",
    )
    assert "X-Page-Cache" not in response  # a redirect is never stored
    assert client.get(old).status_code == 301


@pytest.mark.django_db(transaction=True)
def test_a_cached_old_address_answers_301_before_django_runs():
    application = CachedPages(get_wsgi_application())
    item = NewsArticleFactory(slug="old-name")
    wsgi_get(application, "/news/old-name/")
    status, headers, _body = wsgi_get(application, "/news/old-name/")
    assert (status, headers["X-Page-Cache"]) == ("200 OK", "hit")
    rename(item, slug_en="new-name")
    status, headers, _body = wsgi_get(application, "/news/old-name/")
    assert (status, headers["Location"]) == ("301 Moved Permanently", "/news/new-name/")


def test_shell_saves_follow_the_rule_and_queries_stay_few():
    item = NewsArticleFactory(slug="old-name")
    item = NewsArticle.objects.get(pk=item.pk)
    with CaptureQueriesContext(connection) as plain:
        item.title = "A new title, the same slug"
        item.save()
    with CaptureQueriesContext(connection) as moved:
        item.slug_en = "new-name"
        item.save()
    assert not any("django_redirect" in q["sql"] for q in plain.captured_queries)
    on_redirects = [
        q["sql"].split()[0]
        for q in moved.captured_queries
        if "django_redirect" in q["sql"]
    ]
    # Chains followed, redirects from its addresses looked up, three made;
    # with the savepoint around the write, five queries more than a save
    # that moves no address (which reads the saved slugs once).
    assert on_redirects == ["UPDATE", "SELECT", "INSERT"]
    assert len(moved.captured_queries) == len(plain.captured_queries) + 5
    assert redirects()["/news/old-name/"] == "/news/new-name/"


def test_an_imported_item_renamed_by_hand_is_still_recognised():
    run_import(EXPORT, "--no-progress")
    imported = article(101)
    old = imported.get_absolute_url()
    rename(imported, slug_en="responsible-mining")
    assert redirects()[old] == "/news/responsible-mining/"
    assert wordpress.object_at(redirects()["/?p=101"]) == imported
    out = run_import(EXPORT, "--no-progress")
    assert "Created 0, updated 0, unchanged 8" in out
    assert article(101).slug_en == "responsible-mining"


@pytest.mark.parametrize(
    "query", ["utm_source=newsletter&utm_medium=email", "fbclid=IwAR123"]
)
def test_an_old_address_with_a_query_string_redirects_keeping_it(client, query):
    item = NewsArticleFactory(slug="old-name", title_es="Nombre", slug_es="viejo")
    rename(item, slug_en="new-name", slug_es="nuevo")
    for old, new in [
        ("/news/old-name/", "/news/new-name/"),
        ("/es/news/viejo/", "/es/news/nuevo/"),
    ]:
        response = client.get(f"{old}?{query}")
        assert (response.status_code, response["Location"]) == (301, f"{new}?{query}")
        assert client.get(response["Location"]).status_code == 200


def test_a_query_string_joins_the_new_addresses_own(client):
    Redirect.objects.create(
        site_id=1, old_path="/old-page/", new_path="/news/?topic=mining#list"
    )
    response = client.get("/old-page/?utm_source=newsletter")
    assert (response.status_code, response["Location"]) == (
        301,
        "/news/?topic=mining&utm_source=newsletter#list",
    )


def test_a_redirect_made_for_the_full_address_is_taken_first(client):
    Redirect.objects.create(site_id=1, old_path="/old-page/", new_path="/news/")
    Redirect.objects.create(
        site_id=1, old_path="/old-page/?lang=es", new_path="/es/news/"
    )
    assert client.get("/old-page/?lang=es")["Location"] == "/es/news/"
    assert client.get("/old-page/?lang=fr")["Location"] == "/news/?lang=fr"


def test_an_address_with_no_redirect_and_a_query_string_stays_not_found(client):
    NewsArticleFactory(slug="kept")
    assert client.get("/news/missing/?utm_source=newsletter").status_code == 404
    page = client.get("/news/kept/?utm_source=newsletter")
    assert page.status_code == 200
