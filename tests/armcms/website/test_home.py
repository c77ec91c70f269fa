import io
import re
from html import unescape

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils.html import strip_tags

from armcms.content.models import HomePage
from armcms.operations import demo_content as demo
from tests.impact.factories import ImpactMetricFactory
from tests.news.factories import NewsArticleFactory, PressReleaseFactory
from tests.publications.factories import PublicationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    call_command("seed_demo", stdout=io.StringIO())


def test_homepage_shows_the_seed_titles_and_figures(client, seeded):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    html = unescape(response.content.decode())
    for heading in ["Most recent news", "Our work", "Our impact", "Press Releases"]:
        assert heading in html
    for item in demo.NEWS + demo.PRESS_RELEASES + demo.PUBLICATIONS:
        assert item["title"] in html
    figures = [
        strip_tags(value)
        for value in re.findall(r'<p class="figure__value">(.*?)</p>', html)
    ]
    assert figures == ["15", "150+", "8", "1,530,000 USD"]
    # The number never breaks; the unit may go to the next line.
    assert '<span class="figure__number">1,530,000</span>' in html
    assert "Medellín / París" in html


def test_featured_news_comes_first(client):
    NewsArticleFactory(title="Plain and new")
    NewsArticleFactory(title="Featured and older", is_featured=True)
    titles = [item.title for item in client.get("/").context["latest_news"]]
    assert titles == ["Featured and older", "Plain and new"]


def test_homepage_hides_drafts_scheduled_and_expired(client):
    NewsArticleFactory(title="Visible news")
    NewsArticleFactory(title="Draft news", draft=True)
    PressReleaseFactory(title="Scheduled release", scheduled=True)
    PublicationFactory(title="Expired publication", expired=True)
    html = client.get("/").content.decode()
    assert "Visible news" in html
    for hidden in ["Draft news", "Scheduled release", "Expired publication"]:
        assert hidden not in html


def test_sections_show_as_many_items_as_the_settings_say(client):
    HomePage.objects.create(news_count=2, impact_count=1)
    NewsArticleFactory.create_batch(4)
    ImpactMetricFactory.create_batch(3)
    context = client.get("/").context
    assert len(context["latest_news"]) == 2
    assert len(context["impact_metrics"]) == 1


def test_inactive_figures_are_hidden(client):
    ImpactMetricFactory(label="shown figure")
    ImpactMetricFactory(label="retired figure", is_active=False)
    html = client.get("/").content.decode()
    assert "shown figure" in html
    assert "retired figure" not in html
