"""
Changes to published items wait as drafts beside them: the public site (its
pages, lists, feeds, sitemap, search and cache) shows the published version
until a publisher publishes the changes, now or at a time; the review cycle
with its emails; two people saving the same item.
"""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from armcms.content.drafts import Draft, Review
from armcms.content.models import Status
from armcms.content.shown import next_transition
from news.models import NewsArticle
from pages.models import Section
from tests.armcms.admin_helpers import form_data
from tests.client import Client
from tests.news.factories import NewsArticleFactory
from tests.pages.factories import PageFactory

pytestmark = pytest.mark.django_db(transaction=True)

OLD, NEW = "Miners meet in Medellín", "Miners meet in Bogotá"


def staff(django_user_model, role, name):
    user = django_user_model.objects.create_user(
        username=name,
        password="x" * 16,
        is_staff=True,
        email=f"{name}@example.org",
        first_name=name.capitalize(),
    )
    user.groups.add(Group.objects.get(name=role))
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def publisher(django_user_model):
    return staff(django_user_model, "Publisher", "paula")


@pytest.fixture
def editor(django_user_model):
    return staff(django_user_model, "Editor", "eva")


@pytest.fixture
def article():
    return NewsArticleFactory(title=OLD, summary="About the meeting.")


def url(name, item):
    opts = item._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{name}", args=[item.pk])


def post(client, item, press="_save", **changes):
    page = client.get(url("change", item))
    assert page.status_code == 200
    return client.post(url("change", item), form_data(page, press=press, **changes))


def public_pages(item) -> dict[str, str]:
    visitor = Client()
    pages = {
        address: visitor.get(address).content.decode()
        for address in [
            item.get_absolute_url(),
            "/news/",
            "/news/feed/",
            "/sitemap.xml",
            "/search/?q=Bogot%C3%A1",
            "/",
        ]
    }
    # What the cache answers, too, on a second visit.
    pages["cached"] = visitor.get(item.get_absolute_url()).content.decode()
    return pages


def test_a_change_to_a_live_item_waits_until_a_publisher_publishes_it(
    publisher, article
):
    old_address = article.get_absolute_url()
    public_pages(article)  # in the cache
    response = post(publisher, article, title_en=NEW, slug_en="miners-bogota")
    assert response.status_code == 302
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("saved as a draft" in m for m in messages), messages
    assert not any("It is on the site" in m for m in messages)
    article.refresh_from_db()
    assert (article.title, article.status) == (OLD, Status.PUBLISHED)
    for address, html in public_pages(article).items():
        assert NEW not in html, address
    assert OLD in Client().get(old_address).content.decode()
    # The form shows the changes, and says where they stand.
    page = publisher.get(url("change", article))
    assert page.context["adminform"].form["title_en"].value() == NEW
    assert "Live, with unpublished changes." in page.content.decode()
    changelist = publisher.get(reverse("admin:news_newsarticle_changelist"))
    assert "with unpublished changes" in changelist.content.decode()
    # The preview shows them at the item's address, and keeps nothing.
    preview = publisher.get(url("changes_preview", article))
    assert NEW in preview.content.decode()
    assert NewsArticle.objects.get().title == OLD

    response = post(publisher, article, press="_publish")
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.title == NEW
    assert not Draft.objects.exists()
    pages = public_pages(article)
    assert NEW in pages[article.get_absolute_url()]
    assert NEW in pages["cached"] and NEW in pages["/news/"]
    # The old address leads to the new one, as after any change of slug.
    assert Client().get(old_address).status_code == 301
    assert Version.objects.get_for_object(article).first().field_dict["title_en"] == NEW


