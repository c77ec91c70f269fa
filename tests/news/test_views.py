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


def test_press_release_page_shows_dateline_and_pdf(client, pdf_upload):
    release = PressReleaseFactory(dateline="Medellín / París")
    release.pdf.save("release.pdf", pdf_upload)
    html = client.get(release.get_absolute_url()).content.decode()
    assert "Medellín / París" in html
    assert release.pdf.url in html


def test_publication_page_shows_its_series_part_and_facts(client):
    from tests.publications.factories import SeriesFactory

    series = SeriesFactory(title="A world without financial services")
    publication = PublicationFactory(
        series=series, part_number=2, authors="Ana Pérez", year=2019
    )
    html = client.get(publication.get_absolute_url()).content.decode()
    assert "A world without financial services, part 2" in html
    assert "Ana Pérez" in html
    assert "2019" in html
