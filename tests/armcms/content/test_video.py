"""
Videos: the addresses read as videos (and those that are not), what the
video hosts answer, the poster kept in our media without its metadata, and
saves with no host to ask. The hosts are faked at the one call the site
makes to them (tests/video_host.py); `http_get` itself is tried against a
server of the test's own.
"""

import io
import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from PIL import Image

from armcms.content import video
from armcms.content.video import (
    Video,
    VideoNotFound,
    VideoPrivate,
    VideoUnreachable,
    parse_video_url,
    shown_details,
    video_details,
)
from tests.news.factories import NewsArticleFactory
from tests.video_host import (
    GONE,
    PRIVATE,
    PUBLIC,
    THUMBNAILS,
    TITLES,
    VIMEO,
    thumbnail_bytes,
)

pytestmark = pytest.mark.django_db

ID = "dQw4w9WgXcQ"

VIDEO_ADDRESSES = [
    (f"https://www.youtube.com/watch?v={ID}", "youtube"),
    (f"https://youtube.com/watch?v={ID}&t=42s", "youtube"),
    (f"https://m.youtube.com/watch?feature=share&v={ID}", "youtube"),
    (f"http://www.youtube.com/watch?v={ID}#comments", "youtube"),
    (f"www.youtube.com/watch?v={ID}", "youtube"),
    (f"https://youtu.be/{ID}", "youtube"),
    (f"https://youtu.be/{ID}?si=tracking123", "youtube"),
    (f"https://www.youtube.com/embed/{ID}", "youtube"),
    (f"https://www.youtube.com/embed/{ID}?start=10", "youtube"),
    (f"https://www.youtube.com/shorts/{ID}", "youtube"),
    (f"https://youtube.com/shorts/{ID}/", "youtube"),
    (f"https://www.youtube-nocookie.com/embed/{ID}", "youtube"),
    (f"https://youtube-nocookie.com/embed/{ID}?autoplay=1", "youtube"),
    (f"  https://www.youtube.com/watch?v={ID}  ", "youtube"),
    ("https://vimeo.com/76979871", "vimeo"),
    ("https://www.vimeo.com/76979871/", "vimeo"),
    ("vimeo.com/76979871", "vimeo"),
    ("https://player.vimeo.com/video/76979871", "vimeo"),
    ("https://player.vimeo.com/video/76979871?h=abc&dnt=1", "vimeo"),
]

NOT_VIDEOS = [
    "",
    "not an address",
    "https://www.youtube.com/",
    "https://www.youtube.com/watch",
    "https://www.youtube.com/watch?v=short",
    f"https://www.youtube.com/watch?v={ID}x",
    f"https://www.youtube.com/watch?v={ID[:-1]}%22",
    f"https://www.youtube.com/channel/{ID}",
    f"https://www.youtube.com/embed/{ID}/extra",
    "https://www.youtube.com/@ourchannel",
    f"https://youtube.com.evil.example/watch?v={ID}",
    f"https://evil.example/?u=https://youtu.be/{ID}",
    f"https://www.youtube.com@evil.example/watch?v={ID}",
    f"https://user:secret@www.youtube.com/watch?v={ID}",
    f"https://www.youtube.com:8443/watch?v={ID}",
    f"ftp://www.youtube.com/watch?v={ID}",
    f"javascript:alert('https://youtu.be/{ID}')",
    f"https://youtu.be/{ID}/more",
    f"https://www.youtube-nocookie.com/watch?v={ID}",
    "https://vimeo.com/channels/staffpicks/76979871",
    "https://vimeo.com/76979871/a1b2c3d4e5",
    "https://vimeo.com/abc",
    "https://vimeo.com/1234567890123",
    "https://player.vimeo.com/76979871",
    "https://dailymotion.com/video/x7tgad0",
    "https://www.facebook.com/watch/?v=123456",
    None,
]


@pytest.mark.parametrize(("address", "provider"), VIDEO_ADDRESSES)
def test_every_address_of_a_video_names_it(address, provider):
    video_id = ID if provider == "youtube" else "76979871"
    assert parse_video_url(address) == Video(provider, video_id)


