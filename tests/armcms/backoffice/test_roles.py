"""What editors and publishers may do, enforced on the server."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils.dateparse import parse_datetime

from armcms.content.drafts import Draft
from armcms.content.models import Status
from news.models import NewsArticle
from tests.armcms.admin_helpers import article_form, form_data, sign_in
from tests.impact.factories import ImpactMetricFactory
from tests.news.factories import NewsArticleFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:news_newsarticle_changelist")
ADD = reverse("admin:news_newsarticle_add")


def change_url(article):
    return reverse("admin:news_newsarticle_change", args=[article.pk])


@pytest.fixture
def editor(client, django_user_model):
    return sign_in(client, django_user_model, "Editor")


@pytest.fixture
def publisher(client, django_user_model):
    return sign_in(client, django_user_model, "Publisher")


def test_roles_are_groups_with_the_right_permissions():
    editor = set(
        Group.objects.get(name="Editor").permissions.values_list("codename", flat=True)
    )
    publisher = set(
        Group.objects.get(name="Publisher").permissions.values_list(
            "codename", flat=True
        )
    )
    assert {"add_newsarticle", "change_publication", "view_impactmetric"} <= editor
    assert not {"publish_newsarticle", "change_impactmetric", "delete_topic"} & editor
    assert editor < publisher
    assert {
        "publish_newsarticle",
        "publish_pressrelease",
        "publish_publication",
        "change_impactmetric",
        "change_homepage",
    } <= publisher


def test_roles_follow_permission_changes():
    from django.contrib.auth.models import Permission

    from armcms.backoffice.roles import sync_roles

    publisher = Group.objects.get(name="Publisher")
    publisher.permissions.remove(Permission.objects.get(codename="publish_newsarticle"))
    sync_roles()
    assert publisher.permissions.filter(codename="publish_newsarticle").exists()


def test_editor_saves_a_draft(editor):
    response = editor.post(ADD, article_form())
    assert response.status_code == 302
    assert NewsArticle.objects.get().status == Status.DRAFT


def test_editor_cannot_publish(editor):
    # The status is shown disabled; a forged one is not taken.
    response = editor.post(ADD, article_form(status=Status.PUBLISHED))
    assert response.status_code == 302
    assert NewsArticle.objects.get().status == Status.DRAFT


def test_editor_cannot_unpublish_or_reschedule_published_content(editor):
    article = NewsArticleFactory()
    # The form shows times to the second.
    scheduled = article.published_at.replace(microsecond=0)
    for change in ({"status": Status.DRAFT}, {"published_at_0": "2031-01-01"}):
        page = editor.get(change_url(article))
        response = editor.post(change_url(article), form_data(page, **change))
        assert response.status_code == 302
        article.refresh_from_db()
        assert article.status == Status.PUBLISHED
        assert article.published_at.replace(microsecond=0) == scheduled
        # Nor do the changes that wait for a publisher hold it.
        fields = Draft.objects.for_item(article).get().changes[0]["fields"]
        assert fields["status"] == Status.PUBLISHED
        assert parse_datetime(fields["published_at"]).replace(microsecond=0) == (
            scheduled
        )


def test_an_editors_correction_to_published_content_waits_for_a_publisher(editor):
    article = NewsArticleFactory()
    page = editor.get(change_url(article))
    response = editor.post(change_url(article), form_data(page, title_en="Typo fixed"))
    assert response.status_code == 302, response.context["adminform"].form.errors
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED
    assert article.title_en != "Typo fixed"
    assert (
        editor.get(change_url(article)).context["adminform"].form["title_en"].value()
        == "Typo fixed"
    )


def test_editor_has_no_publishing_actions(editor):
    draft = NewsArticleFactory(draft=True)
    page = editor.get(CHANGELIST)
    actions = [
        value for value, _label in page.context["action_form"].fields["action"].choices
    ]
    assert "publish" not in actions
    assert "unpublish" not in actions
    editor.post(CHANGELIST, {"action": "publish", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_editor_deletes_drafts_but_not_published_content(editor):
    draft, published = NewsArticleFactory(draft=True), NewsArticleFactory()
    delete = "admin:news_newsarticle_delete"
    assert (
        editor.post(reverse(delete, args=[published.pk]), {"post": "yes"}).status_code
        == 403
    )
    assert (
        editor.post(reverse(delete, args=[draft.pk]), {"post": "yes"}).status_code
        == 302
    )
    response = editor.post(
        CHANGELIST,
        {
            "action": "delete_selected",
            "post": "yes",
            "_selected_action": [published.pk],
        },
    )
    assert response.status_code in (200, 403)
    assert NewsArticle.objects.filter(pk=published.pk).exists()
    assert not NewsArticle.objects.filter(pk=draft.pk).exists()


def test_editor_cannot_change_impact_figures_or_the_homepage(editor):
    metric = ImpactMetricFactory()
    url = reverse("admin:impact_impactmetric_change", args=[metric.pk])
    assert editor.post(url, {"label_en": "hacked"}).status_code == 403
    assert editor.get(reverse("admin:armcms_homepage_add")).status_code == 403


def test_publisher_publishes_schedules_and_deletes(publisher):
    response = publisher.post(
        ADD, article_form(status=Status.PUBLISHED, published_at_0="2030-01-01")
    )
    assert response.status_code == 302
    article = NewsArticle.objects.get()
    assert article.status == Status.PUBLISHED
    assert article.visibility == "scheduled"
    draft = NewsArticleFactory(draft=True)
    publisher.post(CHANGELIST, {"action": "publish", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.status == Status.PUBLISHED
    delete = reverse("admin:news_newsarticle_delete", args=[article.pk])
    assert publisher.post(delete, {"post": "yes"}).status_code == 302


def test_a_forged_initial_value_does_not_hide_a_reschedule(editor):
    article = NewsArticleFactory()
    page = editor.get(change_url(article))
    forged = form_data(
        page,
        published_at_0="2031-01-01",
        **{"initial-published_at_0": "2031-01-01"},
    )
    editor.post(change_url(article), forged)
    article.refresh_from_db()
    assert article.published_at.year < 2031
