"""
Preview before saving: a form's input, not saved, shown by the public page's
own view and template, in the language chosen; and nothing of it kept.
"""

import pytest
from django.contrib.redirects.models import Redirect
from django.core.files.base import ContentFile
from reversion.models import Version

from armcms.content.models import Status
from armcms.pagecache.tags import change_counter
from news.models import NewsArticle
from pages.models import Page, Section
from tests.armcms.admin_helpers import article_form, form_data, sign_in
from tests.conftest import image_bytes
from tests.news.factories import NewsArticleFactory
from tests.pages.factories import PageFactory
from tests.pages.test_admin import page_form, sections_data

pytestmark = pytest.mark.django_db

ADD = "/admin/news/newsarticle/add/"
PREVIEW_NEW = "/admin/news/newsarticle/add/preview/"


@pytest.fixture
def editor(client, django_user_model):
    return sign_in(client, django_user_model, "Editor")


@pytest.fixture
def publisher(client, django_user_model):
    return sign_in(client, django_user_model, "Publisher")


def nothing_kept(before: int) -> None:
    assert not Version.objects.exists()
    assert not Redirect.objects.exists()
    assert change_counter() == before


@pytest.mark.parametrize(
    ("language", "title", "body"),
    [
        ("en", "Miners meet", "Typed, not saved."),
        ("es", "Mineros se reúnen", "Escrito, sin guardar."),
        # Not translated into French: the English text, marked as English.
        ("fr", "Miners meet", "Typed, not saved."),
    ],
)
def test_a_new_item_is_previewed_in_each_language_and_not_saved(
    editor, language, title, body
):
    before = change_counter()
    data = article_form(
        title_en="Miners meet",
        body_en="<p>Typed, not saved.</p>",
        title_es="Mineros se reúnen",
        body_es="<p>Escrito, sin guardar.</p>",
        preview_language=language,
    )
    response = editor.post(PREVIEW_NEW, data)
    assert response.status_code == 200
    html = response.content.decode()
    # The page's own template, in the chosen language, saying it is a preview.
    assert f'<html lang="{language}"' in html
    assert f">{title}</h1>" in html and body in html
    assert html.count('class="preview-banner"') == 1
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in response["Cache-Control"]
    assert not NewsArticle.objects.exists()
    nothing_kept(before)


def test_changes_to_a_live_item_are_previewed_while_the_site_keeps_the_live_one(
    client, publisher
):
    article = NewsArticleFactory(title_en="Live title", body_en="<p>Live.</p>")
    change = f"/admin/news/newsarticle/{article.pk}/change/"
    data = form_data(publisher.get(change), title_en="New title", slug_en="new-slug")
    before = change_counter()
    preview = publisher.post(f"/admin/news/newsarticle/{article.pk}/preview/", data)
    html = preview.content.decode()
    assert ">New title</h1>" in html
    assert '<link rel="canonical" href="http://testserver/news/new-slug/">' in html
    article.refresh_from_db()
    assert (article.title_en, article.slug_en) == ("Live title", article.slug_en)
    nothing_kept(before)
    publisher.logout()
    assert ">Live title</h1>" in client.get(article.get_absolute_url()).content.decode()


def test_an_editor_previews_but_publishes_nothing(editor):
    draft = NewsArticleFactory(title_en="Draft", status=Status.DRAFT)
    change = f"/admin/news/newsarticle/{draft.pk}/change/"
    data = form_data(editor.get(change), status=Status.PUBLISHED)
    response = editor.post(f"/admin/news/newsarticle/{draft.pk}/preview/", data)
    assert response.status_code == 200
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_a_page_is_previewed_with_its_sections(publisher):
    about = PageFactory(title_en="About us")
    data = page_form(
        title_en="Our team",
        treebeard_position="first-child",
        treebeard_ref_node=str(about.pk),
        **sections_data(
            {"kind": "quote", "text_en": "<p>Fair gold.</p>", "source_en": "Ana"}
        ),
    )
    response = publisher.post("/admin/pages/page/add/preview/", data)
    html = response.content.decode()
    assert "Fair gold." in html and "Ana" in html
    # At its address in the tree, with its breadcrumbs.
    assert 'aria-current="page"' in html and ">About us</a>" in html
    assert Page.objects.count() == 1 and not Section.objects.exists()


