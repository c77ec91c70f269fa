"""The site's identity: its name in each language, logo, share image and links."""

import feedparser
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from armcms.content.models import SiteIdentity
from tests.armcms.admin_helpers import form_data, sign_in
from tests.conftest import image_bytes
from tests.news.factories import NewsArticleFactory

pytestmark = pytest.mark.django_db

ADMIN = reverse("admin:armcms_siteidentity_changelist")
CHANGE = reverse("admin:armcms_siteidentity_change", args=[1])
ADD = reverse("admin:armcms_siteidentity_add")

SPANISH_NAME = "Alianza por la Minería Responsable"


def identity(**values) -> SiteIdentity:
    site = SiteIdentity(
        name_en="Alliance for Responsible Mining", name_es=SPANISH_NAME, **values
    )
    site.save()
    return site


def header_and_title(client, url: str) -> tuple[str, str]:
    html = client.get(url).content.decode()
    brand = html.split('class="site-header__brand"', 1)[1].split("</a>", 1)[0]
    title = html.split("<title>", 1)[1].split("</title>", 1)[0]
    return brand, title


def test_before_anything_is_set_the_site_is_named_by_the_setting(client, settings):
    settings.SITE_NAME = "Named by the setting"
    brand, title = header_and_title(client, "/")
    assert "Named by the setting" in brand
    assert title == "Named by the setting"
    assert not SiteIdentity.objects.exists()


def test_each_language_shows_its_own_name_and_falls_back_to_english(client):
    identity(tagline_en="Mining done right", tagline_es="Minería bien hecha")
    article = NewsArticleFactory(title="Gold")
    english = header_and_title(client, "/")
    spanish = header_and_title(client, "/es/")
    # No French name: the English one.
    french = header_and_title(client, "/fr/")
    assert "Alliance for Responsible Mining" in english[0]
    assert SPANISH_NAME in spanish[0]
    assert spanish[1] == SPANISH_NAME
    assert "Alliance for Responsible Mining" in french[0]
    assert "Minería bien hecha" in client.get("/es/").content.decode()
    detail = client.get("/es" + article.get_absolute_url()).content.decode()
    assert f"· {SPANISH_NAME}</title>" in detail
    assert f'<meta property="og:site_name" content="{SPANISH_NAME}">' in detail


def test_feeds_carry_the_name_of_their_language(client):
    identity()
    NewsArticleFactory()
    english = feedparser.parse(client.get(reverse("feed_news")).content)
    with_spanish = feedparser.parse(client.get("/es/feeds/news/").content)
    assert english.feed.title == "Alliance for Responsible Mining: News"
    assert with_spanish.feed.title == f"{SPANISH_NAME}: Noticias"


def test_a_change_shows_on_cached_pages_at_once(
    client, django_capture_on_commit_callbacks
):
    site = identity()
    assert client.get("/")["X-Page-Cache"] == "miss"
    assert client.get("/")["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        site.name_en = "Renamed Alliance"
        site.save()
    response = client.get("/")
    assert response["X-Page-Cache"] == "miss"
    assert "Renamed Alliance" in response.content.decode()


def test_logo_share_image_and_links_appear_once_set(client):
    site = identity(
        donation_url="https://give.example.org/arm",
        newsletter_url="https://news.example.org/subscribe",
    )
    site.logo.save("logo.png", SimpleUploadedFile("logo.png", image_bytes("PNG")))
    site.share_image.save(
        "share.jpg", SimpleUploadedFile("share.jpg", image_bytes("JPEG"))
    )
    without_image = NewsArticleFactory(lead_image=None)
    home = client.get("/").content.decode()
    assert 'class="site-header__logo"' in home
    assert f'src="{site.logo.url}" width="40" height="30" alt=""' in home
    assert 'href="https://give.example.org/arm"' in home
    assert 'href="https://news.example.org/subscribe"' in home
    shared = (
        f'<meta property="og:image" content="http://testserver{site.share_image.url}">'
    )
    assert shared in home
    # A page without an image of its own is shared with the site's.
    assert shared in client.get(without_image.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    "upload",
    [
        SimpleUploadedFile(
            "logo.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "image/svg+xml",
        ),
        SimpleUploadedFile("logo.png", image_bytes("JPEG"), "image/png"),
        SimpleUploadedFile("logo.gif", image_bytes("GIF"), "image/gif"),
    ],
    ids=["svg", "jpeg-named-png", "gif"],
)
def test_a_logo_that_is_not_png_or_webp_is_refused_and_the_form_kept(
    client, django_user_model, upload
):
    publisher = sign_in(client, django_user_model, "Publisher")
    page = publisher.get(ADD)
    data = form_data(page, name_en="Typed name", tagline_en="Typed tagline")
    response = publisher.post(ADD, {**data, "logo": upload})
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "logo" in errors
    assert "Typed name" in response.content.decode()
    assert not SiteIdentity.objects.exists()


def test_publishers_edit_it_in_one_form_and_editors_only_read_it(
    client, django_user_model
):
    publisher = sign_in(client, django_user_model, "Publisher")
    assert publisher.get(ADMIN).url == ADD
    page = publisher.get(ADD)
    data = form_data(page, name_en="From the form", name_es="Desde el formulario")
    upload = SimpleUploadedFile("logo.webp", image_bytes("WEBP"), "image/webp")
    assert publisher.post(ADD, {**data, "logo": upload}).status_code == 302
    site = SiteIdentity.load()
    assert (site.name_en, site.name_es) == ("From the form", "Desde el formulario")
    assert site.logo.name.endswith(".webp")
    # One row: the list leads to it, and no second one can be added.
    assert publisher.get(ADMIN).url == CHANGE
    assert publisher.get(ADD).status_code == 403
    publisher.logout()

    editor = sign_in(client, django_user_model, "Editor")
    assert editor.get(CHANGE).status_code == 200
    refused = editor.post(CHANGE, {**data, "name_en": "Changed by an editor"})
    assert refused.status_code == 403
    assert SiteIdentity.load().name_en == "From the form"


def test_the_demo_names_the_site_in_english_and_spanish(client):
    call_command("seed_demo", stdout=None)
    assert "Alliance for Responsible Mining" in header_and_title(client, "/")[0]
    assert SPANISH_NAME in header_and_title(client, "/es/")[0]


def test_the_share_image_is_a_full_address_wherever_media_is_served(client, settings):
    settings.MEDIA_URL = "https://cdn.example.org/media/"
    site = identity()
    site.share_image.save(
        "share.jpg", SimpleUploadedFile("share.jpg", image_bytes("JPEG"))
    )
    home = client.get("/").content.decode()
    assert f'<meta property="og:image" content="{site.share_image.url}">' in home
    assert site.share_image.url.startswith("https://cdn.example.org/media/")