def test_a_pages_sections_wait_with_the_page(publisher):
    page = PageFactory(title="About us")
    kept, dropped = (
        Section.objects.create(page=page, position=n, kind="text", text=f"<p>{t}</p>")
        for n, t in enumerate(["Kept text", "Dropped text"])
    )
    form = publisher.get(url("change", page))
    data = form_data(form, press="_save")
    prefix = "sections"
    total = int(data[f"{prefix}-TOTAL_FORMS"])
    for index in range(total):
        if data.get(f"{prefix}-{index}-id") == str(dropped.pk):
            data[f"{prefix}-{index}-DELETE"] = "on"
    data.update(
        {
            f"{prefix}-TOTAL_FORMS": str(total + 1),
            f"{prefix}-{total}-kind": "text",
            f"{prefix}-{total}-position": "5",
            f"{prefix}-{total}-count": "3",
            f"{prefix}-{total}-text_en": "<p>Added text</p>",
        }
    )
    response = publisher.post(url("change", page), data)
    assert response.status_code == 302, [
        (f.errors, f.non_form_errors())
        for f in (i.formset for i in response.context["inline_admin_formsets"])
    ]
    live = Client().get(page.get_absolute_url()).content.decode()
    assert "Dropped text" in live and "Added text" not in live
    assert set(Section.objects.values_list("pk", flat=True)) == {kept.pk, dropped.pk}
    # The form shows the sections as the draft has them, previews them as
    # typed, and publishes them.
    form = publisher.get(url("change", page))
    data = form_data(form, title_en="About us, typed")
    preview = publisher.post(url("preview", page), data).content.decode()
    assert "About us, typed" in preview and "Added text" in preview
    assert "Dropped text" not in preview
    response = post(publisher, page, press="_publish")
    assert response.status_code == 302, [
        (f.errors, f.non_form_errors())
        for f in (i.formset for i in response.context["inline_admin_formsets"])
    ]
    live = Client().get(page.get_absolute_url()).content.decode()
    assert "Kept text" in live and "Added text" in live
    assert "Dropped text" not in live
    assert not Section.objects.filter(pk=dropped.pk).exists()


def test_discarding_the_changes_leaves_the_live_item(publisher, article):
    post(publisher, article, title_en=NEW)
    assert publisher.get(url("discard", article)).status_code == 200
    response = publisher.post(url("discard", article))
    assert response.status_code == 302
    assert not Draft.objects.exists()
    page = publisher.get(url("change", article))
    assert page.context["adminform"].form["title_en"].value() == OLD


def test_changes_scheduled_for_a_time_go_live_then_without_a_timer(publisher, article):
    soon = timezone.localtime() + timedelta(hours=2)
    response = post(
        publisher,
        article,
        press="_schedule",
        title_en=NEW,
        changes_publish_at_0=soon.strftime("%Y-%m-%d"),
        changes_publish_at_1=soon.strftime("%H:%M"),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    draft = Draft.objects.get()
    assert draft.publish_at == soon.replace(second=0, microsecond=0)
    # Cached pages expire when it is due, as at any scheduled publication.
    assert next_transition(timezone.now()) == draft.publish_at
    home = publisher.get(reverse("admin:index")).content.decode()
    assert OLD in home.split("Changes scheduled")[1].split("</section>")[0]
    assert NEW not in Client().get(article.get_absolute_url()).content.decode()
    # The time comes (and the cached pages expire): the next request,
    # whatever it is, publishes them.
    Draft.objects.update(publish_at=timezone.now() - timedelta(seconds=1))
    cache.clear()
    assert NEW in Client().get(article.get_absolute_url()).content.decode()
    assert not Draft.objects.exists()
    assert "Published changes" in {
        v.revision.comment for v in Version.objects.get_for_object(article)
    }


def test_a_time_in_the_past_or_none_is_a_form_error(publisher, article):
    for when in [("2001-01-01", "10:00"), ("", ""), ("tomorrow", "noon")]:
        response = post(
            publisher,
            article,
            press="_schedule",
            title_en=NEW,
            changes_publish_at_0=when[0],
            changes_publish_at_1=when[1],
        )
        assert response.status_code == 200
        assert "Publish these changes on" in str(
            response.context["adminform"].form.non_field_errors()
        )
    assert not Draft.objects.exists()


def test_scheduled_changes_to_an_item_changed_meanwhile_wait_for_staff(
    publisher, article
):
    post(publisher, article, title_en=NEW)
    NewsArticle.objects.filter(pk=article.pk).update(
        summary="Someone else's", updated_at=timezone.now() + timedelta(minutes=1)
    )
    Draft.objects.update(publish_at=timezone.now() - timedelta(seconds=1))
    cache.clear()
    assert OLD in Client().get(article.get_absolute_url()).content.decode()
    draft = Draft.objects.get()
    assert draft.publish_at is None and "Not published" in draft.note


def test_the_review_cycle(editor, publisher, article, django_user_model):
    # An Editor changes the live article and asks for a review.
    response = post(
        editor, article, press="_submit_review", title_en=NEW, review_note="Ready?"
    )
    assert response.status_code == 302
    draft = Draft.objects.get()
    assert draft.review == Review.IN_REVIEW and draft.note == "Ready?"
    [email] = mail.outbox
    assert email.to == ["paula@example.org"]
    assert NEW not in email.subject and OLD in email.subject
    assert "Ready?" in email.body and url("change", article) in email.body
    # The publishers see it waiting, on the home page and in the list.
    home = publisher.get(reverse("admin:index")).content.decode()
    assert "Waiting for review" in home and OLD in home.split("Waiting for review")[1]
    mine = editor.get(reverse("admin:index")).content.decode()
    assert OLD in mine.split("My drafts")[1].split("</section>")[0]
    changelist = publisher.get(reverse("admin:news_newsarticle_changelist"))
    assert "in review" in changelist.content.decode()
    # A publisher asks for a change, with a note the author gets.
    form = publisher.get(url("change", article))
    assert b"Request changes" in form.content
    response = publisher.post(
        url("review", article),
        {"review_action": "request_changes", "review_note": "Name the mayor."},
    )
    assert response.status_code == 302
    assert Draft.objects.get().review == Review.CHANGES_REQUESTED
    assert mail.outbox[-1].to == ["eva@example.org"]
    assert "Name the mayor." in mail.outbox[-1].body
    assert "Name the mayor." in editor.get(url("change", article)).content.decode()
    # The Editor changes it and submits it again; the publisher publishes.
    post(editor, article, press="_submit_review", summary_en="With the mayor.")
    assert Draft.objects.get().review == Review.IN_REVIEW
    assert NewsArticle.objects.get().title == OLD
    response = post(publisher, article, press="_publish")
    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.title, article.summary) == (NEW, "With the mayor.")
    assert not Draft.objects.exists()


