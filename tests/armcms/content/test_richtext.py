import pytest

from armcms.content.richtext import RichTextField, removed_content, sanitize_html
from armcms.content.video import for_editor


@pytest.mark.parametrize(
    ("hostile", "forbidden"),
    [
        ("<p>a<script>alert(1)</script></p>", "alert"),
        ('<img src="x.png" onerror="alert(1)">', "onerror"),
        ('<a href="javascript:alert(1)">link</a>', "javascript"),
        ('<p style="position:fixed">a</p>', "style"),
        ("<style>body{display:none}</style><p>a</p>", "display"),
        ('<iframe src="https://evil.example"></iframe>', "iframe"),
    ],
)
def test_hostile_markup_is_removed(hostile, forbidden):
    assert forbidden not in sanitize_html(hostile)


def test_editor_formatting_survives():
    html = (
        "<h2>Heading</h2><p><strong>bold</strong> <em>it</em></p>"
        "<ul><li>one</li></ul><ol><li>two</li></ol><blockquote><p>q</p></blockquote>"
        '<figure class="image"><img src="/media/editor/a.png" alt="A"></figure>'
        "<table><tbody><tr><td>cell</td></tr></tbody></table>"
    )
    assert sanitize_html(html) == html


def test_links_get_a_safe_rel():
    assert sanitize_html('<a href="https://example.org">x</a>') == (
        '<a href="https://example.org" rel="noopener noreferrer">x</a>'
    )


def test_empty_value():
    assert sanitize_html("") == ""
    assert sanitize_html(None) == ""


# Videos: kept only in one exact shape of our own (armcms.content.video).

VIDEO_ID = "dQw4w9WgXcQ"
WATCH = f"https://www.youtube.com/watch?v={VIDEO_ID}"
STORED_VIDEO = (
    f'<figure class="video" data-video-provider="youtube" data-video-id="{VIDEO_ID}">'
    f'<a href="{WATCH}" rel="noopener noreferrer">{WATCH}</a></figure>'
)


def embed(url: str) -> str:
    """What CKEditor 5's media embed stores for a pasted address."""
    return f'<figure class="media"><oembed url="{url}"></oembed></figure>'


@pytest.mark.parametrize(
    "pasted",
    [
        embed(WATCH),
        embed(f"https://youtu.be/{VIDEO_ID}?si=abc"),
        embed(f"https://www.youtube.com/watch?v={VIDEO_ID}&amp;t=42s"),
        f"<p>{WATCH}</p>",
        f'<p><a href="https://youtu.be/{VIDEO_ID}">https://youtu.be/{VIDEO_ID}</a></p>',
        STORED_VIDEO,
    ],
)
def test_a_youtube_embed_or_address_becomes_a_video(pasted):
    assert sanitize_html(pasted) == STORED_VIDEO
    assert sanitize_html(STORED_VIDEO) == STORED_VIDEO


def test_a_vimeo_embed_becomes_a_video():
    assert sanitize_html(embed("https://player.vimeo.com/video/76979871")) == (
        '<figure class="video" data-video-provider="vimeo" data-video-id="76979871">'
        '<a href="https://vimeo.com/76979871" rel="noopener noreferrer">'
        "https://vimeo.com/76979871</a></figure>"
    )


@pytest.mark.parametrize(
    "refused",
    [
        embed("https://twitter.com/someone/status/1"),
        embed("https://www.youtube.com/watch?v=short"),
        embed("https://evil.example/watch?v=dQw4w9WgXcQ"),
        f'<iframe src="https://www.youtube.com/embed/{VIDEO_ID}"></iframe>',
        f'<iframe src="https://www.youtube-nocookie.com/embed/{VIDEO_ID}"></iframe>',
        f'<embed src="https://www.youtube.com/v/{VIDEO_ID}">',
        f'<object data="https://www.youtube.com/v/{VIDEO_ID}"></object>',
    ],
)
def test_other_embeds_are_taken_out(refused):
    kept = sanitize_html(refused)
    assert "video" not in kept and "iframe" not in kept and "oembed" not in kept
    assert removed_content(refused), refused


