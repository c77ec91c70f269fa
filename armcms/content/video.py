"""
Videos from YouTube and Vimeo, shown without tracking.

A video is its provider and its id, read from any of the addresses people
copy (`parse_video_url`). Its title and thumbnail come from the provider's
oEmbed endpoint, asked once, when the video is first saved: the thumbnail is
stored in our media storage as the video's poster (metadata stripped,
renditions made), and the title and poster are described in a small file
beside it (``video-posters/<provider>-<id>.json``) that pages read through
the cache. A page with a video therefore loads nothing from the video host
until the visitor presses play; only then does static/js/video.js put the
provider's player in the poster's place, from youtube-nocookie.com, or from
player.vimeo.com with ``dnt=1``.

When the host gives no answer, the admin's forms say why (no such video, a
private one, the host out of reach: `VideoError`) and keep what was typed.
A save with no form (an import, the shell) keeps the video all the same,
with its address as its title and a drawn placeholder for its poster; the
next save of the video asks the host again, and forms no longer refuse it
for want of an answer.

In rich text a video is stored in one exact shape (`figure_html`), which the
sanitiser alone writes (see `armcms.content.richtext`):

    <figure class="video" data-video-provider="youtube" data-video-id="…">
      <a href="https://www.youtube.com/watch?v=…" rel="…">Its title</a>
      <figcaption><a href="…" rel="…">Read the transcript</a></figcaption>
    </figure>

without the spaces, the caption optional. The editor (CKEditor 5's media
embed) knows nothing of it: it is given ``<figure class="media"><oembed
url="…"></oembed></figure>`` and, for the caption's link, the paragraph
after it (`for_editor`).
"""

import http.client
import io
import json
import logging
import re
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from hashlib import md5
from html import unescape
from urllib.parse import parse_qs, urlencode, urlsplit

from django import forms
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import models
from django.utils.html import format_html, strip_tags
from django.utils.translation import gettext_lazy as _
from PIL import Image

from .images import (
    BODY_IMAGE_CACHE_SECONDS,
    UNREADABLE_IMAGE_ERRORS,
    make_body_image_renditions,
    without_metadata,
)

logger = logging.getLogger(__name__)

# How long the site waits for a video host, in seconds, for each answer.
TIMEOUT = 4
MAX_OEMBED_BYTES = 64 * 1024
MAX_POSTER_BYTES = 5 * 1024 * 1024
MAX_TITLE_LENGTH = 300
POSTER_FOLDER = "video-posters"
USER_AGENT = "armcms (video titles and posters)"
POSTER_EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}


@dataclass(frozen=True)
class Provider:
    name: str
    label: str
    id_pattern: re.Pattern
    watch: str
    player: str
    oembed: str
    # Where its thumbnails may be downloaded from (these hosts and their
    # subdomains, over https).
    thumbnail_hosts: tuple[str, ...]

    @property
    def frame_origin(self) -> str:
        """Where its player is framed from (the page's ``frame-src``)."""
        parts = urlsplit(self.player)
        return f"{parts.scheme}://{parts.netloc}"


PROVIDERS = {
    "youtube": Provider(
        name="youtube",
        label="YouTube",
        id_pattern=re.compile(r"[A-Za-z0-9_-]{11}"),
        watch="https://www.youtube.com/watch?v={id}",
        player="https://www.youtube-nocookie.com/embed/{id}?autoplay=1",
        oembed="https://www.youtube.com/oembed?{query}&format=json",
        thumbnail_hosts=("ytimg.com",),
    ),
    "vimeo": Provider(
        name="vimeo",
        label="Vimeo",
        id_pattern=re.compile(r"[0-9]{1,12}"),
        watch="https://vimeo.com/{id}",
        player="https://player.vimeo.com/video/{id}?dnt=1&autoplay=1",
        oembed="https://vimeo.com/api/oembed.json?{query}",
        thumbnail_hosts=("vimeocdn.com",),
    ),
}


