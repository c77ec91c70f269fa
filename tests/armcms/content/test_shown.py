"""
What pages share and keep in the cache (armcms.content.shown.remembered): a
list's filter choices are worked out once and follow every change to the
items or topics they come from once it commits.
"""

import django.test
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from armcms.content.shown import EVERYTHING, remembered, type_tag
from armcms.pagecache.tags import invalidate_now
from news.models import NewsArticle
from tests.armcms.factories import TopicFactory
from tests.news.factories import NewsArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def builder():
    """Django's own test client: every request builds its page, with the
    page cache on (as a miss does), so what is remembered shows alone."""
    return django.test.Client()


def options(client) -> str:
    html = client.get("/news/").content.decode()
    start = html.index('<form class="filters"')
    return html[start : html.index("</form>", start)]


def test_filter_choices_follow_a_change_once_it_commits(
    builder, django_capture_on_commit_callbacks
):
    gender = TopicFactory(name="Gender")
    NewsArticleFactory(topics=[gender])
    for _build in range(3):
        assert '<option value="gender">Gender</option>' in options(builder)
    with django_capture_on_commit_callbacks(execute=True):
        NewsArticleFactory(topics=[TopicFactory(name="Water")])
    assert '<option value="water">Water</option>' in options(builder)
    with django_capture_on_commit_callbacks(execute=True):
        gender.name = "Gender equality"
        gender.save()
    assert '<option value="gender">Gender equality</option>' in options(builder)


def test_a_list_built_with_what_pages_share_kept_runs_one_query(builder):
    NewsArticleFactory(topics=[TopicFactory(name="Gender")])
    counts = []
    for _build in range(3):
        with CaptureQueriesContext(connection) as captured:
            builder.get("/news/")
        counts.append(len(captured))
    # The first build numbers the tags, the second keeps what it worked out
    # (the site's identity, the menus, the filter choices and when an item
    # is next due), and the third reads the list's items alone.
    assert counts[0] < counts[1]
    assert counts[2] == 1


def test_a_value_worked_out_across_a_change_is_not_kept():
    calls = []

    def compute():
        calls.append(1)
        invalidate_now({type_tag(NewsArticle)})  # a change counted meanwhile
        return len(calls)

    assert remembered(NewsArticle, "probe", compute) == 1  # numbers the tags
    assert remembered(NewsArticle, "probe", compute) == 2  # kept, as of before
    assert remembered(NewsArticle, "probe", lambda: 3) == 3  # so worked out again
    assert remembered(NewsArticle, "probe", lambda: 4) == 3  # and kept


def test_a_change_to_what_every_page_shows_ends_a_remembered_value():
    remembered(NewsArticle, "probe", lambda: "first")
    remembered(NewsArticle, "probe", lambda: "kept")
    assert remembered(NewsArticle, "probe", lambda: "again") == "kept"
    invalidate_now({EVERYTHING})
    assert remembered(NewsArticle, "probe", lambda: "renamed") == "renamed"


def cards_rendered(monkeypatch) -> list:
    """The cards rendered from now on (the others come from the cache)."""
    from armcms.templatetags import armcms_tags

    rendered = []
    original = armcms_tags.render_to_string

    def render(template_name, context=None, *args, **kwargs):
        if template_name == "includes/_card.html":
            rendered.append(context["item"].title)
        return original(template_name, context, *args, **kwargs)

    monkeypatch.setattr(armcms_tags, "render_to_string", render)
    return rendered


def test_a_card_is_rendered_once_until_its_item_changes(
    client, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_SECONDS = 600
    first = NewsArticleFactory(title="First card")
    NewsArticleFactory(title="Second card")
    client.get("/news/")  # numbers the items' tags
    rendered = cards_rendered(monkeypatch)
    assert client.get("/news/?page=1").status_code == 200
    assert sorted(rendered) == ["First card", "Second card"]
    rendered.clear()
    assert client.get("/").status_code == 200
    # The homepage's cards are under other headings: rendered for it.
    assert sorted(rendered) == ["First card", "Second card"]
    rendered.clear()
    # Another list showing them the same way: the cards kept.
    year = first.published_at.year
    response = client.get(f"/news/?year={year}")
    assert response["X-Page-Cache"] == "miss"
    assert "First card" in response.content.decode()
    assert rendered == []
    with django_capture_on_commit_callbacks(execute=True):
        first.title = "First card, retitled"
        first.save()
    html = client.get("/news/").content.decode()
    assert rendered == ["First card, retitled"]
    assert "First card, retitled" in html and "Second card" in html
    rendered.clear()
    with django_capture_on_commit_callbacks(execute=True):
        TopicFactory(name="Anything every page shows")
    client.get("/news/?page=1")
    assert sorted(rendered) == ["First card, retitled", "Second card"]


def test_with_the_page_cache_off_nothing_is_kept(client, settings, monkeypatch):
    settings.PAGE_CACHE_SECONDS = 0
    NewsArticleFactory(title="Always rendered")
    rendered = cards_rendered(monkeypatch)
    for _build in range(3):
        client.get("/news/")
    assert rendered == ["Always rendered"] * 3
    calls = []
    for _read in range(2):
        remembered(NewsArticle, "probe", lambda: calls.append(1))
    assert len(calls) == 2
