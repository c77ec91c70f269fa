"""
The media library: images and documents as records, their checks, focal
point crops, where each is used, and deletion that never breaks a page.
"""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from PIL import Image as Picture

from armcms.content.library import Document, Image, uses
from pages.models import Section
from tests.armcms.admin_helpers import sign_in
from tests.armcms.content.test_image_privacy import phone_photo
from tests.armcms.factories import library_document, library_image, with_image
from tests.conftest import image_bytes, pdf_with_text
from tests.news.factories import NewsArticleFactory
from tests.pages.factories import PageFactory
from tests.publications.factories import PublicationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def publisher_client(client, django_user_model):
    return sign_in(client, django_user_model, "Publisher")


RED, WHITE = (220, 20, 20), (250, 250, 250)


def portrait_with_a_face_on_top(size=(600, 1200)) -> bytes:
    """A white portrait with a red "face" in its top tenth."""
    picture = Picture.new("RGB", size, WHITE)
    picture.paste(RED, (200, 20, 400, 120))
    buffer = io.BytesIO()
    picture.save(buffer, "PNG")
    return buffer.getvalue()


def red_share(name: str) -> float:
    """The share of clearly red pixels in the stored image ``name``."""
    with default_storage.open(name, "rb") as handle, Picture.open(handle) as picture:
        pixels = list(picture.convert("RGB").getdata())
    red = [p for p in pixels if p[0] > 180 and p[1] < 90 and p[2] < 90]
    return len(red) / len(pixels)


def test_an_upload_becomes_a_record_without_metadata(media_root):
    image = library_image("phone.jpg", phone_photo())
    assert image.file.name.startswith("images/")
    assert image.title == "Phone"
    with Picture.open(media_root / image.file.name) as stored:
        assert not stored.getexif()
        assert "xmp" not in stored.info and "comment" not in stored.info
        assert stored.size == (40, 64)  # turned upright
    assert (image.width, image.height) == (40, 64)
    assert len(image.file_hash) == 64


def test_renditions_include_crops_for_cards_and_shared_links(media_root):
    image = library_image("wide.jpg", image_bytes("JPEG", (2000, 1000)))
    card = image.renditions["card"]
    assert [(w, h) for w, h, _n in card["fallback"]] == [(480, 270), (960, 540)]
    assert [(w, h) for w, h, _n in card["webp"]] == [(480, 270), (960, 540)]
    assert [(w, h) for w, h, _n in image.renditions["share"]] == [(1200, 630)]
    for width, height, name in [*card["webp"], *image.renditions["share"]]:
        with Picture.open(media_root / name) as stored:
            assert stored.size == (width, height)
            assert not stored.getexif()


def test_a_face_at_the_top_of_a_portrait_stays_in_the_card():
    centred = library_image("centred.png", portrait_with_a_face_on_top())
    # Cut from the middle, the card misses the face.
    assert red_share(centred.renditions["card"]["fallback"][-1][2]) == 0
    focused = library_image(
        "focused.png", portrait_with_a_face_on_top(), focal_x=300, focal_y=70
    )
    assert focused.renditions["focal"] == [300.5 / 600, 70.5 / 1200]
    card = focused.renditions["card"]["fallback"][-1][2]
    assert red_share(card) > 0.05
    assert red_share(focused.renditions["share"][0][2]) > 0.05


def test_moving_the_focal_point_makes_the_crops_again_and_drops_the_old(
    django_capture_on_commit_callbacks,
):
    image = library_image("move.png", portrait_with_a_face_on_top())
    old = image.renditions["card"]["webp"][-1][2]
    image.focal_x, image.focal_y = 300, 70
    with django_capture_on_commit_callbacks(execute=True):
        image.save()
    assert old not in str(image.renditions)
    assert not default_storage.exists(old)
    assert red_share(image.renditions["card"]["fallback"][-1][2]) > 0.05
    unchanged = dict(image.renditions)
    image.title = "Only the title"
    image.save()
    assert image.renditions == unchanged


@pytest.mark.parametrize(
    ("focal", "code"),
    [
        ((800, 10), "focal_point_outside"),
        ((10, 450), "focal_point_outside"),
        ((10, None), "focal_point_half"),
    ],
)
def test_a_focal_point_outside_the_image_is_refused(focal, code):
    image = library_image()
    image.focal_x, image.focal_y = focal
    with pytest.raises(ValidationError) as error:
        image.full_clean()
    assert error.value.error_dict["__all__"][0].code == code
    image.focal_x, image.focal_y = 799, 449
    image.full_clean()


def docx_bytes(parts=("word/document.xml",)) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        for part in parts:
            archive.writestr(part, "<w:document/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "valid"),
    [
        ("report.pdf", pdf_with_text("gold"), True),
        ("report.pdf", b"<html>not a pdf</html>", False),
        ("report.exe", pdf_with_text("gold"), False),
        ("letter.docx", docx_bytes(), True),
        ("letter.docx", b"PK\x03\x04 not really a zip", False),
        ("sheet.xlsx", docx_bytes(), False),  # a Word file named as a sheet
        ("sheet.xlsx", docx_bytes(["xl/workbook.xml"]), True),
    ],
)
def test_documents_are_checked_by_content(name, data, valid):
    document = Document(file=ContentFile(data, name=name), title="A file")
    if valid:
        document.full_clean()
        return
    with pytest.raises(ValidationError) as error:
        document.full_clean()
    assert "file" in error.value.message_dict


def test_an_oversize_document_is_refused(settings):
    settings.MAX_DOCUMENT_UPLOAD_MB = 0
    document = Document(file=ContentFile(pdf_with_text("x"), name="big.pdf"))
    with pytest.raises(ValidationError):
        document.full_clean()


