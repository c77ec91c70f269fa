"""Refused requests answer with the site's own page, not a bare "403 Forbidden"."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.urls import path, reverse

from armcms.urls import urlpatterns as site_urlpatterns
from tests.client import Client
from tests.news.factories import NewsArticleFactory

pytestmark = pytest.mark.django_db


def refuse(request):
    raise PermissionDenied


# The site's addresses and one that refuses everyone, for the page a visitor
# who is not signed in gets.
urlpatterns = [path("refused/", refuse, name="refused"), *site_urlpatterns]


@pytest.fixture
def editor(client, django_user_model):
    user = django_user_model.objects.create_user(
        username="eva", password="x" * 16, is_staff=True
    )
    user.groups.add(Group.objects.get(name="Editor"))
    client.force_login(user)
    return client


def test_an_editor_refused_a_delete_gets_the_branded_page(editor):
    article = NewsArticleFactory()
    url = reverse("admin:news_newsarticle_delete", args=[article.pk])
    for response in (editor.get(url), editor.post(url, {"post": "yes"})):
        assert response.status_code == 403
        html = response.content.decode()
        assert "<h1>Not allowed</h1>" in html
        assert "You are signed in as eva, but your account is not allowed" in html
        assert f'<a href="{reverse("admin:index")}">Go to the back office</a>' in html
        assert 'class="site-header"' in html
        assert "Go to the homepage" not in html


def test_a_visitor_refused_gets_the_branded_page_with_a_way_home(client, settings):
    settings.ROOT_URLCONF = __name__
    response = client.get("/refused/")
    assert response.status_code == 403
    html = response.content.decode()
    assert "<h1>Not allowed</h1>" in html
    assert "This page is not open to the public." in html
    assert "signed in" not in html
    assert '<a href="/">Go to the homepage</a>' in html
    assert 'content="noindex"' in html


def test_a_form_sent_without_its_csrf_token_gets_the_branded_page():
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("two_factor:login"), {"auth-username": "eva"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "<h1>The form could not be sent</h1>" in html
    assert "reload the page and try again" in html
    assert 'href="/static/css/site.css"' in html
