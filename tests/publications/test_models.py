import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.publications.factories import PublicationFactory, SeriesFactory

pytestmark = pytest.mark.django_db


def errors_of(publication) -> dict:
    with pytest.raises(ValidationError) as error:
        publication.full_clean()
    return error.value.message_dict


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ("9783161484100", "978-3-16-148410-0"),
        ("978-3-16-148410-0", "978-3-16-148410-0"),
        ("0-306-40615-2", "0-306-40615-2"),
    ],
)
def test_valid_isbns_are_kept_in_their_usual_form(given, stored):
    publication = PublicationFactory.build(isbn=given)
    publication.full_clean()
    assert publication.isbn == stored


@pytest.mark.parametrize("isbn", ["978-3-16-148410-1", "12345", "abcdefghij"])
def test_invalid_isbns_are_refused(isbn):
    assert "isbn" in errors_of(PublicationFactory.build(isbn=isbn))


def test_a_part_needs_a_series_and_a_series_needs_a_part():
    assert "series" in errors_of(PublicationFactory.build(part_number=1))
    series = SeriesFactory()
    assert "part_number" in errors_of(PublicationFactory.build(series=series))


def test_two_publications_cannot_be_the_same_part():
    series = SeriesFactory()
    PublicationFactory(series=series, part_number=1)
    errors = errors_of(PublicationFactory.build(series=series, part_number=1))
    assert "This series already has a part with this number." in str(errors)
    PublicationFactory.build(series=series, part_number=2).full_clean()


def test_pdf_is_checked_by_content(pdf_upload):
    publication = PublicationFactory.build()
    publication.pdf = SimpleUploadedFile("report.pdf", b"<html>not a pdf</html>")
    assert "pdf" in errors_of(publication)
    publication.pdf = pdf_upload
    publication.full_clean()


def test_pdf_needs_the_pdf_extension(pdf_upload):
    publication = PublicationFactory.build()
    pdf_upload.name = "report.exe"
    publication.pdf = pdf_upload
    assert "pdf" in errors_of(publication)


def test_oversize_pdf_is_refused(settings, pdf_upload):
    settings.MAX_DOCUMENT_UPLOAD_MB = 0
    publication = PublicationFactory.build(pdf=pdf_upload)
    assert "pdf" in errors_of(publication)


def test_a_stored_pdf_is_not_read_again_on_every_save(pdf_upload, media_root):
    publication = PublicationFactory()
    publication.pdf.save("report.pdf", pdf_upload)
    (media_root / publication.pdf.name).unlink()
    publication.refresh_from_db()
    publication.full_clean()


def test_cover_image_needs_alt_text(png_upload):
    publication = PublicationFactory.build(cover_image=png_upload)
    assert "cover_image_alt_en" in errors_of(publication)