@dataclass(frozen=True)
class Video:
    """One video at one provider; ``Video.of`` gives only valid ones."""

    provider: str
    id: str

    @classmethod
    def of(cls, provider, video_id) -> "Video | None":
        """The video, when ``provider`` is ours and ``video_id`` is of its shape."""
        found = PROVIDERS.get(provider) if isinstance(provider, str) else None
        if found is None or not isinstance(video_id, str):
            return None
        if not found.id_pattern.fullmatch(video_id):
            return None
        return cls(provider, video_id)

    @property
    def host(self) -> Provider:
        return PROVIDERS[self.provider]

    @property
    def key(self) -> str:
        return f"{self.provider}-{self.id}"

    @property
    def watch_url(self) -> str:
        """The video's page at its host: where a link without JavaScript leads."""
        return self.host.watch.format(id=self.id)

    @property
    def player_url(self) -> str:
        """The player put in the page when the visitor presses play."""
        return self.host.player.format(id=self.id)

    @property
    def oembed_url(self) -> str:
        return self.host.oembed.format(query=urlencode({"url": self.watch_url}))


# Addresses


YOUTUBE_HOSTS = {"youtube.com", "www.youtube.com", "m.youtube.com"}
YOUTUBE_NOCOOKIE_HOSTS = {"youtube-nocookie.com", "www.youtube-nocookie.com"}
VIMEO_HOSTS = {"vimeo.com", "www.vimeo.com"}
# Paths that name a video, by host, the id in the first group.
VIDEO_PATHS = [
    (YOUTUBE_HOSTS, "youtube", re.compile(r"/(?:embed|shorts)/([^/]+)/?")),
    (YOUTUBE_NOCOOKIE_HOSTS, "youtube", re.compile(r"/embed/([^/]+)/?")),
    ({"youtu.be"}, "youtube", re.compile(r"/([^/]+)/?")),
    (VIMEO_HOSTS, "vimeo", re.compile(r"/([^/]+)/?")),
    ({"player.vimeo.com"}, "vimeo", re.compile(r"/video/([^/]+)/?")),
]


def parse_video_url(url) -> Video | None:
    """
    The video at ``url``, one of the addresses YouTube and Vimeo give
    (youtube.com/watch?v=ID, youtu.be/ID, youtube.com/embed/ID,
    youtube.com/shorts/ID, youtube-nocookie.com/embed/ID, vimeo.com/ID,
    player.vimeo.com/video/ID), with or without ``https://``; None for any
    other address.
    """
    if not isinstance(url, str):
        return None
    url = url.strip()
    if "://" not in url:
        url = f"https://{url}"
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or parts.username or parts.password:
        return None
    if port not in (None, 80, 443):
        return None
    host = (parts.hostname or "").lower()
    if host in YOUTUBE_HOSTS and parts.path in ("/watch", "/watch/"):
        ids = parse_qs(parts.query).get("v", [""])
        return Video.of("youtube", ids[0])
    for hosts, provider, path in VIDEO_PATHS:
        if host in hosts:
            match = path.fullmatch(parts.path)
            return Video.of(provider, match[1]) if match else None
    return None


# The host's answers


class VideoError(Exception):
    """Why a video host gave no title: said to the person saving."""

    message = _("The video host could not be reached. Try again in a moment.")

    def __str__(self):
        return str(self.message)


class VideoNotFound(VideoError):
    message = _(
        "There is no video at this address: the video host says it does not "
        "exist. Check the address."
    )


class VideoPrivate(VideoError):
    message = _(
        "This video is private, or its owner does not let other sites show "
        "it. Make it public (or unlisted) and allow embedding, or choose "
        "another."
    )


class VideoUnreachable(VideoError):
    pass


