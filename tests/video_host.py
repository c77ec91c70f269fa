"""
A small fake of the video hosts (YouTube, Vimeo), put in place of
`armcms.content.video.http_get`, the one call the site makes to them: the
hosts are off this machine, so the tests never reach them. By default every
test has a host that cannot be reached (tests/conftest.py); the
``video_host`` fixture gives one that knows a few videos.
"""

import io
import json
from urllib.parse import urlencode

from PIL import Image

from armcms.content.video import Video

# Videos the fake host knows (ids of the right shape, made up).
PUBLIC = Video("youtube", "Ab3_-xYz789")
VIMEO = Video("vimeo", "76979871")
PRIVATE = Video("youtube", "Priv4te_vid")
GONE = Video("youtube", "NoSuchVideo")
TITLES = {
    PUBLIC: "Women miners in Antioquia",
    VIMEO: "Gold without mercury",
}
# Where the fake hosts keep the thumbnails.
THUMBNAILS = {
    PUBLIC: f"https://i.ytimg.com/vi/{PUBLIC.id}/hqdefault.jpg",
    VIMEO: "https://i.vimeocdn.com/video/1_640.jpg",
}
# Where a photo was taken: the thumbnail carries it, the stored poster not.
GPS_LATITUDE = 6.2442


def thumbnail_bytes(size=(480, 360)) -> bytes:
    """A JPEG thumbnail carrying a GPS position and a camera's name."""
    image = Image.new("RGB", size, "#24533c")
    exif = Image.Exif()
    exif[0x010F] = "Spy camera"  # Make
    gps = exif.get_ifd(0x8825)
    gps[2] = (6.0, 14.0, 39.0)  # GPSLatitude
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


def oembed_url(video: Video) -> str:
    if video.provider == "youtube":
        query = urlencode({"url": video.watch_url})
        return f"https://www.youtube.com/oembed?{query}&format=json"
    return "https://vimeo.com/api/oembed.json?" + urlencode({"url": video.watch_url})


class FakeVideoHost:
    """
    Answers as YouTube's and Vimeo's oEmbed endpoints and thumbnail servers
    do: 200 with the title and thumbnail for a known video, 401 for a
    private one, 404 for any other; ``down`` makes every host unreachable.
    Records each address asked (``asked``).
    """

    def __init__(self):
        self.asked: list[str] = []
        self.down = False
        self.answers = {}
        for video, title in TITLES.items():
            self.answers[oembed_url(video)] = (
                200,
                json.dumps(
                    {
                        "type": "video",
                        "title": title,
                        "thumbnail_url": THUMBNAILS[video],
                        "provider_name": video.host.label,
                    }
                ).encode(),
            )
            self.answers[THUMBNAILS[video]] = (200, thumbnail_bytes())
        self.answers[oembed_url(PRIVATE)] = (401, b"")

    def __call__(self, url: str, limit: int) -> tuple[int, bytes]:
        self.asked.append(url)
        if self.down:
            raise TimeoutError(f"{url}: timed out")
        status, body = self.answers.get(url, (404, b""))
        if len(body) > limit:
            raise OSError("too large")
        return status, body


def unreachable(url: str, limit: int) -> tuple[int, bytes]:
    raise OSError(f"The tests reach no video host ({url}).")
