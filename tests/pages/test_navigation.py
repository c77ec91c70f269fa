"""The menus staff edit: the main menu, the footer, and what visitors see of them."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from armcms.content.models import HomePage, SiteIdentity
from pages.models import MenuItem
from tests.armcms.admin_helpers import sign_in
from tests.pages.factories import PageFactory

pytestmark = pytest.mark.django_db

MAIN, FOOTER = MenuItem.Menu.MAIN, MenuItem.Menu.FOOTER


def main_menu(html: str) -> str:
    return re.search(r'<ul class="site-nav">.*?</nav>', html, re.S).group()


def footer(html: str) -> str:
    return re.search(r'<footer class="site-footer">.*?</footer>', html, re.S).group()


@pytest.fixture
def menus():
    about = PageFactory(title_en="About us", title_es="Quiénes somos")
    team = PageFactory(parent=about, title_en="Team", title_es="Equipo")
    draft = PageFactory(title_en="Not yet", draft=True)
    about_item = MenuItem.objects.create(menu=MAIN, page=about, position=1)
    MenuItem.objects.create(menu=MAIN, page=team, parent=about_item)
    MenuItem.objects.create(menu=MAIN, page=draft, position=2)
    MenuItem.objects.create(menu=MAIN, section="news:article_list", position=3)
    MenuItem.objects.create(
        menu=MAIN,
        url="https://fairmined.example.org/",
        label_en="Fairmined",
        position=4,
    )
    group = MenuItem.objects.create(
        menu=FOOTER, label_en="The Alliance", label_es="La Alianza"
    )
    MenuItem.objects.create(menu=FOOTER, parent=group, page=team)
    return about, team


def test_the_main_menu_shows_what_staff_put_in_it_in_each_language(client, menus):
    english = main_menu(client.get("/news/").content.decode())
    links = re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', english)
    assert links == [
        ("/about-us/", "About us"),
        ("/about-us/team/", "Team"),
        ("/news/", "News"),
        ("https://fairmined.example.org/", "Fairmined"),
    ]
    # The current section is marked; the draft page's item is hidden.
    assert '<a href="/news/" aria-current="page">News</a>' in english
    assert "Not yet" not in english
    spanish = main_menu(client.get("/es/quienes-somos/equipo/").content.decode())
    assert (
        '<a href="/es/quienes-somos/" aria-current="true">Quiénes somos</a>' in spanish
    )
    assert (
        '<a href="/es/quienes-somos/equipo/" aria-current="page">Equipo</a>' in spanish
    )
    assert '<a href="/es/news/">Noticias</a>' in spanish


def test_the_footer_shows_its_groups_contact_and_social_links(client, menus):
    SiteIdentity(
        contact_address_en="Calle 32B Sur\nEnvigado",
        contact_email="info@example.org",
        press_contact_en="Press office",
        linkedin_url="https://www.linkedin.com/company/example",
    ).save()
    html = footer(client.get("/es/").content.decode())
    assert "La Alianza" in html
    assert '<a href="/es/quienes-somos/equipo/">Equipo</a>' in html
    assert "Calle 32B Sur<br>Envigado" in html
    assert 'href="mailto:info@example.org"' in html
    assert (
        '<a href="https://www.linkedin.com/company/example" rel="me">LinkedIn</a>'
        in html
    )
    assert "<script" not in html


def test_without_menus_the_header_lists_the_sections(client):
    links = re.findall(
        r'<a href="([^"]+)"', main_menu(client.get("/").content.decode())
    )
    assert links == ["/news/", "/press/", "/publications/", "/impact/"]


def test_a_menu_change_shows_at_once_on_cached_pages(
    client, menus, django_capture_on_commit_callbacks
):
    assert client.get("/")["X-Page-Cache"] == "miss"
    assert client.get("/")["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        MenuItem.objects.create(menu=MAIN, section="search", label_en="Find")
    response = client.get("/")
    assert response["X-Page-Cache"] == "miss"
    assert ">Find</a>" in main_menu(response.content.decode())


@pytest.mark.parametrize(
    "values, field",
    [
        ({"menu": MAIN}, None),
        ({"menu": MAIN, "section": "home", "url": "https://example.org"}, None),
        ({"menu": FOOTER}, "label"),
    ],
)
def test_an_item_leads_to_one_place(values, field):
    with pytest.raises(ValidationError) as refused:
        MenuItem(**values).full_clean()
    if field:
        assert field in refused.value.message_dict


def test_menus_have_one_level_of_sub_items_in_the_same_menu():
    top = MenuItem.objects.create(menu=MAIN, section="home")
    sub = MenuItem.objects.create(menu=MAIN, section="search", parent=top)
    with pytest.raises(ValidationError):
        MenuItem(menu=MAIN, section="home", parent=sub).full_clean()
    with pytest.raises(ValidationError):
        MenuItem(menu=FOOTER, section="home", parent=top).full_clean()
    # An item with sub-items stays at the top, where they can be seen.
    other = MenuItem.objects.create(menu=MAIN, section="news:article_list")
    top.parent = other
    with pytest.raises(ValidationError):
        top.full_clean()
    # Moved to the footer, an item takes its sub-items with it.
    top.parent = None
    top.menu = FOOTER
    top.save()
    sub.refresh_from_db()
    assert sub.menu == FOOTER


def test_publishers_edit_menus_and_see_which_items_are_hidden(
    client, django_user_model, menus
):
    publisher = sign_in(client, django_user_model, "Publisher")
    listing = publisher.get(reverse("admin:pages_menuitem_changelist"))
    html = listing.content.decode()
    # Each menu in order, each item followed by its sub-items.
    rows = [str(item) for item in listing.context["cl"].result_list]
    assert rows == [
        *("The Alliance", "Team"),  # the footer
        *("About us", "Team", "Not yet", "News", "Fairmined"),  # the main menu
    ]
    assert "— Team" in html
    assert html.count('alt="False"') == 1  # the draft page's item
    draft = MenuItem.objects.get(page__title_en="Not yet")
    change = reverse("admin:pages_menuitem_change", args=[draft.pk])
    saved = publisher.post(
        change,
        {"menu": MAIN, "page": draft.page_id, "position": 5, "label_en": ""},
        follow=True,
    )
    assert "visitors cannot see" in saved.content.decode()
    publisher.logout()
    editor = sign_in(client, django_user_model, "Editor")
    refused = editor.post(
        reverse("admin:pages_menuitem_add"), {"menu": MAIN, "section": "home"}
    )
    assert refused.status_code == 403


def test_the_homepage_links_to_the_our_work_page(client):
    homepage = HomePage(
        our_work="<p>What we do.</p>",
        our_work_link_en="/our-work/",
        our_work_link_es="/es/nuestro-trabajo/",
    )
    homepage.full_clean()
    homepage.save()
    assert 'href="/our-work/">More about our work' in client.get("/").content.decode()
    assert 'href="/es/nuestro-trabajo/"' in client.get("/es/").content.decode()
    homepage.our_work_link_en = "javascript:alert(1)"
    with pytest.raises(ValidationError):
        homepage.full_clean()


def test_an_item_for_a_section_the_site_no_longer_has_is_left_out(client, menus):
    # Saved before the section went (an app taken out of INSTALLED_APPS).
    MenuItem.objects.create(menu=MAIN, section="events:event_list", position=9)
    response = client.get("/")
    assert response.status_code == 200
    assert "event" not in main_menu(response.content.decode())