def http_get(url: str, limit: int) -> tuple[int, bytes]:
    """
    The status and body of a GET of ``url``, at a video host, following
    redirects; a body over ``limit`` bytes is an error. Raises ``OSError``
    when the host cannot be reached or does not answer within ``TIMEOUT``
    seconds. The one place the site talks to a video host.
    """
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            status, body = response.status, response.read(limit + 1)
    except urllib.error.HTTPError as error:
        error.close()
        return error.code, b""
    except (http.client.HTTPException, ValueError) as error:
        raise OSError(f"Bad answer from {url}: {error!r}") from error
    if len(body) > limit:
        raise OSError(f"The answer from {url} is larger than {limit} bytes.")
    return status, body


def ask_host(video: Video) -> dict:
    """
    The video's title and thumbnail's address, from its provider's oEmbed
    endpoint: ``{"title": ..., "thumbnail_url": ...}``. Raises a
    `VideoError` saying why there is none.
    """
    try:
        status, body = http_get(video.oembed_url, MAX_OEMBED_BYTES)
    except OSError as error:
        raise VideoUnreachable from error
    if status in (400, 404):
        raise VideoNotFound
    if status in (401, 403):
        raise VideoPrivate
    if status != 200:
        raise VideoUnreachable(f"{video.oembed_url} answered {status}")
    try:
        answer = json.loads(body)
        title = " ".join(str(answer["title"]).split())[:MAX_TITLE_LENGTH]
        thumbnail = answer.get("thumbnail_url")
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise VideoUnreachable(f"Unreadable answer from {video.oembed_url}") from error
    return {
        "title": title,
        "thumbnail_url": thumbnail if isinstance(thumbnail, str) else "",
    }


def is_thumbnail_address(video: Video, url: str) -> bool:
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    host = (parts.hostname or "").lower()
    return parts.scheme == "https" and any(
        host == allowed or host.endswith(f".{allowed}")
        for allowed in video.host.thumbnail_hosts
    )


def store_poster(video: Video, url: str) -> dict:
    """
    Download the thumbnail at ``url`` and keep it, without its metadata, as
    the video's poster in the media storage, with its renditions: what
    `armcms.content.images.make_body_image_renditions` describes. ``{}``
    when there is none to be had.
    """
    if not is_thumbnail_address(video, url):
        return {}
    try:
        status, data = http_get(url, MAX_POSTER_BYTES)
        if status != 200:
            return {}
        data = without_metadata(data)
        with Image.open(io.BytesIO(data)) as image:
            extension = POSTER_EXTENSIONS[image.format]
    except (*UNREADABLE_IMAGE_ERRORS, KeyError):
        logger.warning("No poster for %s from %s", video.key, url, exc_info=True)
        return {}
    name = f"{POSTER_FOLDER}/{video.key}.{extension}"
    default_storage.delete(name)
    name = default_storage.save(name, ContentFile(data))
    return make_body_image_renditions(name) or {"source": name}


# What is kept of a video: its title and poster


def details_name(video: Video) -> str:
    return f"{POSTER_FOLDER}/{video.key}.json"


def _cache_key(video: Video) -> str:
    digest = md5(video.key.encode(), usedforsecurity=False).hexdigest()
    return f"armcms:video:{digest}"


def read_details(video: Video) -> dict:
    """What is kept of ``video`` in the media storage, ``{}`` if nothing."""
    try:
        with default_storage.open(details_name(video), "rb") as handle:
            details = json.load(handle)
    except FileNotFoundError:
        return {}
    except Exception:  # A page or a save never fails for want of a poster.
        logger.warning("Unreadable details of %s", video.key, exc_info=True)
        return {}
    return details if isinstance(details, dict) else {}


def video_details(video: Video, *, strict: bool = False) -> dict:
    """
    The title and poster of ``video``: ``{"title": ..., "poster":
    renditions}``, as kept, else asked of its host and kept. When the host
    gives none, raises the `VideoError` saying why if ``strict`` (a form
    that says so), else gives ``{}`` (a save that keeps the video all the
    same, and tries again next time).

    A video a save kept while its host could not be reached is recorded as
    such (``"unresolved"``): a form no longer refuses it for want of an
    answer (it was accepted once, and refusing it would stop every change
    to the text around it while the host is away); the host is asked again.
    """
    details = read_details(video)
    if details and not details.get("unresolved"):
        return details
    try:
        answer = ask_host(video)
    except VideoError as error:
        if strict and not details:
            raise
        logger.warning("No details of video %s", video.key, exc_info=True)
        if isinstance(error, VideoUnreachable) and not details:
            keep_details(video, {"title": "", "poster": {}, "unresolved": True})
        return {}
    details = {
        "title": answer["title"],
        "poster": store_poster(video, answer["thumbnail_url"]),
    }
    keep_details(video, details)
    return details


