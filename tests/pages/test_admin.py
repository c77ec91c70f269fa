"""Pages in the back office: the tree, adding, moving, deleting, history."""

import pytest
from django.urls import reverse
from reversion.models import Version

from armcms.content.models import Status
from pages.models import MenuItem, Page
from tests.armcms.admin_helpers import form_data
from tests.pages.factories import PageFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:pages_page_changelist")
ADD = reverse("admin:pages_page_add")
MOVE = CHANGELIST + "move/"


def change_url(page):
    return reverse("admin:pages_page_change", args=[page.pk])


def page_form(**fields) -> dict:
    data = {
        "title_en": "About us",
        "slug_en": "",
        "summary_en": "Who we are.",
        "body_en": "<p>Body</p>",
        "status": Status.PUBLISHED,
        "published_at_0": "2024-05-01",
        "published_at_1": "10:00:00",
        "lead_image_alt_en": "",
        "seo_description_en": "",
        "treebeard_position": "first-child",
        "treebeard_ref_node": "",
        **sections_data(),
    }
    data.update(fields)
    return data


def sections_data(*sections: dict, initial: int = 0) -> dict:
    """The page form's sections as a browser sends them: ``sections`` are
    each one's fields by name (``kind``, ``heading_en``...)."""
    data = {
        "sections-TOTAL_FORMS": str(len(sections)),
        "sections-INITIAL_FORMS": str(initial),
        "sections-MIN_NUM_FORMS": "0",
        "sections-MAX_NUM_FORMS": "1000",
    }
    for index, section in enumerate(sections):
        fields = {"position": str((index + 1) * 10), "count": "3", **section}
        data.update(
            {f"sections-{index}-{name}": value for name, value in fields.items()}
        )
    return data


def test_publishers_build_a_tree_from_the_list(publisher):
    assert publisher.post(ADD, page_form()).status_code == 302
    about = Page.objects.get()
    # "Add a sub-page" opens the form placed below the page.
    listing = publisher.get(CHANGELIST).content.decode()
    assert f'href="{ADD}?parent={about.pk}"' in listing
    form = publisher.get(f"{ADD}?parent={about.pk}")
    assert form.context["adminform"].form.initial["treebeard_ref_node"] == about
    data = form_data(form, title_en="Team", summary_en="People.", status="published")
    assert publisher.post(f"{ADD}?parent={about.pk}", data).status_code == 302
    team = Page.objects.get(title_en="Team")
    assert Page.objects.get_parent(team) == about
    assert team.get_absolute_url() == "/about-us/team/"


def test_siblings_are_reordered_and_branches_moved_in_the_form(publisher):
    first = PageFactory(title_en="First")
    second = PageFactory(title_en="Second")
    PageFactory(parent=second, title_en="Below second")
    # Before the first page: the order of the top level changes.
    page = publisher.get(change_url(second))
    data = form_data(page, treebeard_position="left", treebeard_ref_node=first.pk)
    assert publisher.post(change_url(second), data).status_code == 302
    assert [p.title for p in Page.objects.get_root_nodes()] == ["Second", "First"]
    # Into the first page, with its branch.
    page = publisher.get(change_url(second))
    data = form_data(
        page, treebeard_position="first-child", treebeard_ref_node=first.pk
    )
    assert publisher.post(change_url(second), data).status_code == 302
    below = Page.objects.get(title_en="Below second")
    assert below.get_absolute_url() == "/first/second/below-second/"


def test_a_page_cannot_go_below_itself_or_clash_with_a_sibling(publisher):
    about = PageFactory(title_en="About us")
    team = PageFactory(parent=about, title_en="Team")
    PageFactory(title_en="Contact")
    page = publisher.get(change_url(about))
    # Its own sub-page is not offered: a forged choice is a form error.
    data = form_data(page, treebeard_position="first-child", treebeard_ref_node=team.pk)
    refused = publisher.post(change_url(about), data)
    assert refused.status_code == 200
    assert "treebeard_ref_node" in refused.context["adminform"].form.errors
    data = form_data(page, slug_en="contact", title_en="Typed title")
    refused = publisher.post(change_url(about), data)
    assert "slug_en" in refused.context["adminform"].form.errors
    assert "Typed title" in refused.content.decode()
    assert Page.objects.get(pk=about.pk).slug == "about-us"


