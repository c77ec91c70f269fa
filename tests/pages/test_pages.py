"""Pages in a tree: their addresses in each language, moves, renames, states."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from armcms.content.models import Status
from pages.models import Page
from tests.pages.factories import PageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def about():
    about = PageFactory(title_en="About us", title_es="Quiénes somos")
    PageFactory(parent=about, title_en="Team", title_es="Equipo")
    return about


def child(page, title):
    return Page.objects.get_children(page).get(title_en=title)


def test_a_page_answers_at_its_path_in_the_tree_in_every_language(client, about):
    team = child(about, "Team")
    assert team.get_absolute_url() == "/about-us/team/"
    assert (team.url_path_en, team.url_path_es, team.url_path_fr) == (
        "about-us/team",
        "quienes-somos/equipo",
        # No French slugs: the English ones.
        "about-us/team",
    )
    for url in ["/about-us/team/", "/es/quienes-somos/equipo/", "/fr/about-us/team/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.context["object"] == team
    # Another language's address leads to this language's.
    response = client.get("/es/about-us/team/")
    assert (response.status_code, response["Location"]) == (
        301,
        "/es/quienes-somos/equipo/",
    )
    assert client.get("/about-us/nobody/").status_code == 404
    assert client.get("/team/").status_code == 404


def test_renaming_a_page_redirects_its_old_addresses_and_those_below(
    client, about, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        about.slug_en = "about"
        about.slug_es = "nosotros"
        about.save()
    team = child(about, "Team")
    assert team.get_absolute_url() == "/about/team/"
    redirects = {
        "/about-us/": "/about/",
        "/about-us/team/": "/about/team/",
        "/es/quienes-somos/": "/es/nosotros/",
        "/es/quienes-somos/equipo/": "/es/nosotros/equipo/",
        "/fr/about-us/team/": "/fr/about/team/",
    }
    for old, new in redirects.items():
        response = client.get(old)
        assert (response.status_code, response["Location"]) == (301, new), old
        assert client.get(new).status_code == 200, new


def test_moving_a_branch_redirects_every_address_in_it(
    client, about, django_capture_on_commit_callbacks
):
    work = PageFactory(title_en="Our work")
    with django_capture_on_commit_callbacks(execute=True):
        moved = Page.objects.move(about, work, "first-child")
    assert moved.get_absolute_url() == "/our-work/about-us/"
    assert child(moved, "Team").get_absolute_url() == "/our-work/about-us/team/"
    response = client.get("/about-us/team/?utm_source=newsletter")
    assert response.status_code == 301
    assert response["Location"] == "/our-work/about-us/team/?utm_source=newsletter"
    assert client.get("/es/quienes-somos/").status_code == 301
    # Moved back: the addresses are its own again, and no redirect loops.
    with django_capture_on_commit_callbacks(execute=True):
        Page.objects.move(moved, work, "left")
    assert client.get("/about-us/team/").status_code == 200
    assert client.get("/our-work/about-us/team/")["Location"] == "/about-us/team/"


def test_siblings_never_share_a_slug_but_cousins_may(about):
    work = PageFactory(title_en="Our work")
    cousin = PageFactory(parent=work, title_en="Team")
    assert cousin.slug == "team"
    twin = PageFactory(parent=about, title_en="Team")
    assert twin.slug == "team-2"
    twin.slug_en = "team"
    with pytest.raises(ValidationError) as refused:
        twin.full_clean()
    assert "slug_en" in refused.value.message_dict
    # In another language too: a language without its own slug uses English.
    twin.slug_en = "people"
    twin.slug_es = "team"
    with pytest.raises(ValidationError) as refused:
        twin.full_clean()
    assert "slug_es" in refused.value.message_dict


@pytest.mark.parametrize(
    "taken", ["news", "search", "es", "publications", "media", "feeds", "editor"]
)
@pytest.mark.parametrize("language", ["en", "es"])
def test_a_top_level_page_cannot_take_another_part_of_the_sites_address(
    client, taken, language
):
    # Whatever language the back office is shown in.
    with translation.override(language):
        page = PageFactory(title_en=taken)
        assert page.slug_en == f"{taken}-2"
        page.slug_en = taken
        with pytest.raises(ValidationError) as refused:
            page.full_clean()
    assert "another part of the site" in str(refused.value)
    # Below the top level, the same slug is free.
    assert PageFactory(parent=page, title_en=taken).slug_en == taken


def test_a_move_to_where_its_slug_is_taken_is_refused_and_undone(about):
    work = PageFactory(title_en="Our work")
    cousin = PageFactory(parent=work, title_en="Team")
    with pytest.raises(ValidationError):
        Page.objects.move(cousin, about, "first-child")
    cousin.refresh_from_db()
    assert Page.objects.get_parent(cousin) == work
    assert cousin.url_path == "our-work/team"
    news = PageFactory(parent=work, title_en="News", slug_en="news")
    with pytest.raises(ValidationError):
        Page.objects.move(news, work, "left")
    assert Page.objects.get(pk=news.pk).url_path == "our-work/news"


def test_a_page_cannot_be_placed_below_itself(about):
    team = child(about, "Team")
    about.destination = team
    with pytest.raises(ValidationError):
        about.full_clean()


def test_visitors_see_published_pages_and_staff_preview_the_others(
    client, admin_client, about
):
    draft = PageFactory(parent=about, title_en="Board", draft=True)
    scheduled = PageFactory(parent=about, title_en="Partners", scheduled=True)
    for page in (draft, scheduled):
        assert client.get(page.get_absolute_url()).status_code == 404
        preview = admin_client.get(page.get_absolute_url())
        assert preview.status_code == 200
        assert preview["X-Robots-Tag"] == "noindex, nofollow"
        assert "Preview: this item is" in preview.content.decode()
    # Nor are they among the sub-pages the page lists.
    html = client.get("/about-us/").content.decode()
    assert "Board" not in html and "Partners" not in html


def test_a_page_shows_its_breadcrumbs_and_its_published_sub_pages(client, about):
    team = child(about, "Team")
    PageFactory(parent=team, title_en="Board members", summary="Who guides us.")
    PageFactory(parent=team, title_en="Hidden", draft=True)
    html = client.get("/about-us/team/").content.decode()
    crumbs = html.split('class="breadcrumbs"', 1)[1].split("</nav>", 1)[0]
    assert crumbs.index(">Home<") < crumbs.index(">About us<") < crumbs.index(">Team<")
    assert 'href="/about-us/team/" aria-current="page"' in crumbs
    assert "Board members" in html and "Who guides us." in html
    assert "Hidden" not in html
    # Top-level pages show no breadcrumbs; pages show no publish date.
    top = client.get("/about-us/").content.decode()
    assert 'class="breadcrumbs"' not in top
    assert "<time" not in top.split("<main", 1)[1]


def test_a_change_to_a_page_shows_at_once_on_cached_pages(
    client, about, django_capture_on_commit_callbacks
):
    assert client.get("/about-us/")["X-Page-Cache"] == "miss"
    assert client.get("/about-us/")["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        about.title_en = "Who we are"
        about.save()
    response = client.get("/about-us/")
    assert response["X-Page-Cache"] == "miss"
    assert "Who we are" in response.content.decode()


def test_pages_are_in_search_and_in_the_sitemap(client, about):
    about.body_en = "<p>Fairmined certification since 2014.</p>"
    about.save()
    found = client.get("/search/?q=Fairmined").content.decode()
    assert 'href="/about-us/"' in found
    sitemap = client.get("/sitemap-pages.xml").content.decode()
    assert "<loc>http://testserver/about-us/team/</loc>" in sitemap
    assert (
        '<xhtml:link rel="alternate" hreflang="es" '
        'href="http://testserver/es/quienes-somos/equipo/"/>'
    ) in sitemap


def test_deleting_a_page_takes_its_branch(about):
    Page.objects.get(pk=about.pk).delete()
    assert not Page.objects.exists()


def test_a_page_unpublished_leaves_the_public_site(client, about):
    about.status = Status.DRAFT
    about.save()
    assert client.get("/about-us/").status_code == 404


@pytest.mark.parametrize(
    "path", ["/%00/", "/about-us/%00/", "/../etc/", "/a b/", "/about-us//team/"]
)
def test_an_address_no_page_can_have_is_not_found(client, about, path):
    assert client.get(path).status_code == 404