def keep_details(video: Video, details: dict) -> None:
    name = details_name(video)
    default_storage.delete(name)
    default_storage.save(name, ContentFile(json.dumps(details).encode()))
    cache.set(_cache_key(video), details, BODY_IMAGE_CACHE_SECONDS)


def shown_details(videos) -> dict:
    """
    What pages show of each of ``videos`` (``{}`` for one with nothing
    kept), from the cache, else from the media storage: never from the
    video host.
    """
    keys = {_cache_key(video): video for video in videos}
    found = cache.get_many(keys)
    result = {keys[key]: value for key, value in found.items()}
    missing = {}
    for key, video in keys.items():
        if key not in found:
            result[video] = missing[key] = read_details(video)
    if missing:
        cache.set_many(missing, BODY_IMAGE_CACHE_SECONDS)
    return result


@dataclass
class Player:
    """A video as a page shows it: its poster, title and transcript link."""

    video: Video
    title: str
    poster: dict = field(default_factory=dict)
    transcript_url: str = ""
    transcript_text: str = ""


def player(
    video: Video, title: str, details: dict, transcript_url="", transcript_text=""
) -> Player:
    """``video`` with the ``details`` kept of it; the title given first,
    else its own, else its address."""
    return Player(
        video=video,
        title=title or details.get("title") or video.watch_url,
        poster=details.get("poster") or {},
        transcript_url=transcript_url,
        transcript_text=transcript_text,
    )


# A field of a video's address


