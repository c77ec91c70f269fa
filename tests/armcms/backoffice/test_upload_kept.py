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

from armcms.backoffice.uploads import KEPT_FOLDER, KeptUploadMixin
from armcms.content.library import Document, Image
from tests.conftest import image_bytes, pdf_with_text

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


ADD_IMAGE = "/admin/armcms/image/add/"
TOO_LONG = "x" * 300


def image_form(**overrides) -> dict:
    """The library's image form, filled in: a title too long fails it."""
    data = {"title": "Miners", "tags": "", "alt_en": "", "focal_x": "", "focal_y": ""}
    data.update(overrides)
    return data


def post_image_with_a_long_title(client):
    return client.post(
        ADD_IMAGE,
        image_form(file=upload("Photo Of Miners.PNG", image_bytes()), title=TOO_LONG),
    )


def test_an_image_is_kept_when_another_field_fails(admin_client):
    response = post_image_with_a_long_title(admin_client)

    assert response.status_code == 200
    form = response.context["adminform"].form
    assert "title" in form.errors
    assert "file" not in form.errors
    html = response.content.decode()
    assert "Chosen: Photo Of Miners.PNG" in html
    assert kept_token(response, "file")
    assert len(kept_files()) == 1
    assert not Image.objects.exists()


def test_the_kept_image_is_saved_by_the_next_save(
    admin_client, django_capture_on_commit_callbacks
):
    token = kept_token(post_image_with_a_long_title(admin_client), "file")

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            ADD_IMAGE,
            image_form(**{"file-kept": token}),
        )

    assert response.status_code == 302
    image = Image.objects.get()
    assert image.file.name.startswith("images/")
    assert image.file.name.endswith("/photo-of-miners.png")
    assert default_storage.exists(image.file.name)
    assert (image.width, image.height) == (40, 30)
    assert kept_files() == []


def test_a_kept_file_shows_again_while_other_errors_remain(admin_client):
    token = kept_token(post_image_with_a_long_title(admin_client), "file")

    response = admin_client.post(
        ADD_IMAGE,
        image_form(**{"file-kept": token, "title": TOO_LONG}),
    )

    assert response.status_code == 200
    assert "Chosen: Photo Of Miners.PNG" in response.content.decode()
    assert kept_token(response, "file") == token


def test_a_kept_file_can_be_removed(admin_client):
    token = kept_token(post_image_with_a_long_title(admin_client), "file")

    response = admin_client.post(
        ADD_IMAGE,
        image_form(**{"file-kept": token, "file-kept-remove": "on"}),
    )

    # An image record needs its file: the form asks for one again.
    assert response.status_code == 200
    assert "file" in response.context["adminform"].form.errors
    assert "Chosen:" not in response.content.decode()
    assert not Image.objects.exists()


def test_another_file_chosen_replaces_the_kept_one(admin_client):
    token = kept_token(post_image_with_a_long_title(admin_client), "file")

    response = admin_client.post(
        ADD_IMAGE,
        image_form(
            **{
                "file-kept": token,
                "file": upload("second.png", image_bytes(size=(20, 10))),
            }
        ),
    )

    assert response.status_code == 302
    image = Image.objects.get()
    assert image.file.name.endswith("/second.png")
    assert image.width == 20


def test_a_file_with_errors_of_its_own_is_not_kept(admin_client):
    response = admin_client.post(
        ADD_IMAGE,
        image_form(file=upload("photo.png", b"MZ not an image"), title=TOO_LONG),
    )

    assert "file" in response.context["adminform"].form.errors
    assert "Chosen:" not in response.content.decode()
    assert kept_files() == []
    # The next one chosen is a real image: kept while the title is too long.
    response = post_image_with_a_long_title(admin_client)
    assert "Chosen: Photo Of Miners.PNG" in response.content.decode()


def test_the_kept_file_is_checked_again_when_it_is_used(admin_client, settings):
    token = kept_token(post_image_with_a_long_title(admin_client), "file")
    settings.MAX_IMAGE_UPLOAD_MB = 0

    response = admin_client.post(
        ADD_IMAGE,
        image_form(**{"file-kept": token}),
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["file"]
    assert not Image.objects.exists()


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
        ADD_IMAGE,
        image_form(**{"file-kept": token}),
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["file"]
    assert not Image.objects.exists()


def test_another_users_token_is_refused(admin_client, client):
    token = kept_token(post_image_with_a_long_title(admin_client), "file")
    other = User.objects.create_superuser("ola", "ola@example.org", "pw")
    client.force_login(other)

    response = client.post(
        ADD_IMAGE,
        image_form(**{"file-kept": token}),
    )

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["file"]
    assert "could not be kept" in errors[0]
    assert not Image.objects.exists()
    assert len(kept_files()) == 1


def test_a_token_older_than_a_day_is_refused(admin_client, admin_user):
    token = kept_token(post_image_with_a_long_title(admin_client), "file")

    with time_machine.travel(timezone.now() + timedelta(days=1, minutes=1)):
        admin_client.force_login(admin_user)  # the session expired meanwhile
        response = admin_client.post(
            ADD_IMAGE,
            image_form(**{"file-kept": token}),
        )

    assert response.context["adminform"].form.errors["file"]


def test_a_document_is_kept_after_another_error(
    admin_client, django_capture_on_commit_callbacks
):
    add = "/admin/armcms/document/add/"
    data = {"title_en": TOO_LONG, "description_en": "", "language": "", "tags": ""}

    response = admin_client.post(
        add, {**data, "file": upload("Water Report.pdf", pdf_with_text("Water"))}
    )

    assert response.status_code == 200
    assert "title_en" in response.context["adminform"].form.errors
    assert "Chosen: Water Report.pdf" in response.content.decode()
    token = kept_token(response, "file")

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            add, {**data, "title_en": "Water report", "file-kept": token}
        )

    assert response.status_code == 302
    document = Document.objects.get()
    assert document.file.name.startswith("documents/")
    assert document.file.name.endswith("/water-report.pdf")
    assert "Water" in document.text
    assert kept_files() == []


def test_every_file_field_of_the_admins_keeps_its_upload(rf, admin_user):
    request = rf.get("/")
    request.user = admin_user
    fields = set()
    for model in apps.get_models():
        if not admin.site.is_registered(model):
            continue
        form = admin.site.get_model_admin(model).get_form(request)
        for field in model._meta.fields:
            if isinstance(field, FileField) and field.name in form.base_fields:
                assert isinstance(form.base_fields[field.name], KeptUploadMixin)
                fields.add(f"{model._meta.label}.{field.name}")
    assert {"armcms.Image.file", "armcms.Document.file"} <= fields


def test_clear_upload_drafts_deletes_files_older_than_a_day(admin_client):
    post_image_with_a_long_title(admin_client)
    with time_machine.travel(timezone.now() + timedelta(hours=23)):
        call_command("clear_upload_drafts", stdout=io.StringIO())
    assert len(kept_files()) == 1

    with time_machine.travel(timezone.now() + timedelta(days=1, minutes=1)):
        out = io.StringIO()
        call_command("clear_upload_drafts", stdout=out)

    assert kept_files() == []
    assert "1" in out.getvalue()


def test_kept_files_are_neither_served_nor_backed_up(admin_client, client, tmp_path):
    post_image_with_a_long_title(admin_client)
    (path,) = kept_files()
    assert client.get(f"/media/{path}").status_code == 404
    archive = tmp_path / "site.zip"
    call_command("backup", str(archive))
    with zipfile.ZipFile(archive) as backup:
        assert not [name for name in backup.namelist() if KEPT_FOLDER in name]
