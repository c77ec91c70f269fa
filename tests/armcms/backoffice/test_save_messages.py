"""After a save, the back office says where the item stands on the site and
links to it."""

import pytest

from armcms.content.models import SiteIdentity, Status
from news.models import NewsArticle
from tests.armcms.admin_helpers import article_form, sign_in

pytestmark = pytest.mark.django_db

ADD = "/admin/news/newsarticle/add/"


def messages_after(client, data) -> list[str]:
    response = client.post(ADD, data, follow=True)
    assert response.status_code == 200
    return [str(message) for message in response.context["messages"]]


@pytest.mark.parametrize(
    ("role", "status", "published_at", "said", "label"),
    [
        ("Publisher", Status.PUBLISHED, "2024-05-01", "It is on the site.", "View it"),
        ("Publisher", Status.PUBLISHED, "2099-05-01", "It goes live on", "Preview it"),
        (
            "Editor",
            Status.DRAFT,
            "2024-05-01",
            "Visitors do not see it (draft).",
            "Preview it",
        ),
    ],
)
def test_a_save_says_where_the_item_stands_and_links_to_it(
    client, django_user_model, role, status, published_at, said, label
):
    staff = sign_in(client, django_user_model, role)
    said_after = messages_after(
        staff, article_form(status=status, published_at_0=published_at)
    )
    article = NewsArticle.objects.get()
    link = (
        f'<a href="{article.get_absolute_url()}" target="_blank" rel="noopener">'
        f"{label}</a>"
    )
    assert any(said in message and link in message for message in said_after), (
        said_after
    )


def test_the_back_office_is_named_after_the_organisation(admin_client):
    assert "<title>Content | Alliance for Responsible Mining</title>" in (
        admin_client.get("/admin/").content.decode()
    )
    identity = SiteIdentity.load()
    identity.name_en = "Fair Gold Network"
    identity.save()
    html = admin_client.get("/admin/").content.decode()
    assert '<a href="/admin/">Fair Gold Network</a>' in html
