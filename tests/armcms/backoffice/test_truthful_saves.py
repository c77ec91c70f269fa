"""
A save tells the truth: translations are out of date only when a text
really changed, History records only real changes, and whatever the
sanitiser takes out of a text is named in the save's message, and a video
that cannot be shown is a form error saying why.
"""

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse
from reversion.models import Version

from armcms.backoffice.translations import item_state
from armcms.content.richtext import kept_html, removed_content
from news.models import NewsArticle
from tests.armcms.admin_helpers import article_form, form_data
from tests.news.factories import NewsArticleFactory
from tests.video_host import GONE, PRIVATE, PUBLIC, TITLES

pytestmark = pytest.mark.django_db

# What CKEditor sends back for a stored body: the same text, without the
# rel attribute the sanitiser adds to links, and an image's own markup.
STORED = (
    '<p>See <a href="https://example.org/report">the report</a>.</p>'
    '<figure class="image"><img src="/media/editor/2026/12/mine.jpg" alt="A mine">'
    "</figure>"
)


def change_url(article):
    return reverse("admin:news_newsarticle_change", args=[article.pk])


@pytest.fixture
def translated(admin_client):
    article = NewsArticleFactory(
        title="Gold from responsible mines", body=STORED, is_featured=True
    )
    page = admin_client.get(change_url(article))
    admin_client.post(
        change_url(article),
        form_data(page, title_es="Oro de minas responsables", body_es=STORED),
    )
    article.refresh_from_db()
    return article


def messages_of(response):
    """The messages shown on the page a save led to (``follow=True``)."""
    return [str(message) for message in response.context["messages"]]


def test_unticking_featured_leaves_the_translations_up_to_date(
    admin_client, translated
):
    assert item_state(translated, "es").value == "current"
    english_changed = translated.translated_at_en
    page = admin_client.get(change_url(translated))
    # The browser sends the body back as the editor writes it.
    data = form_data(page, body_en=STORED, body_es=STORED, body_fr="<p>&nbsp;</p>")
    del data["is_featured"]
    response = admin_client.post(change_url(translated), data)
    assert response.status_code == 302
    translated.refresh_from_db()
    assert not translated.is_featured
    assert translated.translated_at_en == english_changed
    assert translated.translated_at_fr is None
    assert item_state(translated, "es").value == "current"
    entry = LogEntry.objects.filter(object_id=str(translated.pk)).first()
    assert entry.get_change_message() == "Changed Featured."
    newest = Version.objects.get_for_object(translated).first()
    assert newest.revision.comment == "Changed Featured."


def test_a_save_that_changes_nothing_is_recorded_as_no_change(admin_client, translated):
    page = admin_client.get(change_url(translated))
    admin_client.post(change_url(translated), form_data(page, body_en=STORED))
    entry = LogEntry.objects.filter(object_id=str(translated.pk)).first()
    assert entry.get_change_message() == "No fields changed."


def test_a_real_change_of_the_english_text_dates_the_translations(
    admin_client, translated
):
    page = admin_client.get(change_url(translated))
    admin_client.post(
        change_url(translated), form_data(page, body_en="<p>A new paragraph.</p>")
    )
    translated.refresh_from_db()
    assert item_state(translated, "es").value == "outdated"


def test_empty_html_is_no_text():
    assert kept_html("<p>&nbsp;</p>") == kept_html(None) == ""
    assert kept_html('<p><img src="/media/a.jpg" alt=""></p>') != ""


def test_removed_content_is_named():
    pasted = (
        "<p>Watch:</p>"
        '<figure class="media"><oembed url="https://www.youtube.com/watch?v=x">'
        "</oembed></figure>"
        '<p><a href="javascript:alert(1)">click</a></p><script>x()</script>'
    )
    removed = removed_content(pasted)
    assert any("embedded media" in kind for kind in removed)
    assert any("link" in kind for kind in removed)
    assert any("script" in kind for kind in removed)
    assert removed_content(STORED) == []


def test_a_save_says_what_the_sanitiser_took_out(admin_client):
    body = (
        "<p>Our new video:</p>"
        '<figure class="media"><oembed url="https://www.youtube.com/watch?v=abc">'
        "</oembed></figure>"
    )
    response = admin_client.post(
        reverse("admin:news_newsarticle_add"), article_form(body_en=body), follow=True
    )
    assert response.redirect_chain
    warnings = [m for m in messages_of(response) if "taken out" in m]
    assert len(warnings) == 1
    assert "embedded media" in warnings[0]
    assert "[en]" in warnings[0]
    assert "oembed" not in NewsArticle.objects.get().body_en
    # An ordinary save says nothing of the kind.
    response = admin_client.post(
        reverse("admin:news_newsarticle_add"),
        article_form(title_en="Another", body_en=STORED),
        follow=True,
    )
    assert not [m for m in messages_of(response) if "taken out" in m]


