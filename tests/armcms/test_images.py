import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.conftest import image_bytes
from tests.news.factories import NewsArticleFactory

pytestmark = pytest.mark.django_db


def photo(size=(2000, 1000), image_format="JPEG", name="photo.jpg"):
    return SimpleUploadedFile(name, image_bytes(image_format, size))


def test_renditions_are_made_when_the_image_is_saved(media_root):
    article = NewsArticleFactory(lead_image=photo(), lead_image_alt="A photo")
    renditions = article.lead_image_renditions
    assert renditions["source"] == article.lead_image.name
    assert [w for w, _h, _n in renditions["fallback"]] == [480, 960, 1600]
    assert [w for w, _h, _n in renditions["webp"]] == [480, 960, 1600]
    for _width, _height, name in renditions["webp"] + renditions["fallback"]:
        assert (media_root / name).is_file()
    assert renditions["webp"][0][1] == 240
    assert renditions["webp"][0][2].endswith(".webp")
    article.refresh_from_db()
    assert article.lead_image_renditions == renditions


def test_small_images_keep_their_size_and_png_keeps_png(media_root):
    article = NewsArticleFactory(
        lead_image=photo((300, 200), "PNG", "logo.png"), lead_image_alt="Logo"
    )
    fallback = article.lead_image_renditions["fallback"]
    assert [(w, h) for w, h, _n in fallback] == [(300, 200)]
    assert fallback[0][2].endswith(".png")


def test_renditions_follow_the_image(media_root):
    article = NewsArticleFactory(lead_image=photo(), lead_image_alt="A photo")
    first = article.lead_image_renditions
    article.title = "Only the title changed"
    article.save()
    assert article.lead_image_renditions == first
    article.lead_image = photo((1000, 500), name="other.jpg")
    article.save()
    assert article.lead_image_renditions["source"].endswith("other.jpg")
    article.lead_image = ""
    article.save()
    assert article.lead_image_renditions == {}


def test_cards_print_srcset_with_webp_and_size(client):
    NewsArticleFactory(lead_image=photo(), lead_image_alt="Miners at work")
    html = client.get("/news/").content.decode()
    assert '<source type="image/webp" srcset="/media/renditions/' in html
    assert " 480w, " in html
    assert 'alt="Miners at work" width="1600" height="800" loading="eager"' in html


def test_images_far_down_a_list_load_lazily(client):
    for _ in range(5):
        NewsArticleFactory(lead_image=photo((600, 300)), lead_image_alt="A photo")
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

    article = NewsArticleFactory.build(lead_image=upload, lead_image_alt="x")
    with pytest.raises(ValidationError) as error:
        article.full_clean()
    assert "lead_image" in error.value.message_dict
    assert message in " ".join(error.value.message_dict["lead_image"])
