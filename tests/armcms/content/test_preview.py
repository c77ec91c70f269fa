import pytest
from django.urls import reverse

from tests.news.factories import NewsArticleFactory, PressReleaseFactory
from tests.publications.factories import PublicationFactory

pytestmark = pytest.mark.django_db

FACTORIES = [NewsArticleFactory, PressReleaseFactory, PublicationFactory]


@pytest.mark.parametrize("factory", FACTORIES, ids=lambda f: f.__name__)
@pytest.mark.parametrize("state", ["draft", "scheduled", "expired"])
def test_staff_preview_unpublished_items_at_their_address(
    admin_client, client, django_user_model, factory, state
):
    item = factory(title="Not public yet", **{state: True})
    response = admin_client.get(item.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "Not public yet" in html
    assert "Preview: this item is" in html
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in response["Cache-Control"]
    assert (
        response.templates[0].name
        == f"{item._meta.app_label}/{item._meta.model_name}_detail.html"
    )

    assert client.get(item.get_absolute_url()).status_code == 404
    visitor = django_user_model.objects.create_user("visitor", password="x" * 16)
    client.force_login(visitor)
    assert client.get(item.get_absolute_url()).status_code == 404


def test_published_items_are_no_preview(admin_client):
    item = NewsArticleFactory()
    response = admin_client.get(item.get_absolute_url())
    assert "Preview:" not in response.content.decode()
    assert not response.has_header("X-Robots-Tag")


def test_changelist_shows_badges_links_and_counts(admin_client):
    NewsArticleFactory(title="A draft", draft=True)
    NewsArticleFactory(title="Later", scheduled=True)
    NewsArticleFactory.create_batch(2)
    NewsArticleFactory(expired=True)
    html = admin_client.get(
        reverse("admin:news_newsarticle_changelist")
    ).content.decode()
    for state in ["draft", "scheduled", "published", "expired"]:
        assert f'class="badge badge--{state}"' in html
    assert "Draft (1)" in html
    assert "Scheduled (1)" in html
    assert "Published (2)" in html
    assert "Expired (1)" in html
    assert ">Preview</a>" in html
    assert ">View</a>" in html
    filtered = admin_client.get(
        reverse("admin:news_newsarticle_changelist") + "?visibility=scheduled"
    )
    assert [a.title for a in filtered.context["cl"].result_list] == ["Later"]


def test_dashboard_lists_recent_and_scheduled_items(admin_client):
    NewsArticleFactory(title="Edited lately", draft=True)
    PublicationFactory(title="Coming soon", scheduled=True)
    html = admin_client.get(reverse("admin:index")).content.decode()
    assert "Scheduled to go live" in html
    assert "Coming soon" in html
    assert "Recently edited" in html
    assert "Edited lately" in html
