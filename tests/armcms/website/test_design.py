"""
The design system's rules that hold in the HTML: card grids that leave no
row half empty, one date format per language and one order for a press
release's place and date, whole cards as one link, the brand colours staff
choose, the homepage's lead story, the style guide and the 404 page.
"""

import io
import re
from datetime import datetime
from html import unescape
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from armcms.backoffice.roles import EDITOR, PUBLISHER, sync_roles
from armcms.content.models import HomePage, SiteIdentity, contrast_with_white
from armcms.templatetags.armcms_tags import card_columns, card_grid
from pages.models import MenuItem
from tests.armcms.admin_helpers import form_data
from tests.armcms.factories import library_image
from tests.impact.factories import ImpactMetricFactory
from tests.news.factories import NewsArticleFactory, PressReleaseFactory

pytestmark = pytest.mark.django_db


def grid_rows(count: int, columns: int, wide: int) -> list[int]:
    """The cells each row of a grid fills, the first ``wide`` cards taking two."""
    rows, cells = [], 0
    for position in range(count):
        span = 2 if position < wide else 1
        if cells + span > columns:
            rows.append(cells)
            cells = 0
        cells += span
    return [*rows, cells]


@pytest.mark.parametrize("count", range(1, 25))
def test_a_card_grid_fills_every_row(count):
    classes = card_grid(list(range(count))).split()
    columns = card_columns(count)
    assert f"cards--cols-{columns}" in classes
    wide = next(
        (int(name.rsplit("-", 1)[1]) for name in classes if "--wide-" in name), 0
    )
    # Wide screens: every row full.
    assert all(cells == columns for cells in grid_rows(count, columns, wide))
    # Tablets, two columns: an odd number's first card spans the row.
    assert ("cards--odd" in classes) == bool(count % 2)
    assert all(cells == 2 for cells in grid_rows(count, 2, 1 if count % 2 else 0))


def test_dates_have_one_format_per_language(client):
    when = datetime(2018, 5, 14, 9, tzinfo=ZoneInfo("America/Bogota"))
    release = PressReleaseFactory(
        title="The first Fairmined coin",
        title_es="La primera moneda Fairmined",
        dateline="Medellín / Paris",
        published_at=when,
    )
    for language, expected in (
        ("en", "14 May 2018"),
        ("es", "14 de mayo de 2018"),
        ("fr", "14 mai 2018"),
    ):
        start = "" if language == "en" else f"/{language}"
        for path in (f"{start}/", f"{start}/press/", address(release, language)):
            html = unescape(client.get(path).content.decode())
            # The place, then the date, wherever the release is shown.
            assert re.search(
                r'<span class="dateline">Medellín / Paris</span>'
                r'<span aria-hidden="true"> · </span><time datetime="[^"]+">'
                + expected
                + "</time>",
                html,
            ), (path, expected)


def address(item, language):
    with translation.override(language):
        return item.get_absolute_url()


def test_a_card_is_one_link(client):
    NewsArticleFactory(title="Gravity tables", summary="No mercury needed.")
    html = client.get("/news/").content.decode()
    card = re.search(r'<article class="card".*?</article>', html, re.S).group()
    assert len(re.findall(r"<a ", card)) == 1
    assert re.search(r'class="card__title"><a href="[^"]+">Gravity tables</a>', card)


def test_figures_are_in_a_grid_without_orphans(client):
    ImpactMetricFactory.create_batch(3)
    html = client.get("/").content.decode()
    assert 'class="figures figures--cols-3"' in html


@pytest.mark.parametrize(
    ("colour", "accepted"),
    [
        ("#24533c", True),
        ("#8A4B08", True),
        ("#000000", True),
        ("#ffcc00", False),  # yellow: white text on it cannot be read
        ("#767676", True),  # the lightest grey with 4.5:1
        ("#777777", False),
        ("24533c", False),
        ("#24533", False),
        ("#gggggg", False),
        ("red", False),
    ],
)
def test_brand_colours_must_carry_white_text(admin_client, colour, accepted):
    add = reverse("admin:armcms_siteidentity_add")
    data = form_data(admin_client.get(add), name_en="Alliance", brand_colour=colour)
    response = admin_client.post(add, data)
    if accepted:
        assert response.status_code == 302, response.context["adminform"].errors
        assert SiteIdentity.objects.get().brand_colour == colour
    else:
        assert response.status_code == 200
        assert "brand_colour" in response.context["adminform"].form.errors
        assert not SiteIdentity.objects.exists()