@pytest.mark.parametrize("address", NOT_VIDEOS)
def test_other_addresses_are_no_video(address):
    assert parse_video_url(address) is None


def test_a_video_is_only_of_our_providers_and_their_id_shapes():
    assert Video.of("youtube", ID) == Video("youtube", ID)
    assert Video.of("vimeo", "12") == Video("vimeo", "12")
    for provider, video_id in [
        ("youtube", "12"),
        ("youtube", f'{ID[:-1]}"'),
        ("vimeo", ID),
        ("dailymotion", "x7tgad0"),
        ("__class__", ID),
        (None, ID),
        ("youtube", None),
    ]:
        assert Video.of(provider, video_id) is None


def test_the_players_are_those_that_do_not_track():
    youtube, vimeo = Video("youtube", ID), Video("vimeo", "76979871")
    assert (
        youtube.player_url == f"https://www.youtube-nocookie.com/embed/{ID}?autoplay=1"
    )
    assert (
        vimeo.player_url == "https://player.vimeo.com/video/76979871?dnt=1&autoplay=1"
    )
    assert youtube.host.frame_origin == "https://www.youtube-nocookie.com"
    assert vimeo.host.frame_origin == "https://player.vimeo.com"
    assert youtube.watch_url == f"https://www.youtube.com/watch?v={ID}"
    assert vimeo.watch_url == "https://vimeo.com/76979871"


def test_the_editor_embeds_the_addresses_the_site_reads_as_videos():
    """CKEditor's media embed patterns (settings) agree with parse_video_url:
    an address the editor embeds but the site did not read would be taken
    out of the text when saved."""
    providers = settings.CKEDITOR_5_CONFIGS["default"]["mediaEmbed"]["providers"]
    assert {provider["name"] for provider in providers} == {"youtube", "vimeo"}
    patterns = [re.compile(url) for p in providers for url in p["url"]]

    def editor_embeds(address: str) -> bool:
        # As CKEditor tries them: as given, without the scheme, without www.
        without_scheme = re.sub(r"^https?://", "", address)
        tried = [address, without_scheme, re.sub(r"^www\.", "", without_scheme)]
        return any(p.search(url) for p in patterns for url in tried)

    for address, _provider in VIDEO_ADDRESSES:
        assert editor_embeds(address.strip()), address
    for address in NOT_VIDEOS:
        if isinstance(address, str) and address.startswith("http"):
            assert not editor_embeds(address), address


def test_the_host_gives_the_title_and_the_poster_is_kept_without_metadata(
    video_host, media_root
):
    details = video_details(PUBLIC, strict=True)
    assert details["title"] == TITLES[PUBLIC]
    assert video_host.asked == [PUBLIC.oembed_url, THUMBNAILS[PUBLIC]]
    assert PUBLIC.oembed_url == (
        "https://www.youtube.com/oembed?url=https%3A%2F%2Fwww.youtube.com%2F"
        f"watch%3Fv%3D{PUBLIC.id}&format=json"
    )
    poster = details["poster"]
    assert poster["source"] == f"video-posters/youtube-{PUBLIC.id}.jpg"
    assert (media_root / poster["source"]).is_file()
    # The thumbnail had a GPS position and a camera; the poster has neither.
    with Image.open(io.BytesIO(thumbnail_bytes())) as original:
        assert original.getexif().get_ifd(0x8825)
    with default_storage.open(poster["source"]) as handle, Image.open(handle) as kept:
        assert not kept.getexif()
        assert kept.size == (480, 360)
    # Its renditions, as any body image's.
    assert [w for w, _h, _n in poster["webp"]] == [480]
    for _width, _height, name in poster["webp"] + poster["fallback"]:
        assert (media_root / name).is_file()
    # Kept beside it: the next save asks nothing of the host.
    kept = media_root / "video-posters" / f"youtube-{PUBLIC.id}.json"
    stored = json.loads(kept.read_text())
    assert stored == details
    video_host.asked.clear()
    assert video_details(PUBLIC, strict=True) == details
    assert video_host.asked == []


