"""
The media library in the back office: choosers on every field that shows a
record, the library's lists as pop-ups, bulk upload, the editor's uploads,
and forged input answered with form errors.
"""

import json

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile

from armcms.content.library import Image
from news.models import NewsArticle
from tests.armcms.admin_helpers import article_form, sign_in
from tests.armcms.content.test_image_privacy import phone_photo
from tests.armcms.factories import library_document, library_image
from tests.conftest import image_bytes
from tests.news.factories import NewsArticleFactory
from tests.publications.factories import PublicationFactory

pytestmark = pytest.mark.django_db

ADD_ARTICLE = "/admin/news/newsarticle/add/"


@pytest.fixture
def publisher(client, django_user_model):
    return sign_in(client, django_user_model, "Publisher")


@pytest.fixture
def editor(client, django_user_model):
    return sign_in(client, django_user_model, "Editor")


def test_every_field_that_shows_a_record_is_a_chooser(publisher):
    pages = {
        ADD_ARTICLE: ["lead_image"],
        "/admin/news/pressrelease/add/": ["lead_image", "pdf"],
        "/admin/publications/publication/add/": ["lead_image", "cover_image", "pdf"],
        "/admin/pages/page/add/": ["lead_image"],
        "/admin/pages/person/add/": ["photo"],
    }
    for url, fields in pages.items():
        html = publisher.get(url).content.decode()
        for field in fields:
            assert f'id="lookup_id_{field}"' in html, (url, field)
            assert f'id="add_id_{field}"' in html, (url, field)
            assert "?_to_field=id&amp;_popup=1" in html, (url, field)


def test_a_chosen_image_shows_with_its_thumbnail_and_title(publisher):
    image = library_image("cooperative.jpg", title="Cooperative at dawn")
    article = NewsArticleFactory(lead_image=image)
    html = publisher.get(f"/admin/news/newsarticle/{article.pk}/change/").content
    html = html.decode()
    assert "Cooperative at dawn" in html
    assert f'src="/media/{image.renditions["webp"][0][2]}"' in html


def test_the_library_list_is_searchable_newest_first_with_thumbnails(editor):
    library_image("first.jpg", title="River at dawn", tags="gold, river")
    library_image("second.jpg", image_bytes("JPEG", (801, 450)), title="Assembly")
    response = editor.get("/admin/armcms/image/?_popup=1&_to_field=id")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.index("Assembly") < html.index("River at dawn")
    assert html.count('class="library-thumbnail"') == 2
    found = editor.get("/admin/armcms/image/?_popup=1&_to_field=id&q=gold")
    assert "River at dawn" in found.content.decode()
    assert "Assembly" not in found.content.decode()


def test_a_chooser_never_offers_what_the_person_may_not_see(client, django_user_model):
    user = django_user_model.objects.create_user(
        "nobody", "nobody@example.org", "a long passphrase for tests", is_staff=True
    )
    user.user_permissions.add(Permission.objects.get(codename="add_newsarticle"))
    client.force_login(user)
    library_image(title="Private archive")
    assert client.get("/admin/armcms/image/?_popup=1&_to_field=id").status_code == 403
    assert client.get("/admin/armcms/image/1/summary/").status_code == 403


def test_the_summary_a_chooser_reads(editor):
    image = library_image("dawn.jpg", title="Dawn", alt_en="Miners at dawn")
    body = json.loads(editor.get(f"/admin/armcms/image/{image.pk}/summary/").content)
    assert body["title"] == "Dawn" and body["alt"] == "Miners at dawn"
    assert body["url"] == image.file.url and body["thumbnail"].endswith(".webp")
    for forged in ["abc", str(2**64), "999999"]:
        assert editor.get(f"/admin/armcms/image/{forged}/summary/").status_code == 404


def test_choosing_an_image_saves_the_use_with_its_own_alt_text(publisher):
    image = library_image("river.jpg", alt_en="A river")
    data = article_form(
        title_en="With a chosen image",
        lead_image=str(image.pk),
        lead_image_alt_en="Gold panning at a river",
    )
    response = publisher.post(ADD_ARTICLE, data)
    assert response.status_code == 302
    article = NewsArticle.objects.get(title_en="With a chosen image")
    assert article.lead_image == image
    assert article.lead_image_alt == "Gold panning at a river"


@pytest.mark.parametrize("forged", ["abc", str(2**64), "-1", "999999"])
def test_a_forged_choice_is_a_form_error(publisher, forged):
    data = article_form(lead_image=forged)
    response = publisher.post(ADD_ARTICLE, data)
    assert response.status_code == 200
    assert "lead_image" in response.context["adminform"].form.errors