def test_a_link_to_a_video_in_a_sentence_stays_a_link():
    text = f'<p>Watch <a href="{WATCH}">our film</a> today.</p>'
    assert "figure" not in sanitize_html(text)
    # A link whose words are not the address is the author's, not a paste.
    assert "figure" not in sanitize_html(f'<p><a href="{WATCH}">Our film</a></p>')


@pytest.mark.parametrize(
    ("forged", "kept"),
    [
        # An id or a provider not of ours: a plain figure, its words kept.
        (
            '<figure class="video" data-video-provider="youtube" '
            'data-video-id="abc"><a href="https://x.example">T</a></figure>',
            '<figure><a href="https://x.example" rel="noopener noreferrer">T</a>'
            "</figure>",
        ),
        (
            '<figure class="video" data-video-provider="dailymotion" '
            f'data-video-id="{VIDEO_ID}">T</figure>',
            "<figure>T</figure>",
        ),
        (
            '<figure class="video" data-video-provider="vimeo" '
            f'data-video-id="{VIDEO_ID}">T</figure>',
            "<figure>T</figure>",
        ),
        (
            '<figure class="video" data-video-provider="youtube" '
            f'data-video-id="{VIDEO_ID}&quot; onclick=&quot;x">T</figure>',
            "<figure>T</figure>",
        ),
        (
            '<figure class="video image" data-video-provider="youtube" '
            f'data-video-id="{VIDEO_ID}">T</figure>',
            '<figure class="image">T</figure>',
        ),
        (
            f'<figure class="image" data-video-provider="youtube" '
            f'data-video-id="{VIDEO_ID}">T</figure>',
            '<figure class="image">T</figure>',
        ),
    ],
)
def test_only_the_exact_shape_of_a_video_is_kept(forged, kept):
    assert sanitize_html(forged) == kept


def test_a_video_keeps_nothing_but_its_title_and_caption_link():
    forged = (
        '<figure class="video" data-video-provider="youtube" '
        f'data-video-id="{VIDEO_ID}" style="x" onclick="alert(1)" '
        'data-video-player="https://evil.example">'
        '<a href="javascript:alert(1)" onclick="y">A <strong>title</strong> &amp; more'
        '</a><img src="https://tracker.example/pixel.gif"><script>z()</script>'
        '<figcaption><a href="https://example.org/transcript">Transcript</a> and '
        "<em>notes</em></figcaption></figure>"
    )
    assert sanitize_html(forged) == (
        '<figure class="video" data-video-provider="youtube" '
        f'data-video-id="{VIDEO_ID}"><a href="{WATCH}" rel="noopener noreferrer">'
        "A title &amp; more</a><figcaption>"
        '<a href="https://example.org/transcript" rel="noopener noreferrer">'
        "Transcript</a></figcaption></figure>"
    )


def test_the_link_after_a_video_is_its_transcript_and_goes_back_to_the_editor():
    typed = (
        f"<p>Our film:</p>{embed(WATCH)}"
        '<p><a href="https://example.org/transcript">Read the transcript</a></p>'
        "<p>More text.</p>"
    )
    stored = sanitize_html(typed)
    assert stored == (
        "<p>Our film:</p>"
        '<figure class="video" data-video-provider="youtube" '
        f'data-video-id="{VIDEO_ID}"><a href="{WATCH}" rel="noopener noreferrer">'
        f"{WATCH}</a><figcaption>"
        '<a href="https://example.org/transcript" rel="noopener noreferrer">'
        "Read the transcript</a></figcaption></figure><p>More text.</p>"
    )
    # The editor gets back what it wrote; saving that again changes nothing.
    assert for_editor(stored) == typed
    assert sanitize_html(for_editor(stored)) == stored


def test_the_editor_is_given_its_own_embed_and_sees_no_change(video_host):
    from tests.video_host import PUBLIC, TITLES

    field = RichTextField()
    typed = embed(PUBLIC.watch_url)
    article = type("Item", (), {"body": typed})()
    field.attname = "body"
    stored = field.pre_save(article, add=True)
    # Saved with the title the host gives.
    assert f">{TITLES[PUBLIC]}</a>" in stored
    form_field = field.formfield()
    assert form_field.prepare_value(stored) == typed
    assert not form_field.has_changed(stored, typed)
    assert form_field.has_changed(stored, typed + "<p>More.</p>")
