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
        "year=2018",
        "topic=no-such-topic",
        "country=%00",
        "country=%F0%9F%98%80",
        "year=" + "9" * 5000,
        "year=abc&country=peru",
    ],
)
def test_a_value_no_item_has_gives_an_empty_list_said_gently(client, articles, query):
    response = client.get(f"/news/?{query}")
    assert response.status_code == 200
    assert titles(response) == []
    html = response.content.decode()
    assert "Nothing matches these filters." in html
    assert "See the whole list" in html
    assert "errorlist" not in html
    assert "Select a valid choice" not in html


def test_unknown_parameters_are_not_filters(client, articles):
    assert len(titles(client.get("/news/?unknown=1&utm_source=x"))) == 3


def test_a_year_with_nothing_in_it_shows_as_chosen(client, articles):
    html = client.get("/news/?year=2018").content.decode()
    assert '<option value="2018" selected>2018</option>' in html


def test_only_what_published_items_use_is_offered(client, articles):
    secret = TopicFactory(name="Project Condor")
    unused = CountryFactory(name="Chile")
    NewsArticleFactory(
        draft=True,
        topics=[secret],
        countries=[unused],
        published_at=datetime(2017, 1, 1, tzinfo=BOGOTA),
    )
    html = client.get("/news/").content.decode()
    assert "Project Condor" not in html
    assert "Chile" not in html
    assert '<option value="2017"' not in html
    assert '<option value="2019">2019</option>' in html
    assert '<option value="2018"' not in html  # no item that year
    assert "Gender" in html and "Peru" in html


def test_empty_fields_are_left_out_of_the_address(client, articles):
    response = client.get("/news/?year=&topic=gender&country=")
    assert (response.status_code, response["Location"]) == (
        302,
        "/news/?topic=gender",
    )
    response = client.get("/publications/?year=&topic=&country=&kind=&series=")
    assert response["Location"] == "/publications/"
    response = client.get("/es/news/?year=&page=2")
    assert response["Location"] == "/es/news/?page=2"


def test_the_title_and_heading_name_the_filter_and_the_page(client):
    gender = TopicFactory(name="Gender")
    NewsArticleFactory.create_batch(13, topics=[gender])
    first = client.get("/news/?topic=gender").content.decode()
    assert "<title>News: Gender · " in first
    assert "<h1>News: Gender</h1>" in first
    second = client.get("/news/?topic=gender&page=2").content.decode()
    assert "<title>News: Gender, page 2 · " in second
    assert "<h1>News: Gender, page 2</h1>" in second
    plain = client.get("/news/?page=2").content.decode()
    assert "<h1>News, page 2</h1>" in plain
    assert "<h1>News</h1>" in client.get("/news/").content.decode()


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