def test_contrast_is_measured_as_wcag_says():
    assert contrast_with_white("#000000") == pytest.approx(21)
    assert contrast_with_white("#ffffff") == pytest.approx(1)
    assert contrast_with_white("#767676") == pytest.approx(4.54, abs=0.01)


def test_brand_colours_reach_every_page_through_one_stylesheet(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    html = client.get("/").content.decode()
    assert "/brand.css" not in html  # the stylesheet's own colours

    SiteIdentity.objects.create(brand_colour="#1F3A5F", accent_colour="#9b2335")
    html = client.get("/news/").content.decode()
    link = re.search(r'<link rel="stylesheet" href="(/brand.css\?[^"]+)">', html)
    assert link, "pages link the brand stylesheet once colours are set"
    assert unescape(link.group(1)) == "/brand.css?brand=1f3a5f&accent=9b2335"
    response = client.get(unescape(link.group(1)))
    assert response["Content-Type"].startswith("text/css")
    assert response.content.decode() == ":root{--brand:#1f3a5f;--accent:#9b2335;}\n"
    assert "max-age=31536000" in response["Cache-Control"]

    # New colours, new address: browsers never keep the old ones.
    identity = SiteIdentity.objects.get()
    identity.accent_colour = "#7a3d0a"
    identity.brand_colour = ""
    identity.save()
    html = unescape(client.get("/news/").content.decode())
    assert '<link rel="stylesheet" href="/brand.css?accent=7a3d0a">' in html


@pytest.mark.parametrize(
    "query",
    [
        "",
        "brand=",
        "brand=ffcc00",  # too light to carry white text
        "brand=red",
        "brand=%2324533c",
        "brand=24533c&accent=fff",
        "accent=<script>",
        "brand=" + "0" * 5000,
    ],
)
def test_the_brand_stylesheet_answers_only_for_brand_colours(client, query):
    assert client.get(f"/brand.css?{query}").status_code == 404


def test_a_preview_shows_the_colours_being_chosen(admin_client):
    SiteIdentity.objects.create(name_en="Alliance", brand_colour="#24533c")
    form = admin_client.get("/admin/armcms/siteidentity/1/change/")
    data = form_data(form, preview_language="en", brand_colour="#1f3a5f")
    response = admin_client.post("/admin/armcms/siteidentity/1/preview/", data)
    assert response.status_code == 200
    html = unescape(response.content.decode())
    assert '<link rel="stylesheet" href="/brand.css?brand=1f3a5f">' in html
    assert SiteIdentity.objects.get().brand_colour == "#24533c"


def test_the_homepage_opens_with_the_lead_story(client):
    image = library_image(title="Miners at work", alt_en="Miners at a gravity table")
    HomePage.objects.create(
        lead_title="A study of the pandemic",
        lead_title_es="Un estudio de la pandemia",
        lead_text="Data from mining communities.",
        lead_image=image,
        lead_link="/news/",
        lead_link_label="Read about it",
    )
    html = unescape(client.get("/").content.decode())
    hero = re.search(r'<section class="hero".*?</section>', html, re.S).group()
    assert '<h1 id="lead-story">A study of the pandemic</h1>' in hero
    assert "Data from mining communities." in hero
    assert '<a class="button" href="/news/">Read about it</a>' in hero
    assert 'alt="Miners at a gravity table"' in hero
    assert html.count("<h1") == 1
    spanish = unescape(client.get("/es/").content.decode())
    assert "Un estudio de la pandemia" in spanish


def test_without_a_lead_story_the_homepage_opens_with_the_name(client):
    SiteIdentity.objects.create(name="Alliance for Responsible Mining")
    html = unescape(client.get("/").content.decode())
    assert re.search(
        r'class="hero hero--plain".*?<h1>Alliance for Responsible', html, re.S
    )


@pytest.mark.parametrize(
    ("fields", "error_field"),
    [
        ({"lead_title": "T", "lead_link": "/news/"}, "lead_link_label"),
        ({"lead_title": "T", "lead_link_label": "Go"}, "lead_link"),
        ({"lead_text": "Text without a title"}, "lead_title"),
        (
            {
                "lead_title": "T",
                "lead_link": "javascript:alert(1)",
                "lead_link_label": "Go",
            },
            "lead_link",
        ),
        ({"lead_title": "T", "lead_image": "999999"}, "lead_image"),
        ({"lead_title": "T", "lead_image": "abc"}, "lead_image"),
    ],
)
def test_a_lead_story_is_checked_in_the_form(admin_client, fields, error_field):
    add = reverse("admin:armcms_homepage_add")
    fields = {
        f"{name}_en" if name != "lead_image" else name: value
        for name, value in fields.items()
    }
    response = admin_client.post(add, form_data(admin_client.get(add), **fields))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert (
        error_field if error_field == "lead_image" else f"{error_field}_en"
    ) in errors
    assert not HomePage.objects.exists()


def test_a_lead_story_is_chosen_in_the_admin(admin_client):
    image = library_image(title="Miners")
    add = reverse("admin:armcms_homepage_add")
    data = form_data(
        admin_client.get(add),
        lead_title_en="The study",
        lead_image=str(image.pk),
        lead_link_en="https://example.org/study",
        lead_link_label_en="Read it",
    )
    response = admin_client.post(add, data)
    assert response.status_code == 302
    assert HomePage.load().lead_image == image
    form = admin_client.get(reverse("admin:armcms_homepage_change", args=[1]))
    assert "chooser" in form.content.decode()


def test_the_homepage_runs_the_same_queries_with_a_lead_image(
    client, settings, django_assert_num_queries
):
    settings.PAGE_CACHE_SECONDS = 0
    HomePage.objects.create(lead_title="Lead")
    client.get("/")
    with CaptureQueriesContext(connection) as without_image:
        client.get("/")
    HomePage.objects.update(lead_image=library_image())
    with django_assert_num_queries(len(without_image)):
        html = client.get("/").content.decode()
    assert 'class="hero__image"' in html


def test_the_style_guide_is_for_staff(client):
    NewsArticleFactory.create_batch(5)
    response = client.get("/styleguide/")
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]

    sync_roles()
    for role in (EDITOR, PUBLISHER):
        user = User.objects.create_user(f"user-{role}", password="x", is_staff=True)
        user.groups.add(Group.objects.get(name=role))
        client.force_login(user)
        response = client.get("/styleguide/")
        assert response.status_code == 200
        html = response.content.decode()
        for count in range(1, 6):
            assert f'class="{card_grid(range(count))} specimen"' in html
        for token in ("--brand", "--accent-dark", "--step-4", "--space-xl"):
            assert f"<code>{token}</code>" in html


