"""List pages: filters, pagination and bad input."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from tests.armcms.factories import CountryFactory, TopicFactory
from tests.news.factories import NewsArticleFactory
from tests.publications.factories import PublicationFactory, SeriesFactory

pytestmark = pytest.mark.django_db

BOGOTA = ZoneInfo("America/Bogota")


def titles(response):
    return [item.title for item in response.context["object_list"]]


@pytest.fixture
def articles():
    peru, colombia = CountryFactory(name="Peru"), CountryFactory(name="Colombia")
    gender = TopicFactory(name="Gender")
    return {
        "peru_2020": NewsArticleFactory(
            title="Peru 2020",
            published_at=datetime(2020, 5, 1, tzinfo=BOGOTA),
            countries=[peru],
            topics=[gender],
        ),
        "colombia_2019": NewsArticleFactory(
            title="Colombia 2019",
            published_at=datetime(2019, 5, 1, tzinfo=BOGOTA),
            countries=[colombia],
        ),
        "colombia_2020": NewsArticleFactory(
            title="Colombia 2020",
            published_at=datetime(2020, 3, 1, tzinfo=BOGOTA),
            countries=[colombia],
            topics=[gender],
        ),
    }


def test_list_is_newest_first(client, articles):
    assert titles(client.get("/news/")) == [
        "Peru 2020",
        "Colombia 2020",
        "Colombia 2019",
    ]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("year=2020", ["Peru 2020", "Colombia 2020"]),
        ("country=colombia", ["Colombia 2020", "Colombia 2019"]),
        ("topic=gender", ["Peru 2020", "Colombia 2020"]),
        ("year=2020&country=colombia&topic=gender", ["Colombia 2020"]),
        ("year=2019&topic=gender", []),
    ],
)
def test_filters(client, articles, query, expected):
    assert titles(client.get(f"/news/?{query}")) == expected


def test_filter_choices_and_current_values_show_on_the_form(client, articles):
    html = client.get("/news/?year=2019&country=colombia").content.decode()
    assert '<option value="2019" selected>2019</option>' in html
    assert '<option value="2020">2020</option>' in html
    assert '<option value="colombia" selected>Colombia</option>' in html
    assert '<label for="id_year">Year</label>' in html


@pytest.mark.parametrize(
    "query",
    [
        "year=abc",
        "year=1850",
        "topic=no-such-topic",
        "country=%00",
        "country=%F0%9F%98%80",
        "unknown=1",
        "year=" + "9" * 5000,
    ],
)
def test_bad_filter_values_give_the_list_with_a_message(client, articles, query):
    response = client.get(f"/news/?{query}")
    assert response.status_code == 200
    assert len(titles(response)) == 3
    if not query.startswith("unknown"):
        assert "could not be used and were ignored" in response.content.decode()


def test_a_bad_value_does_not_drop_the_good_ones(client, articles):
    assert titles(client.get("/news/?year=abc&country=peru")) == ["Peru 2020"]


def test_publications_filter_by_kind_and_series(client):
    series = SeriesFactory(title="A world without financial services")
    PublicationFactory(title="Part one", kind="article", series=series, part_number=1)
    PublicationFactory(title="A report", kind="report")
    assert titles(client.get("/publications/?kind=article")) == ["Part one"]
    assert titles(
        client.get("/publications/?series=a-world-without-financial-services")
    ) == ["Part one"]
    assert client.get("/publications/?kind=poem").status_code == 200


def test_pagination_keeps_the_filters(client):
    colombia = CountryFactory(name="Colombia")
    NewsArticleFactory.create_batch(13, countries=[colombia])
    NewsArticleFactory.create_batch(2)
    first = client.get("/news/?country=colombia")
    assert len(titles(first)) == 12
    assert 'href="?country=colombia&amp;page=2"' in first.content.decode()
    second = client.get("/news/?country=colombia&page=2")
    assert len(titles(second)) == 1
    assert 'href="?country=colombia&amp;page=1"' in second.content.decode()


@pytest.mark.parametrize("page", ["0", "3", "99999", "abc", "-1", "1.5", "last"])
def test_pages_out_of_range_are_404(client, page):
    NewsArticleFactory.create_batch(13)
    assert client.get(f"/news/?page={page}").status_code == 404


def test_pages_know_whether_another_follows_without_counting(
    client, settings, django_assert_max_num_queries
):
    settings.PAGE_CACHE_SECONDS = 0
    NewsArticleFactory.create_batch(24)
    first = client.get("/news/")
    assert first.context["page_obj"].has_next()
    second = client.get("/news/?page=2")
    assert len(titles(second)) == 12
    assert not second.context["page_obj"].has_next()
    html = second.content.decode()
    assert "Items 13 to 24, newest first" in html
    assert 'rel="prev"' in html
    assert 'rel="next"' not in html
    with django_assert_max_num_queries(8) as captured:
        client.get("/news/")
    assert not any("COUNT(" in query["sql"] for query in captured.captured_queries)


def test_empty_list_says_so(client):
    response = client.get("/press/")
    assert response.status_code == 200
    assert "Nothing matches these filters." in response.content.decode()
