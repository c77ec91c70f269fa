"""
A file chosen in a back-office form that fails validation for another
reason is kept: the form shows it as chosen, and the next save uses it.
"""

import io
import re
import zipfile
from datetime import timedelta

import pytest
import time_machine
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import User
from django.core import signing
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db.models import FileField
from django.utils import timezone

from armcms.backoffice.mixins import PublishableAdminMixin
from armcms.backoffice.uploads import KEPT_FOLDER, KeptUploadMixin
from news.models import NewsArticle
from publications.models import Publication
from tests.armcms.admin_helpers import article_form, form_data
from tests.armcms.backoffice.test_admin import admin_url
from tests.conftest import image_bytes, pdf_with_text
from tests.news.factories import NewsArticleFactory, PressReleaseFactory

pytestmark = pytest.mark.django_db


def upload(name: str, content: bytes) -> io.BytesIO:
    file = io.BytesIO(content)
    file.name = name
    return file


def kept_token(response, field: str) -> str:
    """The token of the file kept for ``field``, from the page's HTML."""
    html = response.content.decode()
    match = re.search(rf'name="{field}-kept" value="([^"]+)"', html)
    assert match, f"no kept file for {field}"
    return match[1]


def kept_files() -> list[str]:
    if not default_storage.exists(KEPT_FOLDER):
        return []
    folders, _files = default_storage.listdir(KEPT_FOLDER)
    return [
        f"{KEPT_FOLDER}/{folder}/{name}"
        for folder in folders
        for name in default_storage.listdir(f"{KEPT_FOLDER}/{folder}")[1]
    ]


def post_article_without_alt_text(client):
    return client.post(
        admin_url(NewsArticle, "add"),
        article_form(lead_image=upload("Photo Of Miners.PNG", image_bytes())),
    )


def test_a_lead_image_is_kept_when_the_alt_text_is_missing(admin_client):
    response = post_article_without_alt_text(admin_client)

    assert response.status_code == 200
    form = response.context["adminform"].form
    assert "lead_image_alt_en" in form.errors
    assert "lead_image" not in form.errors
    html = response.content.decode()
    assert "Chosen: Photo Of Miners.PNG" in html
    assert kept_token(response, "lead_image")
    assert len(kept_files()) == 1
    assert not NewsArticle.objects.exists()


def test_the_kept_lead_image_is_saved_by_the_next_save(
    admin_client, django_capture_on_commit_callbacks
):
    token = kept_token(post_article_without_alt_text(admin_client), "lead_image")

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            admin_url(NewsArticle, "add"),
            article_form(**{"lead_image-kept": token, "lead_image_alt_en": "Miners"}),
        )

    assert response.status_code == 302
    article = NewsArticle.objects.get()
    assert article.lead_image.name.startswith("images/")
    assert article.lead_image.name.endswith("/photo-of-miners.png")
    assert default_storage.exists(article.lead_image.name)
    assert (article.lead_image_width, article.lead_image_height) == (40, 30)
    assert kept_files() == []


def test_a_kept_file_shows_again_while_other_errors_remain(admin_client):
    token = kept_token(post_article_without_alt_text(admin_client), "lead_image")

    response = admin_client.post(
        admin_url(NewsArticle, "add"),
        article_form(**{"lead_image-kept": token, "title_en": ""}),
    )

    assert response.status_code == 200
    assert "Chosen: Photo Of Miners.PNG" in response.content.decode()
    assert kept_token(response, "lead_image") == token


def test_a_kept_file_can_be_removed(admin_client):
    token = kept_token(post_article_without_alt_text(admin_client), "lead_image")

    response = admin_client.post(
        admin_url(NewsArticle, "add"),
        article_form(**{"lead_image-kept": token, "lead_image-kept-remove": "on"}),
    )

    assert response.status_code == 302
    assert not NewsArticle.objects.get().lead_image
    assert kept_files() == []


