"""
What pages share and keep in the cache (armcms.content.shown.remembered): a
list's filter choices are worked out once and follow every change to the
items or topics they come from once it commits.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from armcms.content.shown import EVERYTHING, remembered, type_tag
from armcms.pagecache.tags import invalidate_now
from news.models import NewsArticle
from tests.armcms.factories import TopicFactory
from tests.news.factories import NewsArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_off(settings):
    """Every request builds its page: what is remembered shows alone."""
    settings.PAGE_CACHE_SECONDS = 0


def options(client) -> str:
    html = client.get("/news/").content.decode()
    start = html.index('<form class="filters"')
    return html[start : html.index("</form>", start)]


def test_filter_choices_follow_a_change_once_it_commits(
    client, django_capture_on_commit_callbacks
):
    gender = TopicFactory(name="Gender")
    NewsArticleFactory(topics=[gender])
    for _build in range(3):
        assert '<option value="gender">Gender</option>' in options(client)
    with django_capture_on_commit_callbacks(execute=True):
        NewsArticleFactory(topics=[TopicFactory(name="Water")])
    assert '<option value="water">Water</option>' in options(client)
    with django_capture_on_commit_callbacks(execute=True):
        gender.name = "Gender equality"
        gender.save()
    assert '<option value="gender">Gender equality</option>' in options(client)


def test_remembered_choices_spare_a_list_three_queries(client):
    NewsArticleFactory(topics=[TopicFactory(name="Gender")])
    counts = []
    for _build in range(3):
        with CaptureQueriesContext(connection) as captured:
            client.get("/news/")
        counts.append(len(captured))
    # The years, topics and countries in use: read until the choices are
    # kept (the first build numbers the tags, the second keeps them), then
    # not at all.
    assert counts[1] - counts[2] == 3


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