class VideoURLField(models.URLField):
    """
    The address of a video. Saving it keeps the video's title and poster
    (asked of its host the first time; see `video_details`), so pages never
    ask the host. Forms check the address where its use is known (a page
    section of the "Video" kind).
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 500)
        super().__init__(*args, **kwargs)

    def pre_save(self, model_instance, add):
        value = super().pre_save(model_instance, add)
        video = parse_video_url(value)
        if video is not None:
            video_details(video)
        return value

    def formfield(self, **kwargs):
        return super().formfield(**{"assume_scheme": "https", **kwargs})


def check_video_url(value: str) -> Video:
    """
    The video at ``value``, known to its host (its title and poster kept):
    else a form's ``ValidationError`` saying why.
    """
    video = parse_video_url(value)
    if video is None:
        raise forms.ValidationError(
            _(
                "Give the address of a video on YouTube or Vimeo, such as "
                "https://www.youtube.com/watch?v=… or https://vimeo.com/…"
            ),
            code="video",
        )
    try:
        video_details(video, strict=True)
    except VideoError as error:
        raise forms.ValidationError(error.message, code="video_host") from error
    return video


# Videos in rich text


def figure_html(video: Video, title: str, transcript_url="", transcript_text="") -> str:
    """The one shape rich text keeps a video in (see the module's doc)."""
    caption = ""
    if transcript_url:
        caption = format_html(
            '<figcaption><a href="{}" rel="noopener noreferrer">{}</a></figcaption>',
            transcript_url,
            transcript_text or transcript_url,
        )
    return format_html(
        '<figure class="video" data-video-provider="{}" data-video-id="{}">'
        '<a href="{}" rel="noopener noreferrer">{}</a>{}</figure>',
        video.provider,
        video.id,
        video.watch_url,
        title or video.watch_url,
        caption,
    )


STORED_VIDEO = re.compile(
    r'<figure class="video" data-video-provider="(?P<provider>[a-z]+)" '
    r'data-video-id="(?P<id>[\w-]+)">'
    r'<a href="[^"]*" rel="noopener noreferrer">(?P<title>[^<]*)</a>'
    r'(?:<figcaption><a href="(?P<transcript>[^"]*)" rel="noopener noreferrer">'
    r"(?P<transcript_text>[^<]*)</a></figcaption>)?"
    r"</figure>"
)


@dataclass(frozen=True)
class StoredVideo:
    """A video found in stored rich text, its texts unescaped."""

    video: Video
    title: str
    transcript_url: str
    transcript_text: str

    @classmethod
    def of(cls, match: re.Match) -> "StoredVideo | None":
        video = Video.of(match["provider"], match["id"])
        if video is None:
            return None
        return cls(
            video,
            unescape(match["title"]),
            unescape(match["transcript"] or ""),
            unescape(match["transcript_text"] or ""),
        )

    def html(self, title: str | None = None) -> str:
        return figure_html(
            self.video,
            self.title if title is None else title,
            self.transcript_url,
            self.transcript_text,
        )


def stored_videos(html: str) -> list[StoredVideo]:
    """The videos in stored (sanitised) rich text, in order."""
    if not html or "data-video-provider" not in html:
        return []
    found = (StoredVideo.of(match) for match in STORED_VIDEO.finditer(html))
    return [video for video in found if video is not None]


def replace_videos(html: str, replace) -> str:
    """``html`` with each stored video replaced by ``replace(stored_video)``."""
    if not html or "data-video-provider" not in html:
        return html

    def one(match):
        stored = StoredVideo.of(match)
        return match[0] if stored is None else replace(stored)

    return STORED_VIDEO.sub(one, html)


def with_titles(html: str) -> str:
    """
    Stored rich text whose videos still named by their address are named
    by their title, asked of their host when not yet kept (see
    `video_details`). A title someone wrote stays.
    """

    def titled(stored: StoredVideo) -> str:
        if stored.title not in ("", stored.video.watch_url):
            return stored.html()
        title = video_details(stored.video).get("title")
        return stored.html(title) if title else stored.html()

    return replace_videos(html, titled)


def for_editor(html):
    """
    Stored rich text as the editor (CKEditor 5's media embed) reads it: each
    video as the embed the editor makes of its address, followed by its
    caption's link in a paragraph of its own. Saving it gives back the same
    text (the title is kept with the poster; see `with_titles`).
    """
    if not isinstance(html, str):
        return html

    def embed(stored: StoredVideo) -> str:
        text = format_html(
            '<figure class="media"><oembed url="{}"></oembed></figure>',
            stored.video.watch_url,
        )
        if stored.transcript_url:
            text += format_html(
                '<p><a href="{}">{}</a></p>',
                stored.transcript_url,
                stored.transcript_text,
            )
        return text

    return replace_videos(html, embed)


# What the editor writes for an embedded address (its media embed, with
# previews left out of the data), the paragraph after it when it holds one
# link alone, and a paragraph holding only a video's address, as it is
# pasted or imported.
EDITOR_EMBED = re.compile(
    r'<figure class="media">\s*<oembed url="(?P<url>[^"]*)">\s*</oembed>\s*</figure>'
)
ADDRESS_PARAGRAPH = re.compile(
    r"<p>\s*(?:<a\s+href=\"(?P<href>[^\"]*)\"[^>]*>\s*(?P<text>[^<\s]*)\s*</a>"
    r"|(?P<bare>https?://[^\s<]+))\s*(?:<br>\s*)?</p>"
)


def embeds_as_videos(html: str) -> str:
    """
    ``html`` (before sanitising) with each video the editor embedded, and
    each paragraph holding only a video's address, in the stored shape,
    named by its address until its title is known. Other embeds are left
    for the sanitiser to take out.
    """
    if not html or ("<oembed" not in html and "://" not in html):
        return html

    def embedded(match):
        video = parse_video_url(unescape(match["url"]))
        return figure_html(video, video.watch_url) if video else match[0]

    def address(match):
        if match["bare"] is not None:
            url = unescape(match["bare"])
        elif unescape(match["href"]).strip() == unescape(match["text"]).strip():
            url = unescape(match["href"])
        else:
            return match[0]
        video = (
            parse_video_url(url) if url.startswith(("http://", "https://")) else None
        )
        return figure_html(video, video.watch_url) if video else match[0]

    return ADDRESS_PARAGRAPH.sub(address, EDITOR_EMBED.sub(embedded, html))


# What the sanitiser's output holds of a figure, and of a paragraph holding
# a link alone (the sanitiser writes every value in double quotes).
FIGURE_TAG = re.compile(r"<(/?)figure\b([^>]*)>")
ATTRIBUTE = re.compile(r'([\w:-]+)(?:="([^"]*)")?')
FIRST_LINK = re.compile(r"<a\b([^>]*)>(.*?)</a>", re.S)
FIGCAPTION = re.compile(r"<figcaption>(.*?)</figcaption>", re.S)
LINK_PARAGRAPH = re.compile(r"\s*<p>\s*<a\b([^>]*)>([^<]*)</a>\s*</p>")


def _text(html: str) -> str:
    return " ".join(unescape(strip_tags(html)).split())


def _href(attributes: str) -> str:
    return next(
        (
            unescape(value)
            for name, value in ATTRIBUTE.findall(attributes)
            if name == "href"
        ),
        "",
    )


def exact_videos(html: str) -> str:
    """
    Sanitised ``html`` with each figure marked as a video rewritten in the
    stored shape: those of a provider and id of ours, with their title and
    caption link; the others lose the marks and stay plain figures. A video
    without a caption takes, as its caption, the paragraph right after it
    when that holds one link alone (its transcript, say).
    """
    if "<figure" not in html:
        return html
    parts, position = [], 0
    while found := _next_marked_figure(html, position):
        tag, attributes = found
        parts.append(html[position : tag.start()])
        position = tag.end()
        video = Video.of(
            attributes.get("data-video-provider"), attributes.get("data-video-id")
        )
        if video is None or attributes.get("class") != "video":
            classes = [c for c in attributes.get("class", "").split() if c != "video"]
            parts.append(
                format_html('<figure class="{}">', " ".join(classes))
                if classes
                else "<figure>"
            )
            continue
        inner_end, position = _closing(html, position)
        inner = html[tag.end() : inner_end]
        caption = FIGCAPTION.search(inner)
        body = inner[: caption.start()] + inner[caption.end() :] if caption else inner
        link = FIRST_LINK.search(body)
        title = _text(link[2] if link else body)
        transcript_url = transcript_text = ""
        if caption and (caption_link := FIRST_LINK.search(caption[1])):
            transcript_url = _href(caption_link[1])
            transcript_text = _text(caption_link[2])
        following = LINK_PARAGRAPH.match(html, position)
        if not transcript_url and following and _href(following[1]):
            transcript_url, transcript_text = _href(following[1]), _text(following[2])
            position = following.end()
        parts.append(figure_html(video, title, transcript_url, transcript_text))
    parts.append(html[position:])
    return "".join(parts)


def _next_marked_figure(html: str, position: int):
    """The next figure start tag marked as a video, and its attributes."""
    for match in FIGURE_TAG.finditer(html, position):
        if match[1]:
            continue
        attributes = {
            name: unescape(value) for name, value in ATTRIBUTE.findall(match[2])
        }
        if attributes.get("class") == "video" or any(
            name.startswith("data-video-") for name in attributes
        ):
            return match, attributes
    return None


def _closing(html: str, position: int) -> tuple[int, int]:
    """
    Where the figure whose content starts at ``position`` ends: the start
    and the end of its end tag (the end of ``html`` if it has none).
    """
    depth = 1
    for match in FIGURE_TAG.finditer(html, position):
        depth += -1 if match[1] else 1
        if depth == 0:
            return match.start(), match.end()
    return len(html), len(html)