def test_a_pdfs_size_pages_and_text_are_read_once():
    document = library_document("gold.pdf", pdf_with_text("Mercury free gold"))
    assert document.file_info["pages"] == 1 and document.file_info["size"] > 0
    assert "Mercury free gold" in document.text
    assert document.title == "Gold"


def test_uses_lists_every_field_and_text_that_shows_a_record():
    image = library_image("shared.jpg")
    article = NewsArticleFactory(title="Miners meet", lead_image=image)
    publication = PublicationFactory(title="Gold report", cover_image=image)
    page = PageFactory(title_en="About us")
    Section.objects.create(page=page, kind="image", image=image)
    in_text = NewsArticleFactory(
        title="With the photo in its text",
        body=f'<p>Look:</p><figure class="image"><img src="{image.file.url}" '
        'alt="Miners"></figure>',
    )
    NewsArticleFactory(title="Unrelated")
    found = {(str(row), str(what)) for row, what in uses(image)}
    assert ("Miners meet", "lead image") in found
    assert ("Gold report", "cover image") in found
    assert any(what == "image" for _row, what in found)
    assert (in_text.title, "text") in found
    assert len(found) == 4
    assert article.lead_image == publication.cover_image


def test_deleting_a_record_in_use_is_refused_with_its_uses(publisher_client):
    image = library_image("used.jpg")
    article = NewsArticleFactory(title="Miners meet", lead_image=image)
    url = f"/admin/armcms/image/{image.pk}/delete/"
    response = publisher_client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Miners meet" in html and f"/admin/news/newsarticle/{article.pk}/" in html
    response = publisher_client.post(url, {"post": "yes"})
    assert Image.objects.filter(pk=image.pk).exists()
    assert default_storage.exists(image.file.name)


def test_deleting_an_unused_record_removes_its_files(
    publisher_client, django_capture_on_commit_callbacks
):
    image = library_image("unused.jpg")
    names = [image.file.name, image.renditions["webp"][0][2]]
    with django_capture_on_commit_callbacks(execute=True):
        response = publisher_client.post(
            f"/admin/armcms/image/{image.pk}/delete/", {"post": "yes"}
        )
    assert response.status_code == 302
    assert not Image.objects.filter(pk=image.pk).exists()
    assert not any(default_storage.exists(name) for name in names)


def test_records_deleted_together_take_their_files_with_them(
    publisher_client, django_capture_on_commit_callbacks
):
    images = [library_image(f"bulk-{number}.jpg") for number in range(3)]
    document = library_document("bulk.pdf")
    names = [
        name for image in images for name in image.stored_names()
    ] + document.stored_names()
    assert all(default_storage.exists(name) for name in names)
    with django_capture_on_commit_callbacks(execute=True):
        response = publisher_client.post(
            "/admin/armcms/image/",
            {
                "action": "delete_selected",
                "_selected_action": [str(image.pk) for image in images],
                "post": "yes",
            },
        )
        Document.objects.filter(pk=document.pk).delete()
    assert response.status_code == 302
    assert not Image.objects.exists()
    assert not any(default_storage.exists(name) for name in names)


def test_a_library_image_in_a_body_gets_its_srcset(client):
    image = library_image("in-text.jpg", image_bytes("JPEG", (1200, 600)))
    article = NewsArticleFactory(
        body=f'<figure class="image"><img src="{image.file.url}" alt="A river">'
        "</figure>"
    )
    html = client.get(article.get_absolute_url()).content.decode()
    assert f"{image.renditions['webp'][0][2].rsplit('/', 1)[1]} 480w" in html


def test_a_cards_image_is_its_crop_and_the_share_image_its_share_crop(client):
    article = with_image(
        NewsArticleFactory(title="Cropped"),
        "lead_image",
        "crop.png",
        portrait_with_a_face_on_top(),
        focal_x=300,
        focal_y=70,
    )
    card = article.lead_image.renditions["card"]["webp"][0][2]
    share = article.lead_image.renditions["share"][0][2]
    assert card in client.get("/news/").content.decode()
    detail = client.get(article.get_absolute_url()).content.decode()
    assert f'<meta property="og:image" content="http://testserver/media/{share}">' in (
        detail
    )


def test_make_renditions_fills_in_what_migrated_images_lack():
    image = library_image("old.jpg")
    bare = {key: image.renditions[key] for key in ("source", "fallback", "webp")}
    Image.objects.filter(pk=image.pk).update(renditions=bare)
    out = io.StringIO()
    call_command("make_renditions", stdout=out)
    image.refresh_from_db()
    assert image.renditions["card"]["webp"] and image.renditions["share"]
    assert "Made the renditions of 1 image(s); 0 unreadable." in out.getvalue()
    out = io.StringIO()
    call_command("make_renditions", stdout=out)
    assert "of 0 image(s)" in out.getvalue()


def test_a_change_to_an_image_refreshes_the_cached_pages_that_show_it(
    client, django_capture_on_commit_callbacks
):
    image = library_image("cached.jpg", alt_en="Miners at a river")
    article = NewsArticleFactory(lead_image=image, lead_image_alt="")
    address = article.get_absolute_url()
    assert client.get(address)["X-Page-Cache"] == "miss"
    assert client.get(address)["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        image.alt_en = "Miners washing gold at a river"
        image.save()
    response = client.get(address)
    assert response["X-Page-Cache"] == "miss"
    assert 'alt="Miners washing gold at a river"' in response.content.decode()
