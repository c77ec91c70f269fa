"""
An Editor walks every admin address they can reach (change, delete,
history, revert, recover, every bulk action), given the ids and versions of
every object of every model, and the public site stays as it was.
"""

import pytest
from django.apps import apps
from django.contrib import admin
from django.forms.models import model_to_dict
from django.urls import NoReverseMatch, reverse
from reversion.models import Version

from armcms.content.drafts import Draft, Review
from armcms.content.models import HomePage, Status
from armcms.content.publishing import is_publishable, publishing_state
from impact.models import ImpactMetric
from news.models import NewsArticle, PressRelease
from publications.models import Publication
from tests.armcms.admin_helpers import form_data, sign_in
from tests.armcms.backoffice.test_publishing_rights import save
from tests.armcms.factories import TopicFactory
from tests.client import Client
from tests.impact.factories import ImpactMetricFactory
from tests.news.factories import NewsArticleFactory, PressReleaseFactory
from tests.publications.factories import PublicationFactory

pytestmark = pytest.mark.django_db

SITE_SETTINGS = [HomePage, ImpactMetric]


def admin_url(model, name, *args):
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{name}", args=args)


def preview_url(model, pk) -> str | None:
    try:
        return admin_url(model, "preview", pk)
    except NoReverseMatch:
        return None


def public_state() -> dict:
    """The publishing state of every item, what the public sees of the
    published ones, and the site settings."""
    state = {}
    for model in apps.get_models():
        if is_publishable(model):
            for item in model._default_manager.all():
                state[(model._meta.label, item.pk)] = publishing_state(item)
                if item.status == Status.PUBLISHED:
                    state[(model._meta.label, item.pk)]["shown"] = model_to_dict(
                        item, exclude=["updated_at"]
                    )
    for model in SITE_SETTINGS:
        for item in model._default_manager.all():
            state[(model._meta.label, item.pk)] = model_to_dict(item)
    return state


def assert_unchanged(before: dict, after: dict, where) -> None:
    """Nothing an Editor may not do happened between the two states: drafts
    may come and go (deleted, recovered), published items and settings not."""
    for key, old in before.items():
        new = after.get(key)
        if old.get("status") == Status.DRAFT:
            assert new is None or new["status"] == Status.DRAFT, (where, key)
            # A draft an Editor deleted may come back as an older draft.
            assert new is None or old["is_featured"] or not new["is_featured"], (
                where,
                key,
            )
        else:
            assert new == old, (where, key)
    for key in after.keys() - before.keys():
        assert after[key].get("status") == Status.DRAFT, (where, key)
        assert not after[key]["is_featured"], (where, key)


@pytest.fixture
def history(client, django_user_model):
    """Content with a history of publishing, unpublishing and deletion, made
    by a publisher through the admin."""
    publisher = sign_in(client, django_user_model, "Publisher")
    items = [
        NewsArticleFactory(draft=True),
        NewsArticleFactory(draft=True),
        PressReleaseFactory(draft=True),
        PressReleaseFactory(draft=True),
        PublicationFactory(draft=True),
    ]
    for item in items:
        change = admin_url(type(item), "change", item.pk)
        save(publisher, change, title_en=f"{item.title_en} (draft)")
        save(publisher, change, status=Status.PUBLISHED, is_featured="on")
    # One article back to draft, one press release deleted while live.
    save(
        publisher,
        admin_url(NewsArticle, "change", items[0].pk),
        status="draft",
        _publish="1",
    )
    publisher.post(admin_url(PressRelease, "delete", items[3].pk), {"post": "yes"})
    # A bulk action: one revision holding several items.
    publisher.post(
        admin_url(NewsArticle, "changelist"),
        {"action": "unfeature", "_selected_action": [items[1].pk]},
    )
    # One revision holding a draft and a live item, whose text changes after.
    publisher.post(
        admin_url(NewsArticle, "changelist"),
        {
            "action": "add_taxonomy",
            "_selected_action": [items[0].pk, items[1].pk],
            "apply": "1",
            "topics": [TopicFactory().pk],
        },
    )
    save(publisher, admin_url(NewsArticle, "change", items[1].pk), title_en="Newer")
    # Changes to a live item wait in review, and a publisher's own draft
    # of changes waits on another.
    change = admin_url(PressRelease, "change", items[2].pk)
    publisher.post(
        change,
        form_data(publisher.get(change), press="_submit_review", title_en="In review"),
    )
    change = admin_url(Publication, "change", items[4].pk)
    publisher.post(
        change, form_data(publisher.get(change), press="_save", title_en="Waiting")
    )
    save(publisher, admin_url(HomePage, "add"), intro_en="First introduction")
    save(publisher, admin_url(HomePage, "change", 1), intro_en="Introduction")
    metric = ImpactMetricFactory()
    save(publisher, admin_url(ImpactMetric, "change", metric.pk), label_en="Old")
    save(publisher, admin_url(ImpactMetric, "change", metric.pk), label_en="New")
    return items


