"""Revision history: every admin save is kept; staff compare, revert, recover."""

from decimal import Decimal

import pytest
from django.urls import reverse
from reversion.models import Version

from news.models import NewsArticle
from tests.armcms.admin_helpers import form_data
from tests.armcms.factories import TopicFactory
from tests.impact.factories import ImpactMetricFactory
from tests.news.factories import NewsArticleFactory

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"admin:news_newsarticle_{name}", args=args)


def edit(client, article, **changes):
    page = client.get(url("change", article.pk))
    response = client.post(url("change", article.pk), form_data(page, **changes))
    assert response.status_code == 302, response.context["adminform"].form.errors


@pytest.fixture
def article(admin_client):
    article = NewsArticleFactory(
        title="Original title", body="<p>Original body</p>", topics=[TopicFactory()]
    )
    edit(admin_client, article, title_en="First edit", title_es="Primera edición")
    edit(admin_client, article, title_en="Bad edit", body_en="<p>Oops</p>")
    return article


def test_every_admin_save_records_who_and_when(admin_client, admin_user, article):
    versions = Version.objects.get_for_object(article)
    assert versions.count() == 2
    newest = versions.first()
    assert newest.revision.user == admin_user
    assert newest.revision.date_created is not None
    assert newest.field_dict["title_en"] == "Bad edit"


def test_history_and_compare_pages_render(admin_client, article):
    history = admin_client.get(url("history", article.pk))
    assert history.status_code == 200
    assert (
        "First edit" in history.content.decode()
        or "Changed" in history.content.decode()
    )
    newer, older = Version.objects.get_for_object(article)[:2]
    compare = admin_client.get(
        url("compare", article.pk),
        {"version_id1": older.pk, "version_id2": newer.pk},
    )
    assert compare.status_code == 200
    html = compare.content.decode()
    assert "Bad edit" in html
    assert "First edit" in html


def test_reverting_restores_an_earlier_version(admin_client, article):
    good = Version.objects.get_for_object(article).last()
    page = admin_client.get(url("revision", article.pk, good.pk))
    assert page.status_code == 200
    response = admin_client.post(url("revision", article.pk, good.pk), form_data(page))
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.title_en == "First edit"
    assert article.body_en == "<p>Original body</p>"
    assert article.title_es == "Primera edición"
    assert article.topics.count() == 1


def test_a_deleted_item_can_be_recovered(admin_client, article):
    admin_client.post(url("delete", article.pk), {"post": "yes"})
    assert not NewsArticle.objects.exists()
    recover_list = admin_client.get(url("recoverlist"))
    assert "Bad edit" in recover_list.content.decode()
    deleted = Version.objects.get_deleted(NewsArticle).first()
    page = admin_client.get(url("recover", deleted.pk))
    response = admin_client.post(url("recover", deleted.pk), form_data(page))
    assert response.status_code == 302
    restored = NewsArticle.objects.get()
    assert (restored.pk, restored.title_en) == (article.pk, "Bad edit")
    assert restored.title_es == "Primera edición"
    assert restored.topics.count() == 1


def test_bulk_actions_are_recorded_in_the_history(admin_client):
    draft = NewsArticleFactory(draft=True)
    admin_client.post(
        url("changelist"), {"action": "publish", "_selected_action": [draft.pk]}
    )
    version = Version.objects.get_for_object(draft).get()
    assert version.field_dict["status"] == "published"
    assert version.revision.comment == "Published"


def test_impact_figure_changes_are_kept(admin_client):
    metric = ImpactMetricFactory(value=Decimal(10))
    change = reverse("admin:impact_impactmetric_change", args=[metric.pk])
    page = admin_client.get(change)
    admin_client.post(change, form_data(page, value="12"))
    version = Version.objects.get_for_object(metric).get()
    assert version.field_dict["value"] == Decimal(12)
    history = admin_client.get(
        reverse("admin:impact_impactmetric_history", args=[metric.pk])
    )
    assert history.status_code == 200


def test_an_impact_figure_reverts_to_an_earlier_version(admin_client):
    """A setting without publishing fields goes back as an item does."""
    metric = ImpactMetricFactory(value=Decimal(10))
    change = reverse("admin:impact_impactmetric_change", args=[metric.pk])
    admin_client.post(change, form_data(admin_client.get(change), value="12"))
    admin_client.post(change, form_data(admin_client.get(change), value="15"))
    earlier = Version.objects.get_for_object(metric).last()
    revision = reverse(
        "admin:impact_impactmetric_revision", args=[metric.pk, earlier.pk]
    )
    page = admin_client.get(revision)
    assert page.status_code == 200
    response = admin_client.post(revision, form_data(page))
    assert response.status_code == 302
    metric.refresh_from_db()
    assert metric.value == Decimal(12)


def test_the_compare_view_shows_words_one_row_per_field_and_language(admin_client):
    article = NewsArticleFactory(
        title="Gold", summary="Old summary", body="<p>First paragraph.</p>"
    )
    edit(
        admin_client,
        article,
        summary_en="New summary",
        body_en='<p>First paragraph.</p><p>A <a href="https://example.org">second'
        "</a> one.</p>",
    )
    edit(admin_client, article, body_en="<p>First paragraph, changed.</p>")
    newer, older = Version.objects.get_for_object(article)[:2]
    compare = admin_client.get(
        url("compare", article.pk),
        {"version_id1": older.pk, "version_id2": newer.pk},
    )
    diff = compare.context["compare_data"]
    labels = [str(row["field"].verbose_name) for row in diff]
    assert labels == ["body [en]"]
    html = diff[0]["diff"]
    assert "A second one" in html and "changed" in html
    assert "<a " not in html and "&lt;a" not in html and "&lt;p" not in html


def test_a_delete_confirmation_names_only_what_a_person_knows(admin_client):
    article = NewsArticleFactory(title="Closing the mine", topics=[TopicFactory()])
    page = admin_client.get(url("delete", article.pk))
    html = page.content.decode()
    assert "Closing the mine" in html
    assert "object (" not in html
    assert "relationship" not in html


def test_a_new_translation_compares_with_no_text_not_none(admin_client):
    article = NewsArticleFactory(title="Gold")
    edit(admin_client, article, title_en="Gold")
    edit(admin_client, article, title_fr="Or")
    newer, older = Version.objects.get_for_object(article)[:2]
    compare = admin_client.get(
        url("compare", article.pk),
        {"version_id1": older.pk, "version_id2": newer.pk},
    )
    rows = compare.context["compare_data"]
    # The French slug is made from the French title.
    assert [str(row["field"].verbose_name) for row in rows] == [
        "title [fr]",
        "slug [fr]",
    ]
    assert "None" not in rows[0]["diff"] + rows[1]["diff"]
    assert "Or" in rows[0]["diff"]
