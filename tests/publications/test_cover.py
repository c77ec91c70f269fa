"""A publication's cover: its renditions, and where the public site shows it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from armcms.content.library import Image
from publications.models import Publication
from tests.armcms.factories import library_image
from tests.conftest import image_bytes
from tests.publications.factories import PublicationFactory

pytestmark = pytest.mark.django_db

WEBP_SOURCE = '<source type="image/webp" srcset="/media/renditions/images/'


def cover_image(size=(1000, 1400), name="cover.jpg"):
    return library_image(name, image_bytes("JPEG", size), alt_en="")


def with_cover(**kwargs) -> Publication:
    return PublicationFactory(
        cover_image=cover_image(),
        cover_image_alt="The report's cover: miners at a river",
        **kwargs,
    )


def test_a_cover_is_a_library_image_with_its_renditions(media_root):
    publication = with_cover()
    cover = publication.cover_image
    renditions = cover.renditions
    assert renditions["source"] == cover.file.name
    assert [(w, h) for w, h, _n in renditions["fallback"]] == [(480, 672), (960, 1344)]
    assert [(w, h) for w, h, _n in renditions["webp"]] == [(480, 672), (960, 1344)]
    for _width, _height, name in renditions["fallback"] + renditions["webp"]:
        assert (media_root / name).is_file()
    assert (cover.width, cover.height) == (1000, 1400)


def test_a_cover_without_its_own_alt_text_uses_the_images(client):
    image = cover_image()
    image.alt_en = "A grey cover with a pickaxe"
    image.save()
    publication = PublicationFactory(cover_image=image, cover_image_alt="")
    publication.full_clean()
    html = client.get(publication.get_absolute_url()).content.decode()
    assert 'alt="A grey cover with a pickaxe"' in html


def test_an_unreadable_cover_shows_the_original(client, media_root):
    publication = with_cover()
    cover = publication.cover_image
    # Its renditions lost (a storage moved without them, say).
    Image.objects.filter(pk=cover.pk).update(renditions={"source": cover.file.name})
    html = client.get(publication.get_absolute_url()).content.decode()
    assert (
        f'<img class="cover" src="/media/{cover.file.name}" '
        'alt="The report&#x27;s cover: miners at a river" width="1000" '
        'height="1400" loading="eager">'
    ) in html


def test_detail_page_shows_the_cover_with_srcset_size_and_alt_text(client):
    publication = with_cover()
    publication.cover_image_alt_es = "La portada del informe: mineros en un río"
    publication.save()
    html = client.get(publication.get_absolute_url()).content.decode()
    assert 'class="publication-about publication-about--cover"' in html
    assert WEBP_SOURCE in html
    assert "-480.webp 480w, " in html
    assert (
        'alt="The report&#x27;s cover: miners at a river" width="960" '
        'height="1344" loading="eager"'
    ) in html
    with_language = client.get(f"/es{publication.get_absolute_url()}")
    assert 'alt="La portada del informe: mineros en un río"' in (
        with_language.content.decode()
    )


def test_list_cards_show_the_cover_before_the_lead_image(client):
    both = with_cover(
        lead_image=library_image("photo.jpg"),
        lead_image_alt="A photo of the launch",
    )
    lead_only = PublicationFactory(
        lead_image=library_image("other.jpg", image_bytes("JPEG", (801, 450))),
        lead_image_alt="A photo without a cover",
    )
    plain = PublicationFactory(title="A publication with no image at all")
    response = client.get("/publications/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('<div class="card__cover">') == 1
    assert WEBP_SOURCE in html
    assert 'alt="The report&#x27;s cover: miners at a river" width="960"' in html
    assert 'alt="A photo of the launch"' not in html
    assert 'alt="A photo without a cover"' in html
    assert both.title in html and lead_only.title in html and plain.title in html


def test_homepage_section_shows_the_covers(client):
    with_cover(title="A report with a cover")
    PublicationFactory(title="A report without one")
    html = client.get("/").content.decode()
    section = html[html.index('aria-labelledby="publications"') :]
    assert section.count('class="card__cover"') == 1
    assert WEBP_SOURCE in section
    assert 'alt="The report&#x27;s cover: miners at a river"' in section
    assert 'loading="lazy"' in section
    assert "A report without one" in section


def test_search_results_show_the_covers(client):
    with_cover(title="Mercury report with a cover")
    PublicationFactory(title="Mercury report without one")
    response = client.get("/search/?q=mercury")
    html = response.content.decode()
    assert html.count('class="result with-cover"') == 1
    assert html.count('class="result"') == 1
    assert WEBP_SOURCE in html
    assert 'alt="The report&#x27;s cover: miners at a river" width="960"' in html


def test_a_publication_without_a_cover_renders_as_before(client):
    publication = PublicationFactory(title="Mercury brief")
    with_cover(title="Mercury study")
    html = client.get(publication.get_absolute_url()).content.decode()
    assert 'class="publication-about"' in html
    assert 'class="cover"' not in html.split('id="related-heading"')[0]
    for url in ("/publications/", "/", "/search/?q=mercury"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Mercury brief" in response.content.decode(), url
        assert response.content.decode().count('class="cover"') == 1, url


@pytest.mark.parametrize("url", ["/publications/", "/", "/search/?q=mercury"])
def test_covers_add_no_query(client, settings, url):
    settings.PAGE_CACHE_SECONDS = 0
    PublicationFactory(title="Mercury brief")
    # The first requests also read and keep what pages share (the filter
    # choices, see armcms.content.shown.remembered).
    client.get(url)
    client.get(url)
    with CaptureQueriesContext(connection) as without_covers:
        client.get(url)
    for number in range(3):
        with_cover(title=f"Mercury report {number}")
    with CaptureQueriesContext(connection) as with_covers:
        html = client.get(url).content.decode()
    assert html.count('class="cover"') == 3
    assert len(with_covers) == len(without_covers)
