import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image, JpegImagePlugin

from armcms.content.images import make_renditions
from armcms.content.library import Image as LibraryImage
from armcms.content.models import HomePage
from tests.conftest import image_bytes
from tests.news.factories import NewsArticleFactory

pytestmark = pytest.mark.django_db


def photo(size=(2000, 1000), image_format="JPEG", name="photo.jpg"):
    return SimpleUploadedFile(name, image_bytes(image_format, size))


def library(upload) -> LibraryImage:
    image = LibraryImage(file=upload, alt="A photo")
    image.save()
    return image


def test_renditions_are_made_when_the_image_is_saved(media_root):
    image = library(photo())
    renditions = image.renditions
    assert renditions["source"] == image.file.name
    assert [w for w, _h, _n in renditions["fallback"]] == [480, 960, 1600]
    assert [w for w, _h, _n in renditions["webp"]] == [480, 960, 1600]
    for _width, _height, name in renditions["webp"] + renditions["fallback"]:
        assert (media_root / name).is_file()
    assert renditions["webp"][0][1] == 240
    assert renditions["webp"][0][2].endswith(".webp")
    image.refresh_from_db()
    assert image.renditions == renditions


def test_small_images_keep_their_size_and_png_keeps_png(media_root):
    fallback = library(photo((300, 200), "PNG", "logo.png")).renditions["fallback"]
    assert [(w, h) for w, h, _n in fallback] == [(300, 200)]
    assert fallback[0][2].endswith(".png")


def test_renditions_are_made_once(media_root, monkeypatch):
    image = library(photo())
    first = image.renditions
    made = spy(monkeypatch, Image.Image, "resize")
    image.title = "Only the title changed"
    image.save()
    image.refresh_from_db()
    assert image.renditions == first
    assert made == []


def test_cards_print_srcset_with_webp_and_size(client):
    NewsArticleFactory(lead_image=library(photo()), lead_image_alt="Miners at work")
    html = client.get("/news/").content.decode()
    assert '<source type="image/webp" srcset="/media/renditions/' in html
    assert "-card-480.webp 480w, " in html
    # The card's crop (16:9) at its largest.
    assert 'alt="Miners at work" width="960" height="540" loading="eager"' in html


def test_images_far_down_a_list_load_lazily(client):
    for number in range(5):
        NewsArticleFactory(
            lead_image=library(photo((600 + number, 300))), lead_image_alt="A photo"
        )
    html = client.get("/news/").content.decode()
    assert html.count('loading="eager"') == 3
    assert html.count('loading="lazy"') == 2


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("x.jpg", b"not an image"), "not an image"),
        (
            SimpleUploadedFile("x.svg", b'<svg xmlns="http://www.w3.org/2000/svg"/>'),
            "",
        ),
        (
            SimpleUploadedFile("huge.png", image_bytes("PNG", (7000, 7000))),
            "megapixels",
        ),
        (SimpleUploadedFile("anim.bmp", image_bytes("BMP")), ""),
    ],
    ids=["renamed", "svg", "too-many-pixels", "bmp"],
)
def test_bad_images_are_refused_by_the_model(upload, message):
    from django.core.exceptions import ValidationError

    image = LibraryImage(file=upload, alt="x")
    with pytest.raises(ValidationError) as error:
        image.full_clean()
    assert "file" in error.value.message_dict
    assert message in " ".join(error.value.message_dict["file"])


# Large images: shrunk cheaply before the filter, each width from the next.


def spy(monkeypatch, cls, method: str) -> list:
    """Record (image size, first argument) of each call of ``cls.method``."""
    calls = []
    original = getattr(cls, method)

    def recording(self, *args, **kwargs):
        calls.append((self.size, args[0] if args else None))
        return original(self, *args, **kwargs)

    monkeypatch.setattr(cls, method, recording)
    return calls


def test_big_jpeg_is_decoded_at_a_fraction_and_resized_in_a_chain(
    media_root, monkeypatch
):
    image = library(photo((4000, 3000), name="big.jpg"))
    drafts = spy(monkeypatch, JpegImagePlugin.JpegImageFile, "draft")
    resizes = spy(monkeypatch, Image.Image, "resize")
    renditions = make_renditions(image.file)
    # JPEG decodes at half size, enough for the 1600-wide rendition.
    assert drafts == [((4000, 3000), None)]
    # Then the crops, each from the decoded image.
    assert [size for size, _target in resizes[:3]] == [
        (2000, 1500),
        (1600, 1200),
        (960, 720),
    ]
    for key, ext in (("fallback", ".jpg"), ("webp", ".webp")):
        assert [(w, h) for w, h, _n in renditions[key]] == [
            (480, 360),
            (960, 720),
            (1600, 1200),
        ]
        for _w, _h, name in renditions[key]:
            assert name.endswith(ext)
            with Image.open(media_root / name) as image:
                assert image.format == ("JPEG" if ext == ".jpg" else "WEBP")