def test_another_file_chosen_replaces_the_kept_one(admin_client):
    token = kept_token(post_article_without_alt_text(admin_client), "lead_image")

    response = admin_client.post(
        admin_url(NewsArticle, "add"),
        article_form(
            **{
                "lead_image-kept": token,
                "lead_image": upload("second.png", image_bytes(size=(20, 10))),
                "lead_image_alt_en": "Another photo",
            }
        ),
    )

    assert response.status_code == 302
    article = NewsArticle.objects.get()
    assert article.lead_image.name.endswith("/second.png")
    assert article.lead_image_width == 20


def test_a_file_with_errors_of_its_own_is_not_kept(admin_client):
    response = admin_client.post(
        admin_url(NewsArticle, "add"),
        article_form(lead_image=upload("photo.png", b"MZ not an image")),
    )

    assert "lead_image" in response.context["adminform"].form.errors
    assert "Chosen:" not in response.content.decode()
    assert kept_files() == []
    # The next one chosen is a real image: kept while the alt text is missing.
    response = post_article_without_alt_text(admin_client)
    assert "Chosen: Photo Of Miners.PNG" in response.content.decode()


def test_the_kept_file_is_checked_again_when_it_is_used(admin_client, settings):
    token = kept_token(post_article_without_alt_text(admin_client), "lead_image")
    settings.MAX_IMAGE_UPLOAD_MB = 0

    response = admin_client.post(
        admin_url(NewsArticle, "add"),
        article_form(**{"lead_image-kept": token, "lead_image_alt_en": "Miners"}),
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["lead_image"]
    assert not NewsArticle.objects.exists()


@pytest.mark.parametrize(
    "token",
    [
        "tmp/uploads/abc/photo.png",
        "images/2026/01/someone-elses.png",
        signing.dumps({"path": "../armcms/settings.py", "name": "x.png", "user": 1}),
    ],
)
def test_a_forged_token_is_a_form_error(admin_client, token):
    default_storage.save("images/2026/01/someone-elses.png", ContentFile(b"x"))

    response = admin_client.post(
        admin_url(NewsArticle, "add"),
        article_form(**{"lead_image-kept": token, "lead_image_alt_en": "Miners"}),
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["lead_image"]
    assert not NewsArticle.objects.exists()


def test_another_users_token_is_refused(admin_client, client):
    token = kept_token(post_article_without_alt_text(admin_client), "lead_image")
    other = User.objects.create_superuser("ola", "ola@example.org", "pw")
    client.force_login(other)

    response = client.post(
        admin_url(NewsArticle, "add"),
        article_form(**{"lead_image-kept": token, "lead_image_alt_en": "Miners"}),
    )

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["lead_image"]
    assert "could not be kept" in errors[0]
    assert not NewsArticle.objects.exists()
    assert len(kept_files()) == 1


def test_a_token_older_than_a_day_is_refused(admin_client, admin_user):
    token = kept_token(post_article_without_alt_text(admin_client), "lead_image")

    with time_machine.travel(timezone.now() + timedelta(days=1, minutes=1)):
        admin_client.force_login(admin_user)  # the session expired meanwhile
        response = admin_client.post(
            admin_url(NewsArticle, "add"),
            article_form(**{"lead_image-kept": token, "lead_image_alt_en": "Miners"}),
        )

    assert response.context["adminform"].form.errors["lead_image"]


def test_a_publication_pdf_is_kept_after_an_isbn_error(
    admin_client, django_capture_on_commit_callbacks
):
    add = admin_url(Publication, "add")
    blank = admin_client.get(add)
    data = form_data(blank, title_en="Gold and water", isbn="12345")
    # An empty choice of topics or countries sends nothing at all.
    data = {key: value for key, value in data.items() if value != ""}

    response = admin_client.post(
        add, {**data, "pdf": upload("Water Report.pdf", pdf_with_text("Water"))}
    )

    assert response.status_code == 200
    assert "isbn" in response.context["adminform"].form.errors
    assert "Chosen: Water Report.pdf" in response.content.decode()
    token = kept_token(response, "pdf")

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            add, {**data, "isbn": "978-3-16-148410-0", "pdf-kept": token}
        )

    assert response.status_code == 302
    publication = Publication.objects.get()
    assert publication.pdf.name.startswith("documents/")
    assert publication.pdf.name.endswith("/water-report.pdf")
    assert "Water" in publication.pdf_text
    assert kept_files() == []


def test_a_kept_file_replaces_the_saved_one_on_a_change_form(
    admin_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            admin_url(NewsArticle, "add"),
            article_form(
                lead_image=upload("old.png", image_bytes()), lead_image_alt_en="Old"
            ),
        )
    article = NewsArticle.objects.get()
    change = admin_url(NewsArticle, "change", article.pk)
    data = form_data(admin_client.get(change))

    response = admin_client.post(
        change,
        {
            **data,
            "lead_image": upload("new.png", image_bytes(size=(20, 10))),
            "lead_image_alt_en": "",
        },
    )
    html = response.content.decode()
    assert "Chosen: new.png" in html
    assert "Currently:" in html
    token = kept_token(response, "lead_image")

    response = admin_client.post(
        change, {**data, "lead_image-kept": token, "lead_image_alt_en": "New"}
    )

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.lead_image.name.endswith("/new.png")


def test_every_file_field_of_the_content_admins_keeps_its_upload(rf, admin_user):
    request = rf.get("/")
    request.user = admin_user
    fields = set()
    for model in apps.get_models():
        if not admin.site.is_registered(model):
            continue
        model_admin = admin.site.get_model_admin(model)
        if not isinstance(model_admin, PublishableAdminMixin):
            continue
        form = model_admin.get_form(request)
        for field in model._meta.fields:
            if isinstance(field, FileField):
                assert isinstance(form.base_fields[field.name], KeptUploadMixin)
                fields.add(f"{model._meta.label}.{field.name}")
    assert {
        "news.NewsArticle.lead_image",
        "news.PressRelease.pdf",
        "publications.Publication.cover_image",
        "publications.Publication.pdf",
    } <= fields


def test_clear_upload_drafts_deletes_files_older_than_a_day(admin_client):
    post_article_without_alt_text(admin_client)
    with time_machine.travel(timezone.now() + timedelta(hours=23)):
        call_command("clear_upload_drafts", stdout=io.StringIO())
    assert len(kept_files()) == 1

    with time_machine.travel(timezone.now() + timedelta(days=1, minutes=1)):
        out = io.StringIO()
        call_command("clear_upload_drafts", stdout=out)

    assert kept_files() == []
    assert "1" in out.getvalue()


def test_kept_files_are_neither_served_nor_backed_up(admin_client, client, tmp_path):
    post_article_without_alt_text(admin_client)
    (path,) = kept_files()
    assert client.get(f"/media/{path}").status_code == 404
    archive = tmp_path / "site.zip"
    call_command("backup", str(archive))
    with zipfile.ZipFile(archive) as backup:
        assert not [name for name in backup.namelist() if KEPT_FOLDER in name]


def test_the_form_shows_the_saved_image_small_and_no_picture_for_a_pdf(admin_client):
    article = NewsArticleFactory()
    article.lead_image.save("miners.png", ContentFile(image_bytes()))
    html = admin_client.get(
        f"/admin/news/newsarticle/{article.pk}/change/"
    ).content.decode()
    assert (
        f'<img class="file-upload__thumbnail" src="{article.lead_image.url}" '
        'alt="The image saved now" loading="lazy">'
    ) in html
    release = PressReleaseFactory()
    release.pdf.save("release.pdf", ContentFile(pdf_with_text("release")))
    html = admin_client.get(f"/admin/news/pressrelease/{release.pk}/change/")
    assert "file-upload__thumbnail" not in html.content.decode()
