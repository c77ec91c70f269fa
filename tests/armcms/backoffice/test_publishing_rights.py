"""
Only publishers change what the public sees, whichever admin path an Editor
takes: change forms, bulk actions, revert, recover, and the history and
recover addresses given the versions of other objects and models.
"""

import pytest
from django.urls import reverse
from reversion.models import Version

from armcms.content.models import HomePage, Status
from impact.models import ImpactMetric
from news.models import NewsArticle, PressRelease
from tests.armcms.admin_helpers import form_data, sign_in
from tests.armcms.factories import TopicFactory
from tests.impact.factories import ImpactMetricFactory
from tests.news.factories import NewsArticleFactory, PressReleaseFactory

pytestmark = pytest.mark.django_db


def article_url(name, *args):
    return reverse(f"admin:news_newsarticle_{name}", args=args)


@pytest.fixture
def publisher(client, django_user_model):
    return sign_in(client, django_user_model, "Publisher")


@pytest.fixture
def editor(django_user_model):
    from tests.client import Client

    return sign_in(Client(), django_user_model, "Editor")


def save(client, url, **changes):
    """Open the form at ``url``, change it, and press Publish where the form
    offers it (a publisher's form of a published item), Save otherwise."""
    page = client.get(url)
    assert page.status_code == 200
    response = client.post(url, form_data(page, **changes))
    assert response.status_code == 302, response.context["adminform"].form.errors
    return response


def revert(client, obj, version, **changes):
    """Open ``version`` of ``obj`` in its History and press Save."""
    url = reverse(
        f"admin:{obj._meta.app_label}_{obj._meta.model_name}_revision",
        args=[obj.pk, version.pk],
    )
    page = client.get(url)
    if page.status_code != 200:
        return page
    return client.post(url, form_data(page, **changes))


def versions(obj):
    return list(Version.objects.get_for_object(obj).order_by("pk"))


@pytest.fixture
def unpublished(publisher):
    """An article a publisher published, then took back to draft."""
    article = NewsArticleFactory(draft=True, title="Embargoed findings")
    change = article_url("change", article.pk)
    save(publisher, change, status=Status.PUBLISHED)
    save(publisher, change, status=Status.DRAFT)
    return article


def test_an_editor_cannot_republish_by_reverting(unpublished, editor):
    published_version = versions(unpublished)[0]
    assert published_version.field_dict["status"] == Status.PUBLISHED
    response = revert(editor, unpublished, published_version)
    unpublished.refresh_from_db()
    assert unpublished.status == Status.DRAFT
    assert response.status_code in (200, 302, 403)
    if response.status_code == 302:
        messages = [str(m) for m in response.wsgi_request._messages]
        assert any("publisher" in m for m in messages)


def test_an_editor_cannot_unpublish_by_reverting_to_a_draft(publisher, editor):
    article = NewsArticleFactory(draft=True)
    change = article_url("change", article.pk)
    save(publisher, change, title_en="Draft wording")
    save(publisher, change, status=Status.PUBLISHED)
    draft_version = versions(article)[0]
    revert(editor, article, draft_version)
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED


def test_an_editor_may_revert_a_draft_to_a_draft(publisher, editor):
    article = NewsArticleFactory(draft=True, title="First wording")
    change = article_url("change", article.pk)
    save(editor, change, title_en="Second wording")
    save(editor, change, title_en="Third wording")
    response = revert(editor, article, versions(article)[0])
    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.title_en, article.status) == ("Second wording", Status.DRAFT)
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("reverted" in m for m in messages)


def test_an_editor_cannot_recover_a_deleted_published_item(publisher, editor):
    article = NewsArticleFactory(draft=True)
    save(publisher, article_url("change", article.pk), status=Status.PUBLISHED)
    publisher.post(article_url("delete", article.pk), {"post": "yes"})
    deleted = Version.objects.get_deleted(NewsArticle).get()
    url = article_url("recover", deleted.pk)
    page = editor.get(url)
    if page.status_code == 200:
        editor.post(url, form_data(page))
    assert not NewsArticle.objects.exists()


def test_an_editor_may_recover_a_deleted_draft(editor):
    article = NewsArticleFactory(draft=True)
    save(editor, article_url("change", article.pk), title_en="Kept wording")
    editor.post(article_url("delete", article.pk), {"post": "yes"})
    deleted = Version.objects.get_deleted(NewsArticle).get()
    page = editor.get(article_url("recover", deleted.pk))
    response = editor.post(article_url("recover", deleted.pk), form_data(page))
    assert response.status_code == 302
    assert NewsArticle.objects.get().title_en == "Kept wording"
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("recovered" in m for m in messages)


def test_the_homepage_cannot_be_changed_through_an_articles_history(publisher, editor):
    article = NewsArticleFactory(draft=True)
    save(editor, article_url("change", article.pk), title_en="An editor's draft")
    save(
        publisher,
        reverse("admin:armcms_homepage_add"),
        intro_en="An introduction the editor must not change",
    )
    homepage = HomePage.objects.get()
    homepage_version = versions(homepage)[0]
    # Later the publisher changes it again; the editor tries to bring the
    # old text back through the article's history.
    save(
        publisher,
        reverse("admin:armcms_homepage_change", args=[1]),
        intro_en="Today's introduction",
    )
    url = article_url("revision", article.pk, homepage_version.pk)
    assert editor.get(url).status_code == 404
    page = editor.get(article_url("revision", article.pk, versions(article)[0].pk))
    editor.post(url, form_data(page))
    homepage.refresh_from_db()
    assert homepage.intro_en == "Today's introduction"


