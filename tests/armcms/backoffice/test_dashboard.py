"""The back office's home: content first, a Write button for each kind, what
went out lately, and the technical apps out of the way."""

import pytest
from django.urls import reverse

from armcms.content.models import Status
from tests.armcms.admin_helpers import sign_in
from tests.news.factories import NewsArticleFactory, PressReleaseFactory

pytestmark = pytest.mark.django_db


def app_names(response) -> list[str]:
    return [str(app["name"]) for app in response.context["app_list"]]


def test_the_home_offers_to_write_each_kind_and_lists_what_went_out(
    client, django_user_model
):
    NewsArticleFactory(title="Out last week")
    PressReleaseFactory(title="Still a draft", status=Status.DRAFT)
    editor = sign_in(client, django_user_model, "Editor")
    response = editor.get(reverse("admin:index"))
    write = {row["name"]: row["url"] for row in response.context["write"]}
    assert write == {
        "News article": "/admin/news/newsarticle/add/",
        "Press release": "/admin/news/pressrelease/add/",
        "Publication": "/admin/publications/publication/add/",
        "Page": "/admin/pages/page/add/",
    }
    published = [row["item"].title for row in response.context["recently_published"]]
    assert published == ["Out last week"]
    # Editors see their content and the site's settings; nothing technical.
    assert "Technical" not in app_names(response)


def test_superusers_find_the_technical_apps_under_one_heading(admin_client):
    response = admin_client.get(reverse("admin:index"))
    names = app_names(response)
    assert names[-1] == "Technical"
    assert names.index("News and press") < names.index(
        "Authentication and Authorization"
    )
    technical = response.context["app_list"][-1]["models"]
    gathered = {str(model["name"]) for model in technical}
    assert {"Access attempts", "TOTP devices", "Redirects", "Sites"} <= gathered
    for app in ("axes", "otp_totp", "redirects", "sites"):
        assert app not in [a["app_label"] for a in response.context["app_list"]]
    # An app's own page still lists it alone.
    assert admin_client.get("/admin/axes/").status_code == 200