def test_big_png_is_averaged_down_before_the_filter(media_root, monkeypatch):
    reduces = spy(monkeypatch, Image.Image, "reduce")
    image = library(photo((4000, 2000), "PNG", "chart.png"))
    assert reduces and reduces[0] == ((4000, 2000), (2, 2))
    fallback = image.renditions["fallback"]
    assert [(w, h) for w, h, _n in fallback] == [(480, 240), (960, 480), (1600, 800)]
    assert all(name.endswith(".png") for _w, _h, name in fallback)


def test_16_bit_grey_png_keeps_its_tones(media_root):
    # Mid-grey in 16 bits is 32768; read as 8 bits without scaling it would
    # be clipped to white.
    grey = Image.new("I;16", (2000, 1000), 32768)
    buffer = io.BytesIO()
    grey.save(buffer, "PNG")
    renditions = library(SimpleUploadedFile("scan.png", buffer.getvalue())).renditions
    assert [(w, h) for w, h, _n in renditions["fallback"]] == [
        (480, 240),
        (960, 480),
        (1600, 800),
    ]
    for _w, _h, name in renditions["fallback"] + renditions["webp"]:
        with Image.open(media_root / name) as image:
            assert image.format == ("PNG" if name.endswith(".png") else "WEBP")
            red, green, blue = image.convert("RGB").getpixel((10, 10))
            assert 120 <= red <= 135 and red == green == blue


# Images in the text of a page


def test_body_images_get_renditions_on_the_public_page(admin_client, client):
    upload = SimpleUploadedFile("river.jpg", image_bytes("JPEG", (2000, 1000)))
    url = admin_client.post(reverse("editor_image_upload"), {"upload": upload})
    url = url.json()["url"]
    default_storage.save("editor/2020/01/old.png", ContentFile(image_bytes()))
    article = NewsArticleFactory(
        body=(
            f'<figure class="image"><img src="{url}" alt="The river"></figure>'
            f'<p><img src="{url}" alt="Small" width="300" height="150"></p>'
            '<p><img src="/media/editor/2020/01/old.png" alt="Old"></p>'
            '<p><img src="https://elsewhere.example.org/x.jpg" alt="Elsewhere"></p>'
        )
    )
    html = client.get(article.get_absolute_url()).content.decode()
    stem = url.removeprefix("/media/").removesuffix(".jpg")
    sizes = 'sizes="(min-width: 48rem) 46rem, 100vw"'
    assert (
        f'<picture><source type="image/webp" srcset="/media/renditions/{stem}-480.webp'
        f" 480w, /media/renditions/{stem}-960.webp 960w, "
        f'/media/renditions/{stem}-1600.webp 1600w" {sizes}>'
        f'<img src="/media/renditions/{stem}-1600.jpg" srcset="/media/renditions/'
        f"{stem}-480.jpg 480w, /media/renditions/{stem}-960.jpg 960w, "
        f'/media/renditions/{stem}-1600.jpg 1600w" {sizes} alt="The river" '
        'width="1600" height="800" loading="lazy" decoding="async"></picture>'
    ) in html
    # Shown smaller on purpose: its size is kept, and so is the layout.
    assert (
        'sizes="(min-width: 300px) 300px, 100vw" alt="Small" width="300" '
        'height="150" loading="lazy"'
    ) in html
    # Without renditions (uploaded elsewhere or long ago): as they were.
    assert (
        '<img loading="lazy" decoding="async" src="/media/editor/2020/01/old.png" '
        'alt="Old">'
    ) in html
    assert (
        '<img loading="lazy" decoding="async" '
        'src="https://elsewhere.example.org/x.jpg" alt="Elsewhere">'
    ) in html


def test_homepage_text_images_get_renditions(admin_client, client):
    upload = SimpleUploadedFile("mine.png", image_bytes("PNG", (1000, 500)))
    url = admin_client.post(reverse("editor_image_upload"), {"upload": upload})
    url = url.json()["url"]
    HomePage.objects.create(our_work=f'<p><img src="{url}" alt="Mine"></p>')
    html = client.get("/").content.decode()
    assert "-960.webp 960w" in html
    assert 'alt="Mine" width="960" height="480" loading="lazy"' in html