def test_a_form_that_would_not_save_says_why(publisher):
    response = publisher.post(
        "/admin/pages/page/add/preview/",
        page_form(
            title_en="", **sections_data({"kind": "quote", "text_en": "<p>Hi</p>"})
        ),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "The preview cannot be shown" in html
    assert "Title [en]: This field is required." in html
    assert "Section 1, Source [en]: This field is required." in html
    assert not Page.objects.exists()


def test_files_chosen_are_not_stored_by_a_preview(publisher, media_root):
    data = article_form(lead_image_alt_en="A photo")
    data["lead_image"] = ContentFile(image_bytes("JPEG", (300, 200)), "photo.jpg")
    response = publisher.post(PREVIEW_NEW, data)
    assert response.status_code == 200
    assert not any(path.is_file() for path in media_root.rglob("*"))


@pytest.mark.parametrize(
    "address",
    [
        "/admin/news/newsarticle/999999/preview/",
        "/admin/news/newsarticle/abc/preview/",
    ],
)
def test_a_preview_of_no_item_is_not_found(publisher, address):
    assert publisher.post(address, article_form()).status_code == 404


def test_a_preview_is_posted_by_staff_who_may_change_the_item(
    client, publisher, django_user_model
):
    assert publisher.get(PREVIEW_NEW).status_code == 405
    nobody = django_user_model.objects.create_user("nobody", password="x" * 16)
    nobody.is_staff = True
    nobody.save()
    client.force_login(nobody)
    assert client.post(PREVIEW_NEW, article_form()).status_code == 403
    client.logout()
    assert client.post(PREVIEW_NEW, article_form()).status_code == 302  # sign in


def test_the_form_offers_a_preview_in_each_language(publisher):
    html = publisher.get(ADD).content.decode()
    assert f'formaction="{PREVIEW_NEW}" formtarget="_blank"' in html
    for code in ("en", "es", "fr"):
        assert f'<option value="{code}">' in html


@pytest.mark.parametrize(
    "forged",
    [
        {"sections-TOTAL_FORMS": "abc"},
        {"sections-TOTAL_FORMS": "1", "sections-0-kind": "\x00"},
        {"preview_language": "xx"},
        {"treebeard_ref_node": str(2**64)},
    ],
)
def test_a_forged_preview_is_a_page_not_an_error(publisher, forged):
    data = {**page_form(title_en="Forged"), **forged}
    response = publisher.post("/admin/pages/page/add/preview/", data)
    assert response.status_code == 200
    assert not Page.objects.exists()


@pytest.mark.parametrize("language", ["en", "es", "fr"])
def test_the_homepage_identity_and_an_impact_figure_preview_unsaved(
    publisher, language
):
    from armcms.content.models import HomePage, SiteIdentity
    from tests.impact.factories import ImpactMetricFactory

    HomePage.load().save()
    SiteIdentity.load().save()
    metric = ImpactMetricFactory(label="mining organisations supported")
    before = change_counter()
    cases = [
        ("/admin/armcms/homepage/1/", {f"intro_{language}": "Typed intro, unsaved"}),
        ("/admin/armcms/siteidentity/1/", {f"tagline_{language}": "Typed tagline"}),
        (
            f"/admin/impact/impactmetric/{metric.pk}/",
            {f"label_{language}": "Typed label"},
        ),
    ]
    for address, changes in cases:
        form = publisher.get(f"{address}change/")
        assert b"formaction=" in form.content and b"/preview/" in form.content
        data = form_data(form, preview_language=language, **changes)
        response = publisher.post(f"{address}preview/", data)
        assert response.status_code == 200, address
        html = response.content.decode()
        assert next(iter(changes.values())) in html, address
        assert "not saved" in html or "sin guardar" in html or "enregistr" in html
    assert HomePage.load().intro != "Typed intro, unsaved"
    nothing_kept(before)


def test_an_editor_cannot_preview_the_site_settings(editor):
    from armcms.content.models import HomePage

    HomePage.load().save()
    response = editor.post("/admin/armcms/homepage/1/preview/", {"intro_en": "x"})
    assert response.status_code == 403
