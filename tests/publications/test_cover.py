"""A publication's cover: its renditions, and where the public site shows it."""

import importlib

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from publications.models import Publication
from tests.conftest import image_bytes
from tests.publications.factories import PublicationFactory

pytestmark = pytest.mark.django_db

WEBP_SOURCE = '<source type="image/webp" srcset="/media/renditions/covers/'


def cover_upload(size=(1000, 1400), name="cover.jpg"):
    return SimpleUploadedFile(name, image_bytes("JPEG", size))


def with_cover(**kwargs) -> Publication:
    return PublicationFactory(
        cover_image=cover_upload(),
        cover_image_alt="The report's cover: miners at a river",
        **kwargs,
    )


def test_cover_renditions_and_size_are_made_when_the_publication_is_saved(
    media_root,
):
    publication = with_cover()
    renditions = publication.cover_image_renditions
    assert renditions["source"] == publication.cover_image.name
    assert [(w, h) for w, h, _n in renditions["fallback"]] == [(480, 672), (960, 1344)]
    assert [(w, h) for w, h, _n in renditions["webp"]] == [(480, 672), (960, 1344)]
    for _width, _height, name in renditions["fallback"] + renditions["webp"]:
        assert (media_root / name).is_file()
    assert (publication.cover_image_width, publication.cover_image_height) == (
        1000,
        1400,
    )
    publication.refresh_from_db()
    assert publication.cover_image_renditions == renditions
    assert publication.cover_image_width == 1000


def test_cover_renditions_follow_the_cover():
    publication = with_cover()
    first = publication.cover_image_renditions
    publication.title = "Only the title changed"
    publication.save()
    assert publication.cover_image_renditions == first
    publication.cover_image = cover_upload((700, 1000), "second.png")
    publication.save()
    assert publication.cover_image_renditions["source"].endswith("second.png")
    assert publication.cover_image_width == 700
    publication.cover_image = ""
    publication.save()
    publication.refresh_from_db()
    assert publication.cover_image_renditions == {}
    assert publication.cover_image_width is None
    assert publication.cover_image_height is None


def test_an_unreadable_cover_keeps_its_name_and_shows_the_original(client):
    # A file missing from storage (lost in a move, say) cannot be read.
    publication = PublicationFactory(
        cover_image="covers/gone.jpg", cover_image_alt="The cover"
    )
    assert publication.cover_image_renditions == {"source": "covers/gone.jpg"}
    assert publication.cover_image_width is None
    html = client.get(publication.get_absolute_url()).content.decode()
    assert (
        '<img class="cover" src="/media/covers/gone.jpg" alt="The cover" '
        'loading="eager">'
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
        lead_image=SimpleUploadedFile("photo.jpg", image_bytes("JPEG", (800, 450))),
        lead_image_alt="A photo of the launch",
    )
    lead_only = PublicationFactory(
        lead_image=SimpleUploadedFile("other.jpg", image_bytes("JPEG", (800, 450))),
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
    assert section.count('class="with-cover"') == 1
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
    client.get(url)  # The first request also reads what every page shares.
    with CaptureQueriesContext(connection) as without_covers:
        client.get(url)
    for number in range(3):
        with_cover(title=f"Mercury report {number}")
    with CaptureQueriesContext(connection) as with_covers:
        html = client.get(url).content.decode()
    assert html.count('class="cover"') == 3
    assert len(with_covers) == len(without_covers)


def test_migration_makes_renditions_of_existing_covers(media_root):
    migration = importlib.import_module(
        "publications.migrations.0009_cover_image_renditions_data"
    )
    publication = with_cover()
    missing = PublicationFactory(cover_image="covers/gone.jpg")
    Publication.objects.update(
        cover_image_renditions={}, cover_image_width=None, cover_image_height=None
    )
    migration.make_cover_renditions(apps, None)
    publication.refresh_from_db()
    assert publication.cover_image_renditions["source"] == (
        publication.cover_image.name
    )
    assert len(publication.cover_image_renditions["webp"]) == 2
    assert publication.cover_image_height == 1400
    missing.refresh_from_db()
    assert missing.cover_image_renditions == {"source": "covers/gone.jpg"}
    assert missing.cover_image_width is None