def test_an_image_without_any_alt_text_is_a_form_error(publisher):
    image = library_image(alt_en="")
    data = article_form(lead_image=str(image.pk))
    response = publisher.post(ADD_ARTICLE, data)
    assert "lead_image_alt_en" in response.context["adminform"].form.errors


def test_uploading_in_the_pop_up_comes_back_chosen(editor):
    response = editor.post(
        "/admin/armcms/image/add/?_to_field=id&_popup=1",
        {
            "file": SimpleUploadedFile("new.jpg", image_bytes("JPEG", (640, 480))),
            "title": "",
            "tags": "",
            "alt_en": "A new photo",
            "_popup": "1",
            "_to_field": "id",
        },
    )
    image = Image.objects.get()
    html = response.content.decode()
    assert 'id="django-admin-popup-response-constants"' in html
    assert f"&quot;value&quot;: &quot;{image.pk}&quot;" in html
    assert image.uploaded_by.username == "editor"


def test_uploading_the_same_picture_again_points_at_the_record(publisher):
    existing = library_image("first.jpg")
    data = open_bytes(existing)
    response = publisher.post(
        "/admin/armcms/image/add/",
        {"file": SimpleUploadedFile("again.jpg", data), "alt_en": "x"},
    )
    assert response.status_code == 200
    assert "already in the library" in response.content.decode()
    assert Image.objects.count() == 1


def open_bytes(record) -> bytes:
    with record.file.open("rb") as handle:
        return handle.read()


def test_a_focal_point_outside_the_image_is_a_form_error(publisher):
    image = library_image()
    response = publisher.post(
        f"/admin/armcms/image/{image.pk}/change/",
        {"title": "x", "alt_en": "x", "focal_x": "5000", "focal_y": "10"},
    )
    assert response.status_code == 200
    assert "inside the image" in response.content.decode()


def test_bulk_upload_one_by_one_with_json(editor, media_root):
    url = "/admin/armcms/image/bulk-upload/"
    assert editor.get("/admin/armcms/image/").content.decode().count(url) == 1
    page = editor.get(url)
    assert "data-drop-zone" in page.content.decode()
    good = editor.post(
        url,
        {"files": SimpleUploadedFile("phone.jpg", phone_photo())},
        headers={"Accept": "application/json"},
    )
    assert good.status_code == 200
    body = good.json()
    assert body["created"] and body["change_url"].endswith(f"/{body['id']}/change/")
    bad = editor.post(
        url,
        {"files": SimpleUploadedFile("notes.jpg", b"not an image")},
        headers={"Accept": "application/json"},
    )
    assert bad.status_code == 400 and "not an image" in bad.json()["error"]
    again = editor.post(
        url,
        {"files": SimpleUploadedFile("copy.jpg", phone_photo())},
        headers={"Accept": "application/json"},
    )
    assert again.json()["id"] == body["id"] and not again.json()["created"]
    assert Image.objects.count() == 1


def test_bulk_upload_without_script_takes_every_file(editor):
    response = editor.post(
        "/admin/armcms/image/bulk-upload/",
        {
            "files": [
                SimpleUploadedFile("a.jpg", image_bytes("JPEG", (300, 200))),
                SimpleUploadedFile("b.png", image_bytes("PNG", (200, 300))),
                SimpleUploadedFile(
                    "c.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>"
                ),
            ]
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert Image.objects.count() == 2
    assert "c.svg" in html and "bulk-upload__result--error" in html


def test_the_editors_uploads_are_library_records(editor):
    first = editor.post(
        "/editor/upload/",
        {"upload": SimpleUploadedFile("body.png", image_bytes("PNG", (900, 600)))},
    )
    assert first.status_code == 200
    image = Image.objects.get()
    assert first.json()["url"] == image.file.url
    again = editor.post(
        "/editor/upload/",
        {"upload": SimpleUploadedFile("copy.png", image_bytes("PNG", (900, 600)))},
    )
    assert again.json()["url"] == image.file.url
    assert Image.objects.count() == 1


def test_the_editor_offers_images_from_the_library(publisher):
    html = publisher.get(ADD_ARTICLE).content.decode()
    assert 'id="library-urls"' in html
    assert 'data-summary="/admin/armcms/image/0/summary/"' in html


def test_a_document_lists_where_it_is_used(publisher):
    document = library_document("gold.pdf", title="Gold report file")
    publication = PublicationFactory(title="Gold report", pdf=document)
    html = publisher.get(f"/admin/armcms/document/{document.pk}/change/").content
    assert f"/admin/publications/publication/{publication.pk}/change/" in html.decode()
    listing = publisher.get("/admin/armcms/document/?q=gold").content.decode()
    assert "Gold report file" in listing and "PDF" in listing