def test_the_404_page_offers_search_and_the_sections(client):
    MenuItem.objects.create(menu="main", label="About us", url="/about-us/")
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = unescape(response.content.decode())
    assert re.search(r'<form class="search-form" action="/search/"', html)
    assert '<label for="not-found-q">Search the site</label>' in html
    assert '<a href="/about-us/">About us</a>' in html
    spanish = unescape(client.get("/es/no-such-page/").content.decode())
    assert 'action="/es/search/"' in spanish


@pytest.mark.parametrize("language", ["en", "es", "fr"])
def test_the_demo_lead_story_leads_somewhere(client, language):
    call_command("seed_demo", stdout=io.StringIO())
    start = "" if language == "en" else f"/{language}"
    html = unescape(client.get(f"{start}/").content.decode())
    link = re.search(r'<a class="button" href="([^"]+)"', html).group(1)
    assert link.startswith(f"{start}/")
    assert client.get(link).status_code == 200


def test_dates_are_valid_html_datetimes(client):
    # HTML allows at most three digits of a second's fraction: none are shown.
    NewsArticleFactory(
        published_at=datetime(2020, 5, 11, 9, 30, 7, 514181, tzinfo=ZoneInfo("UTC"))
    )
    html = client.get("/news/").content.decode()
    assert '<time datetime="2020-05-11T04:30:07-0500">' in html