def test_a_pasted_video_leaves_no_empty_figure(admin_client):
    body = (
        "<p>Our new video:</p>"
        '<figure class="media"><oembed url="https://www.youtube.com/watch?v=abc">'
        "</oembed></figure>"
    )
    admin_client.post(reverse("admin:news_newsarticle_add"), article_form(body_en=body))
    assert NewsArticle.objects.get().body_en == "<p>Our new video:</p>"


# Videos: a YouTube or Vimeo video the editor embedded is kept (named by its
# title, its poster stored); one that cannot be shown is a form error saying
# why, with the text kept; any other embed is still taken out, and said so.


def embed(url: str) -> str:
    return f'<figure class="media"><oembed url="{url}"></oembed></figure>'


def test_a_pasted_video_is_kept_with_its_title_and_poster(
    admin_client, video_host, media_root
):
    body = f"<p>Our new video:</p>{embed(PUBLIC.watch_url)}"
    response = admin_client.post(
        reverse("admin:news_newsarticle_add"), article_form(body_en=body), follow=True
    )
    assert response.redirect_chain
    assert not [m for m in messages_of(response) if "taken out" in m]
    article = NewsArticle.objects.get()
    assert article.body_en == (
        "<p>Our new video:</p>"
        '<figure class="video" data-video-provider="youtube" '
        f'data-video-id="{PUBLIC.id}"><a href="{PUBLIC.watch_url}" '
        f'rel="noopener noreferrer">{TITLES[PUBLIC]}</a></figure>'
    )
    assert (media_root / f"video-posters/youtube-{PUBLIC.id}.jpg").is_file()
    # The form gives the editor its own embed back; saving it as it is
    # changes nothing and asks nothing of the host.
    video_host.asked.clear()
    page = admin_client.get(change_url(article))
    assert page.context["adminform"].form["body_en"].value() == body
    admin_client.post(change_url(article), form_data(page))
    entry = LogEntry.objects.filter(object_id=str(article.pk)).first()
    assert entry.get_change_message() == "No fields changed."
    assert video_host.asked == []


@pytest.mark.parametrize(
    ("video", "down", "reason"),
    [
        (GONE, False, "There is no video at this address"),
        (PRIVATE, False, "This video is private"),
        (PUBLIC, True, "The video host could not be reached"),
    ],
)
def test_a_video_that_cannot_be_shown_is_a_form_error_and_the_text_stays(
    admin_client, video_host, video, down, reason
):
    video_host.down = down
    body = f"<p>Typed with care.</p>{embed(video.watch_url)}"
    response = admin_client.post(
        reverse("admin:news_newsarticle_add"),
        article_form(title_en="Kept title", body_en=body),
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["body_en"]
    assert len(errors) == 1
    assert video.watch_url in errors[0] and reason in errors[0]
    assert not NewsArticle.objects.exists()
    form = response.context["adminform"].form
    assert form["body_en"].value() == body
    assert form["title_en"].value() == "Kept title"


def test_other_embeds_are_still_taken_out_and_said_so(admin_client, video_host):
    body = (
        f"{embed(PUBLIC.watch_url)}"
        f"{embed('https://twitter.com/someone/status/1')}"
        '<iframe src="https://www.youtube.com/embed/Ab3_-xYz789"></iframe>'
    )
    response = admin_client.post(
        reverse("admin:news_newsarticle_add"), article_form(body_en=body), follow=True
    )
    warnings = [m for m in messages_of(response) if "taken out" in m]
    assert len(warnings) == 1
    assert "embedded media (only YouTube and Vimeo videos are kept) (2)" in warnings[0]
    stored = NewsArticle.objects.get().body_en
    assert stored.count('class="video"') == 1
    assert "iframe" not in stored and "twitter" not in stored


def test_a_save_without_a_form_keeps_the_video_named_by_its_address():
    """An import or the shell, with no video host to ask: the video is kept,
    named by its address, and named by its title at a later save."""
    article = NewsArticleFactory(body=embed(PUBLIC.watch_url))
    assert f">{PUBLIC.watch_url}</a></figure>" in article.body


def test_a_later_save_names_the_video_kept_by_its_address(video_host):
    video_host.down = True
    article = NewsArticleFactory(body=embed(PUBLIC.watch_url))
    assert f">{PUBLIC.watch_url}</a></figure>" in article.body
    video_host.down = False
    article.save()
    article.refresh_from_db()
    assert f">{TITLES[PUBLIC]}</a></figure>" in article.body


def test_a_text_whose_video_was_kept_without_its_host_can_still_be_changed(
    admin_client,
):
    article = NewsArticleFactory(body=embed(PUBLIC.watch_url))
    page = admin_client.get(change_url(article))
    response = admin_client.post(
        change_url(article), form_data(page, summary_en="A new summary.")
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.summary_en == "A new summary."
    assert 'data-video-provider="youtube"' in article.body_en
