"""Bulk actions that file the selected items under topics and countries, or
take them out."""

import pytest
from reversion.models import Version

from armcms.pagecache.tags import change_counter
from news.models import NewsArticle
from tests.armcms.admin_helpers import sign_in
from tests.armcms.factories import CountryFactory, TopicFactory
from tests.news.factories import NewsArticleFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/news/newsarticle/"


@pytest.fixture
def editor(client, django_user_model):
    # Editors file unpublished items; published ones wait for a publisher.
    return sign_in(client, django_user_model, "Editor")


def action(name, items, **extra) -> dict:
    return {"action": name, "_selected_action": [item.pk for item in items], **extra}


def test_items_are_filed_under_topics_and_countries_and_taken_out(
    editor, django_capture_on_commit_callbacks
):
    gender, peru = TopicFactory(name="Gender"), CountryFactory(name="Peru")
    chosen = NewsArticleFactory.create_batch(2, draft=True)
    other = NewsArticleFactory()
    live = NewsArticleFactory()
    # The action asks which first, naming the items.
    page = editor.post(CHANGELIST, action("add_taxonomy", chosen))
    assert page.status_code == 200
    assert chosen[0].title in page.content.decode()
    before = change_counter()
    with django_capture_on_commit_callbacks(execute=True):
        response = editor.post(
            CHANGELIST,
            action(
                "add_taxonomy",
                [*chosen, live],
                apply="1",
                topics=[gender.pk],
                countries=[peru.pk],
            ),
            follow=True,
        )
    assert "2 items filed under them." in response.content.decode()
    assert "1 published item was left as it is" in response.content.decode()
    assert not live.topics.exists()
    for item in chosen:
        assert list(item.topics.all()) == [gender]
        assert list(item.countries.all()) == [peru]
    assert not other.topics.exists()
    assert change_counter() > before
    # Each item's history says so.
    comments = {
        version.revision.comment
        for version in Version.objects.get_for_object(chosen[0])
    }
    assert "Filed under Gender, Peru" in comments

    editor.post(
        CHANGELIST,
        action("remove_taxonomy", chosen[:1], apply="1", topics=[gender.pk]),
    )
    assert not chosen[0].topics.exists()
    assert list(chosen[0].countries.all()) == [peru]
    assert list(chosen[1].topics.all()) == [gender]


@pytest.mark.parametrize(
    "choice",
    [{}, {"topics": ["abc"]}, {"topics": [str(2**64)]}, {"countries": ["999999"]}],
)
def test_a_choice_that_is_not_one_changes_nothing(editor, choice):
    item = NewsArticleFactory()
    response = editor.post(
        CHANGELIST, action("add_taxonomy", [item], apply="1", **choice)
    )
    assert response.status_code == 200
    assert (
        "errorlist" in response.content.decode()
        or "errornote" in response.content.decode()
    )
    assert not item.topics.exists() and not item.countries.exists()
    assert NewsArticle.objects.get().updated_at == item.updated_at
