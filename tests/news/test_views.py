import pytest

from tests.armcms.factories import with_pdf
from tests.news.factories import PressReleaseFactory

pytestmark = pytest.mark.django_db


def test_press_release_page_shows_dateline_and_pdf(client, pdf_upload):
    release = PressReleaseFactory(dateline="Medellín / París")
    with_pdf(release, "release.pdf", pdf_upload)
    html = client.get(release.get_absolute_url()).content.decode()
    assert "Medellín / París" in html
    assert release.pdf.file.url in html
