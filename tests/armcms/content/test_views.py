"""The list and detail views every content type uses (armcms.content.views)."""

import pytest

from tests.news.factories import NewsArticleFactory, PressReleaseFactory
from tests.publications.factories import PublicationFactory

pytestmark = pytest.mark.django_db

FACTORIES = [NewsArticleFactory, PressReleaseFactory, PublicationFactory]
LIST_URLS = {
    NewsArticleFactory: "/news/",
    PressReleaseFactory: "/press/",
    PublicationFactory: "/publications/",
}


@pytest.mark.parametrize("factory", FACTORIES, ids=lambda f: f.__name__)
def test_published_items_have_a_page_and_a_place_on_the_list(client, factory):
    item = factory(title="A published item")
    detail = client.get(item.get_absolute_url())
    assert detail.status_code == 200
    assert "A published item" in detail.content.decode()
    listing = client.get(LIST_URLS[factory])
    assert list(listing.context["object_list"]) == [item]


@pytest.mark.parametrize("factory", FACTORIES, ids=lambda f: f.__name__)
@pytest.mark.parametrize("state", ["draft", "scheduled", "expired"])
def test_unpublished_items_answer_404_and_stay_off_lists(client, factory, state):
    item = factory(**{state: True})
    assert client.get(item.get_absolute_url()).status_code == 404
    assert not client.get(LIST_URLS[factory]).context["object_list"]


def test_unknown_slug_is_404(client):
    assert client.get("/news/no-such-article/").status_code == 404


@pytest.mark.parametrize("page", ["abc", "99999", "-1"])
def test_bad_page_numbers_are_404(client, page):
    NewsArticleFactory()
    assert client.get(f"/news/?page={page}").status_code == 404
