import io

import pytest
from django.apps import apps
from django.contrib import admin
from django.core.management import call_command
from django.urls import reverse

from armcms.content.library import Image
from armcms.content.models import HomePage, Singleton, Status
from news.models import NewsArticle
from tests.armcms.admin_helpers import article_form
from tests.armcms.factories import library_image
from tests.conftest import image_bytes
from tests.news.factories import NewsArticleFactory

pytestmark = pytest.mark.django_db

# Apps whose rows the demo content does not create.
UNSEEDED = {"auth", "axes", "otp_static", "otp_totp", "redirects"}
REGISTERED = [model for model in apps.get_models() if admin.site.is_registered(model)]


def admin_url(model, action, *args):
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{action}", args=args)


@pytest.fixture
def seeded():
    call_command("seed_demo", stdout=io.StringIO())


def test_changelist_add_and_change_pages_render(admin_client, seeded):
    # One test over every registered model, so the demo content loads once.
    for model in REGISTERED:
        label = model._meta.label
        response = admin_client.get(admin_url(model, "changelist"), follow=True)
        assert response.status_code == 200, label
        # The one row of each singleton (homepage, identity) exists already;
        # the sign-in logs are written by django-axes alone.
        if not issubclass(model, Singleton) and model._meta.app_label != "axes":
            assert admin_client.get(admin_url(model, "add")).status_code == 200, label
        obj = model._default_manager.first()
        assert obj is not None or model._meta.app_label in UNSEEDED, label
        if obj is not None:
            change = admin_client.get(admin_url(model, "change", obj.pk))
            assert change.status_code == 200, label


def test_changelist_search_and_filters_render(admin_client, seeded):
    url = admin_url(NewsArticle, "changelist")
    for query in ["?q=gold", "?status__exact=draft", "?is_featured__exact=1"]:
        assert admin_client.get(url + query).status_code == 200


def test_homepage_admin_leads_to_its_single_row(admin_client):
    response = admin_client.get(admin_url(HomePage, "changelist"))
    assert response.url == admin_url(HomePage, "add")
    HomePage.objects.create()
    response = admin_client.get(admin_url(HomePage, "changelist"))
    assert response.url == admin_url(HomePage, "change", 1)
    assert admin_client.get(admin_url(HomePage, "add")).status_code == 403


def test_adding_an_article_derives_slug_and_sanitises_body(admin_client):
    response = admin_client.post(
        admin_url(NewsArticle, "add"),
        article_form(body_en="<p>Hi</p><script>alert(1)</script>"),
    )
    assert response.status_code == 302
    article = NewsArticle.objects.get()
    assert article.slug == "miners-meet-in-medellin"
    assert article.body == "<p>Hi</p>"


def test_missing_alt_text_is_a_form_error_that_keeps_the_input(admin_client):
    image = library_image(alt_en="")
    response = admin_client.post(
        admin_url(NewsArticle, "add"), article_form(lead_image=str(image.pk))
    )
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert "lead_image_alt_en" in form.errors
    assert form["title_en"].value() == "Miners meet in Medellín"
    assert not NewsArticle.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("published_at_0", "not a date"),
        ("status", "archived"),
        ("slug_en", "spaces are not allowed"),
        ("slug_es", "spaces are not allowed"),
        ("title_en", ""),
    ],
)
def test_bad_fields_are_form_errors(admin_client, field, value):
    response = admin_client.post(
        admin_url(NewsArticle, "add"), article_form(**{field: value})
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors
    assert not NewsArticle.objects.exists()


def test_a_duplicate_slug_is_a_form_error(admin_client):
    NewsArticleFactory(slug="taken")
    response = admin_client.post(
        admin_url(NewsArticle, "add"), article_form(slug_en="taken")
    )
    assert "slug_en" in response.context["adminform"].form.errors


@pytest.mark.parametrize(
    ("action", "field", "value"),
    [
        ("publish", "status", Status.PUBLISHED),
        ("unpublish", "status", Status.DRAFT),
        ("feature", "is_featured", True),
        ("unfeature", "is_featured", False),
    ],
)
def test_bulk_actions(admin_client, action, field, value):
    articles = NewsArticleFactory.create_batch(
        2,
        status=Status.DRAFT if value == Status.PUBLISHED else Status.PUBLISHED,
        is_featured=not value if field == "is_featured" else False,
    )
    before = {a.pk: a.updated_at for a in articles}
    response = admin_client.post(
        admin_url(NewsArticle, "changelist"),
        {"action": action, "_selected_action": [a.pk for a in articles]},
        follow=True,
    )
    assert response.status_code == 200
    for article in NewsArticle.objects.all():
        assert getattr(article, field) == value
        assert article.updated_at > before[article.pk]
    assert "2 items" in response.content.decode()


def test_body_is_edited_with_ckeditor_uploading_through_our_view(admin_client):
    html = admin_client.get(admin_url(NewsArticle, "add")).content.decode()
    assert "django_ckeditor_5/dist/bundle.js" in html
    assert f'data-upload-url="{reverse("editor_image_upload")}"' in html


def bad_upload(kind):
    from tests.conftest import png_header_only

    return {
        "renamed": ("photo.jpg", b"MZ\x90\x00 not an image"),
        "svg": (
            "logo.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
        ),
        "oversize": ("big.png", image_bytes(size=(600, 600))),
        "bomb": ("bomb.png", png_header_only(100_000, 100_000)),
        "too-many-pixels": ("wide.png", png_header_only(8_000, 6_000)),
    }[kind]


@pytest.mark.parametrize(
    "kind", ["renamed", "svg", "oversize", "bomb", "too-many-pixels"]
)
def test_bad_images_are_form_errors_and_keep_the_input(admin_client, settings, kind):
    settings.MAX_IMAGE_UPLOAD_MB = 0 if kind == "oversize" else 10
    name, content = bad_upload(kind)
    upload = io.BytesIO(content)
    upload.name = name
    response = admin_client.post(
        "/admin/armcms/image/add/",
        {"file": upload, "title": "Mine gate", "alt_en": "An image", "tags": ""},
    )
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.errors["file"]
    assert form["title"].value() == "Mine gate"
    assert form["alt_en"].value() == "An image"
    assert not Image.objects.exists()


def test_a_file_that_is_not_a_pdf_is_a_form_error(admin_client):
    fake = io.BytesIO(b"<html><script>alert(1)</script></html>")
    fake.name = "release.pdf"
    response = admin_client.post(
        "/admin/armcms/document/add/",
        {"file": fake, "title_en": "Release", "description_en": "Lima", "tags": ""},
    )
    form = response.context["adminform"].form
    assert "This file is not the kind its name says (PDF)." in form.errors["file"]
    assert form["description_en"].value() == "Lima"


def test_view_on_site_stays_on_the_editors_host(admin_client):
    article = NewsArticleFactory()
    page = admin_client.get(admin_url(NewsArticle, "change", article.pk))
    assert f'href="{article.get_absolute_url()}"' in page.content.decode()
