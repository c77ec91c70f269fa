import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.conftest import image_bytes

pytestmark = pytest.mark.django_db

URL = reverse("editor_image_upload")


def test_staff_upload_is_stored_with_a_clean_name(admin_client, png_upload, media_root):
    response = admin_client.post(URL, {"upload": png_upload})
    assert response.status_code == 200
    url = response.json()["url"]
    assert url.startswith("/media/images/")
    assert url.endswith("/photo-of-miners.png")
    assert (media_root / url.removeprefix("/media/")).is_file()


def test_visitors_cannot_upload(client, png_upload, media_root):
    response = client.post(URL, {"upload": png_upload})
    assert response.status_code == 403
    assert "permission" in response.json()["error"]["message"]
    assert not media_root.exists()


@pytest.mark.parametrize(
    "upload",
    [
        SimpleUploadedFile("photo.jpg", b"MZ not an image at all", "image/jpeg"),
        SimpleUploadedFile(
            "drawing.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "image/svg+xml",
        ),
        SimpleUploadedFile("page.html", b"<html></html>", "text/html"),
    ],
    ids=["renamed", "svg", "html"],
)
def test_non_images_are_refused_with_a_message(admin_client, upload, media_root):
    response = admin_client.post(URL, {"upload": upload})
    assert response.status_code == 400
    assert response.json()["error"]["message"]
    assert not media_root.exists()


def test_oversize_image_is_refused(admin_client, settings):
    settings.MAX_IMAGE_UPLOAD_MB = 0
    upload = SimpleUploadedFile("big.png", image_bytes(), "image/png")
    response = admin_client.post(URL, {"upload": upload})
    assert response.status_code == 400
    assert "MB" in response.json()["error"]["message"]


def test_missing_file_and_get_are_refused(admin_client):
    assert admin_client.post(URL, {}).status_code == 400
    assert admin_client.get(URL).status_code == 405
