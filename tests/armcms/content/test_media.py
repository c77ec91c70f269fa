"""Uploaded files are served so that no browser would run them."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from tests.conftest import image_bytes, pdf_with_text

pytestmark = pytest.mark.django_db


def store(name, content):
    return default_storage.save(name, ContentFile(content))


def test_images_display_inline(client):
    name = store("images/2026/01/photo.png", image_bytes())
    response = client.get(f"/media/{name}")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert "attachment" not in response.get("Content-Disposition", "")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "max-age=86400" in response["Cache-Control"]


def test_pdfs_download_with_their_type(client):
    name = store("documents/2026/01/report.pdf", pdf_with_text("Report"))
    response = client.get(f"/media/{name}")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="report.pdf"'


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("editor/page.html", b"<script>alert(1)</script>"),
        ("editor/logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="x()"/>'),
    ],
)
def test_anything_else_is_an_inert_download(client, name, content):
    stored = store(name, content)
    response = client.get(f"/media/{stored}")
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "sandbox" in response["Content-Security-Policy"]


@pytest.mark.parametrize(
    "path",
    ["../armcms/settings.py", "..%2F..%2Fetc%2Fpasswd", "missing.png", "%00.png"],
)
def test_missing_files_and_traversal_are_404(client, path):
    assert client.get(f"/media/{path}").status_code == 404