def test_a_new_draft_goes_through_review_too(editor, publisher):
    article = NewsArticleFactory(title="Not out yet", draft=True)
    post(editor, article, press="_submit_review", review_note="First one")
    assert Draft.objects.get().review == Review.IN_REVIEW
    assert len(mail.outbox) == 1
    post(publisher, article, status=Status.PUBLISHED)
    assert NewsArticle.objects.get().status == Status.PUBLISHED
    assert not Draft.objects.exists()


def test_an_email_that_cannot_be_sent_never_breaks_the_save(
    editor, publisher, article, settings, caplog
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens
    response = post(editor, article, press="_submit_review", title_en=NEW)
    assert response.status_code == 302
    assert Draft.objects.get().review == Review.IN_REVIEW
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("could not be sent" in m for m in messages), messages
    assert "Could not send the email" in caplog.text


def test_editors_cannot_publish_through_the_new_addresses(editor, publisher, article):
    post(publisher, article, title_en=NEW)
    # Publish, schedule, request changes, discard a publisher's changes.
    response = post(editor, article, press="_publish", summary_en="Mine")
    assert response.status_code == 302
    assert NewsArticle.objects.get().title == OLD
    page = editor.get(url("change", article))
    assert b'name="_publish"' not in page.content
    assert b'name="_schedule"' not in page.content
    data = form_data(page, press="_schedule")
    data.update(changes_publish_at_0="2099-01-01", changes_publish_at_1="10:00")
    assert editor.post(url("change", article), data).status_code == 403
    post(editor, article, press="_submit_review")
    response = editor.post(
        url("review", article),
        {"review_action": "request_changes", "review_note": "x"},
    )
    assert response.status_code == 403
    Draft.objects.update(author=None)
    assert editor.post(url("discard", article)).status_code == 403
    assert editor.get(url("changes_preview", article)).status_code == 200
    assert NewsArticle.objects.get().title == OLD
    assert Draft.objects.get().publish_at is None


def test_a_second_save_over_someone_elses_is_refused_then_knowingly_made(
    publisher, django_user_model, article
):
    other = staff(django_user_model, "Publisher", "omar")
    mine = publisher.get(url("change", article))
    theirs = other.get(url("change", article))
    response = other.post(
        url("change", article), form_data(theirs, press="_publish", title_en="Theirs")
    )
    assert response.status_code == 302
    data = form_data(mine, press="_publish", title_en="Mine")
    response = publisher.post(url("change", article), data)
    assert response.status_code == 200
    errors = " ".join(response.context["adminform"].form.non_field_errors())
    assert "Omar saved this news article" in errors
    assert "Title [en]" in errors
    assert NewsArticle.objects.get().title == "Theirs"
    # The form keeps what was typed, and now stands on their save.
    assert response.context["adminform"].form["title_en"].value() == "Mine"
    data["armcms_edited_from"] = re.search(
        r'name="armcms_edited_from" value="([^"]*)"', response.content.decode()
    ).group(1)
    response = publisher.post(url("change", article), data)
    assert response.status_code == 302
    assert NewsArticle.objects.get().title == "Mine"


def test_publishing_changes_begun_before_another_save_asks_first(
    editor, publisher, article
):
    post(editor, article, title_en=NEW)
    NewsArticle.objects.filter(pk=article.pk).update(
        summary="A direct fix", updated_at=timezone.now() + timedelta(minutes=1)
    )
    page = publisher.get(url("change", article))
    assert "changed after these changes began" in page.content.decode()
    response = publisher.post(url("change", article), form_data(page, press="_publish"))
    assert response.status_code == 200
    assert NewsArticle.objects.get().title == OLD
    response = publisher.post(
        url("change", article),
        form_data(page, press="_publish", armcms_replace_live="1"),
    )
    assert response.status_code == 302
    assert NewsArticle.objects.get().title == NEW


def test_a_deleted_items_changes_go_with_it(publisher, article):
    post(publisher, article, title_en=NEW)
    article.delete()
    assert not Draft.objects.exists()


def test_the_homepage_and_an_impact_figure_keep_changes_as_drafts_too(publisher):
    from armcms.content.models import HomePage
    from impact.models import ImpactMetric
    from tests.impact.factories import ImpactMetricFactory

    home = HomePage.load()
    home.intro = "The published introduction."
    home.save()
    metric = ImpactMetricFactory(label="certified organisations", value=8)
    for item, changes in [
        (home, {"intro_en": "A new introduction."}),
        (metric, {"value": "9"}),
    ]:
        response = post(publisher, item, **changes)
        assert response.status_code == 302, response.context["adminform"].form.errors
    home_page = Client().get("/").content.decode()
    assert "The published introduction." in home_page
    assert "A new introduction." not in home_page
    assert ImpactMetric.objects.get().value == 8
    assert Draft.objects.count() == 2
    dashboard = publisher.get(reverse("admin:index")).content.decode()
    assert "Homepage" in dashboard.split("My drafts")[1].split("</section>")[0]
    for item in (home, metric):
        assert post(publisher, item, press="_publish").status_code == 302
    assert "A new introduction." in Client().get("/").content.decode()
    assert ImpactMetric.objects.get().value == 9
    assert not Draft.objects.exists()


def test_a_new_item_is_its_authors_draft_until_a_bulk_publication(editor, publisher):
    from tests.armcms.admin_helpers import article_form

    response = editor.post(
        reverse("admin:news_newsarticle_add"), article_form(title_en="Brand new")
    )
    assert response.status_code == 302
    mine = editor.get(reverse("admin:index")).content.decode()
    assert "Brand new" in mine.split("My drafts")[1].split("</section>")[0]
    article = NewsArticle.objects.get(title="Brand new")
    post(editor, article, press="_submit_review")
    assert Draft.objects.get().review == Review.IN_REVIEW
    publisher.post(
        reverse("admin:news_newsarticle_changelist"),
        {
            "action": "publish",
            "_selected_action": [article.pk],
            "status__exact": "draft",
        },
    )
    assert NewsArticle.objects.get().status == Status.PUBLISHED
    assert not Draft.objects.exists()


def test_changes_that_waited_on_an_unpublished_item_are_in_it_once_saved(
    publisher, article
):
    post(publisher, article, title_en=NEW)
    publisher.post(
        reverse("admin:news_newsarticle_changelist"),
        {"action": "unpublish", "_selected_action": [article.pk]},
    )
    # The form shows the changes; a save of the unpublished item takes them.
    response = post(publisher, article, summary_en="Back to work.")
    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.title, article.summary) == (NEW, "Back to work.")
    # The changes did not set the status: the unpublishing stands.
    assert article.status == Status.DRAFT
    assert Draft.objects.get().changes is None
    # A later save starts from the item, not from changes already in it.
    post(publisher, article, title_en="Third title")
    assert NewsArticle.objects.get().title == "Third title"


def test_changes_that_can_no_longer_be_written_are_said_so_never_a_500(
    publisher, article
):
    post(publisher, article, slug_en="the-meeting")
    NewsArticleFactory(title="Another", slug="the-meeting")
    page = publisher.get(url("change", article))
    assert page.status_code == 200
    assert "can no longer be written" in page.content.decode()
    assert page.context["adminform"].form["title_en"].value() == OLD
    # Scheduled, they are left for staff, and the site goes on.
    Draft.objects.update(publish_at=timezone.now() - timedelta(seconds=1))
    cache.clear()
    assert Client().get("/").status_code == 200
    draft = Draft.objects.get()
    assert draft.publish_at is None and "could not be written" in draft.note
    assert publisher.post(url("discard", article)).status_code == 302
    assert not Draft.objects.exists()