def test_impact_figures_cannot_be_changed_through_an_articles_history(
    publisher, editor
):
    metric = ImpactMetricFactory()
    change = reverse("admin:impact_impactmetric_change", args=[metric.pk])
    save(publisher, change, label_en="Miners trained")
    save(publisher, change, label_en="Mines certified")
    old = versions(metric)[0]
    article = NewsArticleFactory(draft=True)
    save(editor, article_url("change", article.pk), title_en="Draft")
    url = article_url("revision", metric.pk, old.pk)
    article_page = editor.get(
        article_url("revision", article.pk, versions(article)[0].pk)
    )
    assert editor.get(url).status_code == 404
    editor.post(url, form_data(article_page))
    metric.refresh_from_db()
    assert metric.label_en == "Mines certified"
    assert not ImpactMetric.objects.exclude(pk=metric.pk).exists()


def test_recover_takes_only_deleted_versions_of_its_own_model(publisher, editor):
    release = PressReleaseFactory(draft=True)
    save(
        publisher,
        reverse("admin:news_pressrelease_change", args=[release.pk]),
        title_en="A press release",
    )
    publisher.post(
        reverse("admin:news_pressrelease_delete", args=[release.pk]), {"post": "yes"}
    )
    deleted_release = Version.objects.get_deleted(PressRelease).get()
    live = NewsArticleFactory(draft=True)
    save(editor, article_url("change", live.pk), title_en="Still here")
    live_version = versions(live)[0]
    for version in (deleted_release, live_version):
        for client in (editor, publisher):
            assert client.get(article_url("recover", version.pk)).status_code == 404
    assert not PressRelease.objects.exists()


def test_an_editor_cannot_change_other_items_saved_in_the_same_revision(
    publisher, editor
):
    """A bulk action records its items in one revision, and a revert writes
    back every item of the revision: each is checked."""
    first, second = NewsArticleFactory.create_batch(2, draft=True)
    publisher.post(
        article_url("changelist"),
        {"action": "unpublish", "_selected_action": [first.pk, second.pk]},
    )
    save(publisher, article_url("change", second.pk), status=Status.PUBLISHED)
    unpublished_first = versions(first)[0]
    assert unpublished_first.revision.version_set.count() == 2
    response = revert(editor, first, unpublished_first)
    assert response.status_code == 302
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("Only publishers can unpublish" in m for m in messages)
    second.refresh_from_db()
    assert second.status == Status.PUBLISHED


def test_an_editor_sees_the_publishing_controls_disabled(editor, publisher):
    article = NewsArticleFactory()
    page = editor.get(article_url("change", article.pk))
    form = page.context["adminform"].form
    for name in ("status", "published_at", "expires_at", "is_featured"):
        assert form.fields[name].disabled, name
    assert "Your changes wait as a draft" in page.content.decode()
    add_page = editor.get(article_url("add"))
    assert add_page.context["adminform"].form.fields["status"].disabled
    assert "a publisher publishes it" in add_page.content.decode()
    publisher_form = (
        publisher.get(article_url("change", article.pk)).context["adminform"].form
    )
    assert not publisher_form.fields["status"].disabled


def test_a_forged_status_is_ignored_for_an_editor(editor):
    article = NewsArticleFactory(draft=True)
    change = article_url("change", article.pk)
    page = editor.get(change)
    editor.post(change, form_data(page, status=Status.PUBLISHED, is_featured="on"))
    article.refresh_from_db()
    assert (article.status, article.is_featured) == (Status.DRAFT, False)


def test_a_revert_that_changes_the_status_says_so(publisher):
    article = NewsArticleFactory(draft=True)
    change = article_url("change", article.pk)
    save(publisher, change, title_en="Draft wording")
    save(publisher, change, status=Status.PUBLISHED)
    response = revert(publisher, article, versions(article)[0])
    article.refresh_from_db()
    assert article.status == Status.DRAFT
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("no longer on the site" in m for m in messages)
    assert not any(m.endswith("..") for m in messages)


def test_an_editor_cannot_revert_a_live_item_by_way_of_another(publisher, editor):
    # One bulk action files a draft and a live article: one revision.
    draft, live = NewsArticleFactory(draft=True), NewsArticleFactory(title="Live")
    publisher.post(
        article_url("changelist"),
        {
            "action": "add_taxonomy",
            "_selected_action": [draft.pk, live.pk],
            "apply": "1",
            "topics": [TopicFactory().pk],
        },
    )
    save(publisher, article_url("change", live.pk), title_en="Live, corrected")
    [shared] = [
        version
        for version in versions(draft)
        if version.revision.version_set.count() == 2
    ]
    response = revert(editor, draft, shared)
    assert response.status_code == 302
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("only publishers bring back its versions" in m for m in messages)
    assert NewsArticle.objects.get(pk=live.pk).title == "Live, corrected"