def test_vimeo_is_asked_at_its_own_endpoint(video_host):
    details = video_details(VIMEO, strict=True)
    assert details["title"] == TITLES[VIMEO]
    assert video_host.asked[0] == (
        "https://vimeo.com/api/oembed.json?url=https%3A%2F%2Fvimeo.com%2F76979871"
    )
    assert details["poster"]["source"] == "video-posters/vimeo-76979871.jpg"


@pytest.mark.parametrize(
    ("video", "error"),
    [(GONE, VideoNotFound), (PRIVATE, VideoPrivate)],
)
def test_a_broken_or_private_video_says_why(video_host, video, error):
    with pytest.raises(error):
        video_details(video, strict=True)
    assert video_details(video) == {}
    assert not default_storage.exists(f"video-posters/{video.key}.json")


def test_an_unreachable_host_says_so_and_a_later_save_asks_again(video_host):
    video_host.down = True
    with pytest.raises(VideoUnreachable):
        video_details(PUBLIC, strict=True)
    assert video_details(PUBLIC) == {}
    video_host.down = False
    assert video_details(PUBLIC)["title"] == TITLES[PUBLIC]


def test_a_video_kept_while_its_host_was_away_is_not_refused_later(video_host):
    video_host.down = True
    assert video_details(PUBLIC) == {}  # a save without a form keeps it
    # A form later, the host still away: the video was accepted once.
    assert video_details(PUBLIC, strict=True) == {}
    assert shown_details({PUBLIC})[PUBLIC]["title"] == ""
    video_host.down = False
    assert video_details(PUBLIC, strict=True)["title"] == TITLES[PUBLIC]
    assert shown_details({PUBLIC})[PUBLIC]["title"] == TITLES[PUBLIC]
    # A video the host says is gone is not recorded so: forms still refuse it.
    assert video_details(GONE) == {}
    with pytest.raises(VideoNotFound):
        video_details(GONE, strict=True)


@pytest.mark.parametrize(
    "answer",
    [
        (500, b""),
        (429, b""),
        (200, b"<html>not json</html>"),
        (200, b'{"no": "title"}'),
        (200, b"[1, 2]"),
    ],
)
def test_odd_answers_count_as_an_unreachable_host(video_host, answer):
    video_host.answers[PUBLIC.oembed_url] = answer
    with pytest.raises(VideoUnreachable):
        video_details(PUBLIC, strict=True)


def test_no_poster_is_fetched_from_elsewhere_nor_kept_when_unreadable(video_host):
    oembed = json.loads(video_host.answers[PUBLIC.oembed_url][1])
    for thumbnail in ["https://evil.example/x.jpg", "http://i.ytimg.com/x.jpg", ""]:
        default_storage.delete(f"video-posters/{PUBLIC.key}.json")
        video_host.answers[PUBLIC.oembed_url] = (
            200,
            json.dumps({**oembed, "thumbnail_url": thumbnail}).encode(),
        )
        video_host.asked.clear()
        details = video_details(PUBLIC, strict=True)
        assert details == {"title": TITLES[PUBLIC], "poster": {}}
        assert video_host.asked == [PUBLIC.oembed_url]
    default_storage.delete(f"video-posters/{PUBLIC.key}.json")
    video_host.answers[PUBLIC.oembed_url] = (200, json.dumps(oembed).encode())
    video_host.answers[THUMBNAILS[PUBLIC]] = (200, b"<svg>not an image</svg>")
    assert video_details(PUBLIC) == {"title": TITLES[PUBLIC], "poster": {}}


def test_pages_read_what_is_kept_never_the_host(video_host):
    video_details(PUBLIC, strict=True)
    video_host.asked.clear()
    found = shown_details({PUBLIC, VIMEO})
    assert found[PUBLIC]["title"] == TITLES[PUBLIC]
    assert found[VIMEO] == {}
    assert video_host.asked == []