@pytest.fixture
def branch():
    about = PageFactory(title_en="About us")
    team = PageFactory(parent=about, title_en="Team")
    PageFactory(parent=team, title_en="Board")
    PageFactory(parent=about, title_en="Partners")
    return about


def titles(pages) -> list[str]:
    return [page.title_en for page in pages]


def test_deleting_a_page_with_sub_pages_asks_what_happens_to_them(publisher, branch):
    delete = reverse("admin:pages_page_delete", args=[branch.pk])
    html = publisher.get(delete).content.decode()
    assert "has 3 pages below it" in html
    assert "Team" in html and "Board" in html and "Partners" in html
    # No choice, no change.
    assert publisher.post(delete, {"post": "yes"}).status_code == 400
    assert Page.objects.count() == 4
    # Bulk deletion names them as what stops it.
    bulk = publisher.post(
        CHANGELIST,
        {"action": "delete_selected", "_selected_action": [branch.pk], "post": "yes"},
    )
    assert "Team (a sub-page of About us)" in bulk.content.decode()
    assert Page.objects.count() == 4


def test_sub_pages_kept_move_up_to_the_deleted_pages_place(client, publisher, branch):
    PageFactory(title_en="Contact")
    delete = reverse("admin:pages_page_delete", args=[branch.pk])
    response = publisher.post(delete, {"post": "yes", "sub_pages": "move"})
    assert response.status_code == 302
    assert titles(Page.objects.get_root_nodes()) == ["Team", "Partners", "Contact"]
    board = Page.objects.get(title_en="Board")
    assert board.get_absolute_url() == "/team/board/"
    assert client.get("/about-us/team/board/")["Location"] == "/team/board/"


def test_sub_pages_may_go_with_the_page(publisher, branch):
    delete = reverse("admin:pages_page_delete", args=[branch.pk])
    response = publisher.post(delete, {"post": "yes", "sub_pages": "delete"})
    assert response.status_code == 302
    assert not Page.objects.exists()


def test_a_move_onto_a_taken_address_deletes_nothing(publisher, branch):
    PageFactory(title_en="Team")  # /team/ is taken at the top level
    delete = reverse("admin:pages_page_delete", args=[branch.pk])
    response = publisher.post(delete, {"post": "yes", "sub_pages": "move"}, follow=True)
    assert "nothing was deleted" in response.content.decode()
    assert Page.objects.count() == 5
    assert titles(Page.objects.get_children(branch)) == ["Team", "Partners"]


def test_editors_neither_delete_nor_move_what_is_public(editor, branch):
    draft = PageFactory(title_en="Draft", draft=True)
    PageFactory(parent=draft, title_en="Draft child", draft=True)
    # Editors may not delete a published page: neither choice takes effect.
    delete = reverse("admin:pages_page_delete", args=[branch.pk])
    for choice in ("move", "delete"):
        assert (
            editor.post(delete, {"post": "yes", "sub_pages": choice}).status_code == 403
        )
    assert Page.objects.count() == 6
    # Their drafts go, with what is below them, as they choose.
    delete = reverse("admin:pages_page_delete", args=[draft.pk])
    assert (
        editor.post(delete, {"post": "yes", "sub_pages": "delete"}).status_code == 302
    )
    assert Page.objects.count() == 4


def test_editors_draft_pages_but_move_nothing_that_is_public(editor):
    live = PageFactory(title_en="Live")
    draft = PageFactory(title_en="Draft page", draft=True)
    # Their new page is a draft whatever they send.
    assert editor.post(ADD, page_form(status=Status.PUBLISHED)).status_code == 302
    assert Page.objects.get(title_en="About us").status == Status.DRAFT
    form = editor.get(change_url(live)).context["adminform"].form
    assert form.fields["treebeard_ref_node"].disabled
    assert (
        not editor.get(change_url(draft))
        .context["adminform"]
        .form.fields["treebeard_ref_node"]
        .disabled
    )
    refused = editor.post(
        MOVE, {"node": live.pk, "target": draft.pk, "relation": "child"}
    )
    assert refused.status_code == 403
    assert Page.objects.get(pk=live.pk).depth == 1
    moved = editor.post(
        MOVE, {"node": draft.pk, "target": live.pk, "relation": "child"}
    )
    assert moved.status_code == 200
    assert Page.objects.get(pk=draft.pk).url_path == "live/draft-page"
    assert editor.post(MOVE, {"node": "abc", "target": "1"}).status_code == 400
    assert editor.post(MOVE, {"node": "²", "target": "1"}).status_code == 400
    assert editor.get(f"{ADD}?parent=%C2%B2").status_code == 200