def test_an_editor_changes_no_public_state_by_any_admin_address(
    history, django_user_model
):
    editor = sign_in(Client(), django_user_model, "Editor")
    before = public_state()
    assert Draft.objects.filter(review=Review.IN_REVIEW).count() == 1
    assert Draft.objects.filter(changes__isnull=False).count() == 2
    assert sum(s.get("status") == Status.PUBLISHED for s in before.values()) == 3
    version_ids = list(Version.objects.values_list("pk", flat=True))
    models = [model for model in apps.get_models() if admin.site.is_registered(model)]
    ids = {
        model: list(model._default_manager.values_list("pk", flat=True)) or [1]
        for model in models
    }
    all_ids = sorted({pk for pks in ids.values() for pk in pks} | {1, 99})
    walked = set()
    topic_ids = [TopicFactory().pk]

    def visit(url, preview=None, **changes):
        page = editor.get(url)
        assert page.status_code < 500, url
        walked.add((url, page.status_code))
        if page.status_code == 200 and "adminform" in (page.context or {}):
            data = form_data(page, **changes)
            response = editor.post(url, data)
            assert response.status_code < 500, url
            assert_unchanged(before, public_state(), url)
            if preview is not None:
                # The form's preview saves, draws the page, and undoes it all.
                response = editor.post(preview, data)
                assert response.status_code < 500, preview
                walked.add((preview, response.status_code))
                assert_unchanged(before, public_state(), preview)

    for model in models:
        model_admin = admin.site.get_model_admin(model)
        publishable = is_publishable(model)
        for pk in all_ids:
            changes = (
                {
                    "status": Status.PUBLISHED,
                    "is_featured": "on",
                    "title_en": "Changed by an Editor",
                }
                if publishable
                else {}
            )
            visit(
                admin_url(model, "change", pk),
                preview=preview_url(model, pk),
                **changes,
            )
            if preview_url(model, pk) and pk in [*ids[model], 99]:
                # Review, discarding and previewing a draft publish nothing.
                for action in ("request_changes", "withdraw", "publish"):
                    editor.post(
                        admin_url(model, "review", pk),
                        {"review_action": action, "review_note": "Publish!"},
                    )
                editor.post(admin_url(model, "discard", pk))
                preview = editor.get(admin_url(model, "changes_preview", pk))
                walked.add(
                    (admin_url(model, "changes_preview", pk), preview.status_code)
                )
                assert_unchanged(before, public_state(), (model, pk, "review"))
            editor.post(admin_url(model, "delete", pk), {"post": "yes"})
            editor.get(admin_url(model, "history", pk))
        try:
            admin_url(model, "recoverlist")
        except NoReverseMatch:
            continue  # Not versioned.
        for version_id in version_ids:
            visit(admin_url(model, "recover", version_id))
            for pk in all_ids:
                visit(
                    admin_url(model, "revision", pk, version_id),
                    **({"title_en": "Changed by an Editor"} if publishable else {}),
                )
        request = editor.get(admin_url(model, "changelist")).wsgi_request
        for action in model_admin.get_actions(request):
            editor.post(
                admin_url(model, "changelist"),
                {
                    "action": action,
                    "_selected_action": ids[model],
                    "post": "yes",
                    # What the topics and countries actions ask for.
                    "apply": "1",
                    "topics": topic_ids,
                },
            )
            assert_unchanged(before, public_state(), action)
        assert_unchanged(before, public_state(), model)
    # The walk reached forms it was allowed to open, not only refusals, and
    # drew their previews.
    assert any(code == 200 for _url, code in walked)
    assert any(url.endswith("/preview/") and code == 200 for url, code in walked)
    assert any(url.endswith("/changes/") and code == 200 for url, code in walked)
    assert_unchanged(before, public_state(), "the end")
    assert Publication.objects.filter(status=Status.PUBLISHED).exists()