class Answers(BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path == "/slow":
            time.sleep(2)
        status = {"/ok": 200, "/private": 401, "/slow": 200}.get(self.path, 404)
        body = b'{"title": "A title"}' if status == 200 else b"no"
        try:
            self.send_response(status)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except BrokenPipeError:
            pass  # the client stopped waiting

    def log_message(self, *args):
        pass


@pytest.fixture
def local_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Answers)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def test_http_get_answers_with_the_status_and_body(local_server, monkeypatch):
    monkeypatch.undo()  # the real http_get, not the tests' unreachable host
    get = video.http_get
    assert get(f"{local_server}/ok", 100) == (200, b'{"title": "A title"}')
    assert get(f"{local_server}/private", 100)[0] == 401
    assert get(f"{local_server}/missing", 100)[0] == 404
    with pytest.raises(OSError):
        get(f"{local_server}/ok", 5)  # larger than asked for
    monkeypatch.setattr(video, "TIMEOUT", 0.5)
    with pytest.raises(OSError):
        get(f"{local_server}/slow", 100)
    with pytest.raises(OSError):
        get("http://127.0.0.1:9/", 100)  # nothing listens there


# On the public page


def embed(url: str) -> str:
    return f'<figure class="media"><oembed url="{url}"></oembed></figure>'


def external_addresses(html: str) -> set[str]:
    """What the page would load from elsewhere: src, srcset and styles."""
    loaded = re.findall(r'(?:src|srcset|href)="(https?://[^"]+)"', html)
    return {
        address
        for address in loaded
        if not address.startswith("http://testserver/")
        and f'href="{address}"' not in html  # links are not loaded
    }


def test_a_body_video_shows_its_poster_title_and_play_button(client, video_host):
    article = NewsArticleFactory(
        body=f"<p>Watch:</p>{embed(PUBLIC.watch_url)}"
        '<p><a href="https://example.org/transcript">Read the transcript</a></p>'
    )
    html = client.get(article.get_absolute_url()).content.decode()
    figure = re.search(r'<figure class="video".*?</figure>', html, re.S)[0]
    assert f'data-video-player="{PUBLIC.player_url}"' in figure
    assert f'data-video-title="{TITLES[PUBLIC]}"' in figure
    # Without JavaScript, the poster is a link to the video on its host.
    assert f'<a class="video__poster" href="{PUBLIC.watch_url}"' in figure
    assert f'aria-label="Play video: {TITLES[PUBLIC]}"' in figure
    assert f'<span class="video__title">{TITLES[PUBLIC]}</span>' in figure
    assert '<a href="https://example.org/transcript">Read the transcript</a>' in figure
    # The poster is ours, from our media, with its renditions.
    assert re.search(
        rf'<img class="video__image" src="/media/renditions/video-posters/'
        rf'youtube-{PUBLIC.id}-480\.jpg"[^>]* alt=""',
        figure,
    )
    assert 'type="image/webp"' in figure
    # Nothing from the video host loads; the page's script is our own.
    assert not {a for a in external_addresses(html) if "youtube" in a}
    assert "ytimg" not in html
    assert '<script src="/static/js/video.js" defer></script>' in html


def test_without_a_poster_the_placeholder_is_drawn_and_the_title_is_the_address(
    client,
):
    article = NewsArticleFactory(body=embed("https://vimeo.com/76979871"))
    html = client.get(article.get_absolute_url()).content.decode()
    figure = re.search(r'<figure class="video".*?</figure>', html, re.S)[0]
    assert "<img" not in figure and "<picture" not in figure
    assert 'aria-label="Play video: https://vimeo.com/76979871"' in figure
    assert 'data-video-player="https://player.vimeo.com/video/76979871?dnt=1&amp;' in (
        figure
    )


def test_pages_without_a_video_load_no_script(client):
    article = NewsArticleFactory(body="<p>Only words.</p>")
    html = client.get(article.get_absolute_url()).content.decode()
    assert "<script" not in html
    assert 'class="video' not in html