def test_a_revert_keeps_the_page_in_its_place_and_its_branch_addressed(
    publisher, client
):
    about = PageFactory(title_en="About us")
    PageFactory(parent=about, title_en="Team")
    page = publisher.get(change_url(about))
    publisher.post(change_url(about), form_data(page))
    first = Version.objects.get_for_object(about).first()
    page = publisher.get(change_url(about))
    publisher.post(change_url(about), form_data(page, slug_en="about"))
    assert Page.objects.get(title_en="Team").url_path == "about/team"
    other = PageFactory(title_en="Other")
    moved = Page.objects.move(Page.objects.get(pk=about.pk), other, "first-child")
    revision = reverse("admin:pages_page_revision", args=[about.pk, first.pk])
    response = publisher.post(revision, form_data(publisher.get(revision)))
    assert response.status_code == 302
    reverted = Page.objects.get(pk=about.pk)
    assert (reverted.slug, reverted.path) == ("about-us", moved.path)
    assert Page.objects.get(title_en="Team").url_path == "other/about-us/team"
    assert Page.objects.find_problems() == ([], [], [], [], [])


def test_a_deleted_page_is_not_brought_back_from_history(publisher):
    recover = reverse("admin:pages_page_recoverlist")
    response = publisher.get(recover, follow=True)
    assert "A deleted page cannot be brought back" in response.content.decode()


def test_the_list_unfolds_a_page_and_refuses_what_is_no_page(publisher):
    about = PageFactory(title_en="About us")
    PageFactory(parent=about, title_en="Team")
    unfolded = publisher.get(f"{CHANGELIST}children/{about.pk}/")
    assert unfolded.status_code == 200
    assert "Team" in unfolded.json()["result_html"]
    for parent in ["abc", "0", str(2**70), "1%00", "%C2%B2"]:
        assert publisher.get(f"{CHANGELIST}children/{parent}/").status_code == 404
    assert publisher.get(CHANGELIST, {"q": "team\x00"}).status_code == 200


def test_a_drag_and_drop_onto_a_taken_slug_is_refused(publisher):
    about = PageFactory(title_en="About us")
    PageFactory(parent=about, title_en="Team")
    work = PageFactory(title_en="Our work")
    cousin = PageFactory(parent=work, title_en="Team")
    refused = publisher.post(
        MOVE, {"node": cousin.pk, "target": about.pk, "relation": "child"}
    )
    assert refused.status_code == 400
    assert Page.objects.get(pk=cousin.pk).url_path == "our-work/team"
    shown = publisher.get(CHANGELIST).content.decode()
    assert "this address" in shown


def test_a_refused_deletion_moves_nothing(editor):
    # The page's menu item only publishers delete: the deletion is refused,
    # and the sub-page stays where it was.
    parent = PageFactory(title_en="Draft parent", draft=True)
    PageFactory(parent=parent, title_en="Draft child", draft=True)
    MenuItem.objects.create(menu="main", page=parent)
    delete = reverse("admin:pages_page_delete", args=[parent.pk])
    assert editor.post(delete, {"post": "yes", "sub_pages": "move"}).status_code == 403
    assert titles(Page.objects.get_children(parent)) == ["Draft child"]


def test_deleting_a_branch_asks_for_every_right_it_needs(editor):
    parent = PageFactory(title_en="Draft parent", draft=True)
    child = PageFactory(parent=parent, title_en="Draft child", draft=True)
    MenuItem.objects.create(menu="main", page=child)
    delete = reverse("admin:pages_page_delete", args=[parent.pk])
    # The sub-page's menu item is the publishers' to delete.
    assert (
        editor.post(delete, {"post": "yes", "sub_pages": "delete"}).status_code == 403
    )
    assert Page.objects.count() == 2 and MenuItem.objects.count() == 1


def test_a_sub_page_may_take_the_address_of_the_page_it_replaces(client, publisher):
    about = PageFactory(title_en="About")
    PageFactory(parent=about, title_en="About")  # /about/about/
    delete = reverse("admin:pages_page_delete", args=[about.pk])
    assert (
        publisher.post(delete, {"post": "yes", "sub_pages": "move"}).status_code == 302
    )
    assert Page.objects.get().get_absolute_url() == "/about/"
    assert client.get("/about/about/")["Location"] == "/about/"
