import pytest
from django.core.exceptions import ValidationError

from tests.armcms.factories import library_image, with_pdf
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


def test_a_stored_pdf_is_not_read_again_on_every_save(pdf_upload, media_root):
    publication = PublicationFactory()
    with_pdf(publication, "report.pdf", pdf_upload)
    assert publication.pdf_info["pages"] == 1
    (media_root / publication.pdf.file.name).unlink()
    publication.refresh_from_db()
    publication.full_clean()
    publication.save()
    assert publication.pdf_info["pages"] == 1


def test_the_pdfs_text_is_copied_for_search(pdf_upload):
    publication = with_pdf(PublicationFactory(), "report.pdf", pdf_upload)
    assert publication.pdf_text == publication.pdf.text
    publication.pdf = None
    publication.save()
    publication.refresh_from_db()
    assert (publication.pdf_text, publication.pdf_info) == ("", {})


def test_cover_image_needs_alt_text_of_its_own_or_the_images():
    image = library_image(alt_en="")
    publication = PublicationFactory.build(cover_image=image)
    assert "cover_image_alt_en" in errors_of(publication)
    image.alt_en = "A grey cover"
    image.save()
    publication.full_clean()
