import pytest
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat

from tests.armcms.factories import with_pdf
from tests.conftest import pdf_with_text
from tests.publications.factories import PublicationFactory, SeriesFactory

pytestmark = pytest.mark.django_db


def test_publication_page_offers_the_pdf_with_its_size_and_language(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    publication = PublicationFactory(language="es")
    with_pdf(publication, "report.pdf", ContentFile(pdf_with_text("x" * 2000)))
    size = filesizeformat(publication.pdf.file.size)
    assert size.endswith("KB")
    html = client.get(publication.get_absolute_url()).content.decode()
    assert f'href="{publication.pdf.file.url}"' in html
    assert f"(PDF, {size}, 1 page, Spanish)" in html
    publication.language = "other"
    publication.save()
    html = client.get(publication.get_absolute_url()).content.decode()
    assert f"(PDF, {size}, 1 page)" in html


def test_publication_page_lists_the_other_published_parts(client):
    series = SeriesFactory(title="A world without financial services")
    first = PublicationFactory(title="Part one", series=series, part_number=1)
    second = PublicationFactory(title="Part two", series=series, part_number=2)
    PublicationFactory(title="Part three", series=series, part_number=3, draft=True)
    response = client.get(second.get_absolute_url())
    assert list(response.context["series_parts"]) == [first]
    html = response.content.decode()
    assert "Other parts of “A world without financial services”" in html
    assert "Part three" not in html


def test_publication_page_shows_its_series_part_and_facts(client):
    series = SeriesFactory(title="A world without financial services")
    publication = PublicationFactory(
        series=series, part_number=2, authors="Ana Pérez", year=2019
    )
    html = client.get(publication.get_absolute_url()).content.decode()
    assert "A world without financial services, part 2" in html
    assert "Ana Pérez" in html
    assert "2019" in html
