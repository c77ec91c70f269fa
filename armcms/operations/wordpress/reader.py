"""Reading a WordPress export (WXR), streaming: items, terms and the site's facts."""

import html
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, iterparse
from django.conf import settings
from django.utils.text import Truncator

SUPPORTED_WXR = {"1.0", "1.1", "1.2"}


class WordPressImportError(Exception):
    """An export that cannot be imported; the message is for people."""


# Where posts go


WP_NAMESPACES = {
    "http://purl.org/rss/1.0/modules/content/": "content",
    "http://purl.org/dc/elements/1.1/": "dc",
}


def local_name(tag: str) -> str:
    """``{namespace}name`` as ``prefix:name``, whatever the WXR version."""
    if not tag.startswith("{"):
        return tag
    uri, _brace, name = tag[1:].partition("}")
    if uri.startswith("http://wordpress.org/export/"):
        prefix = "excerpt" if uri.rstrip("/").endswith("excerpt") else "wp"
    else:
        prefix = WP_NAMESPACES.get(uri, uri)
    return f"{prefix}:{name}"


@dataclass
class Term:
    domain: str
    slug: str
    name: str


@dataclass
class Item:
    """One ``<item>`` of the export, as plain values."""

    post_id: int
    post_type: str = ""
    title: str = ""
    link: str = ""
    status: str = ""
    slug: str = ""
    date: str = ""
    date_gmt: str = ""
    content: str = ""
    excerpt: str = ""
    parent: int = 0
    attachment_url: str = ""
    mime_type: str = ""
    terms: list[Term] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)

    @property
    def label(self) -> str:
        title = self.title.strip() or "(no title)"
        return (
            f"{self.post_type or 'item'} {self.post_id} «{Truncator(title).chars(60)}»"
        )


def read_item(element) -> Item:
    values, terms, meta = {}, [], {}
    for child in element:
        name = local_name(child.tag)
        if name == "category":
            terms.append(
                Term(
                    child.get("domain", ""),
                    child.get("nicename", ""),
                    html.unescape(child.text or "").strip(),
                )
            )
        elif name == "wp:postmeta":
            parts = {local_name(part.tag): part.text or "" for part in child}
            meta[parts.get("wp:meta_key", "")] = parts.get("wp:meta_value", "")
        else:
            values[name] = child.text or ""

    def number(key):
        try:
            return int(values.get(key, "").strip() or 0)
        except ValueError:
            return 0

    return Item(
        post_id=number("wp:post_id"),
        post_type=values.get("wp:post_type", "").strip(),
        title=values.get("title", ""),
        link=values.get("link", "").strip(),
        status=values.get("wp:status", "").strip(),
        slug=values.get("wp:post_name", "").strip(),
        date=values.get("wp:post_date", "").strip(),
        date_gmt=values.get("wp:post_date_gmt", "").strip(),
        content=values.get("content:encoded", ""),
        excerpt=values.get("excerpt:encoded", ""),
        parent=number("wp:post_parent"),
        attachment_url=values.get("wp:attachment_url", "").strip(),
        mime_type=values.get("wp:post_mime_type", "").strip(),
        terms=terms,
        meta=meta,
    )


@dataclass
class Site:
    """What the channel says about the exported site."""

    version: str = ""
    link: str = ""
    base_site_url: str = ""
    base_blog_url: str = ""

    @property
    def base_path(self) -> str:
        """The path WordPress lived under ("" at the root of its domain)."""
        url = self.base_blog_url or self.link or self.base_site_url
        return urlsplit(url).path.rstrip("/")


def read_export(path: Path, site: Site | None = None) -> Iterator[Item]:
    """
    The export's items, streamed: each is dropped from the tree once read, so
    memory holds one item at a time. DTDs may be declared (some tools add one)
    but entities may not, which rules out entity-expansion bombs and external
    entities alike. ``site`` is filled in from the channel as it is read.
    """
    site = site if site is not None else Site()
    depth, channel = 0, None
    try:
        with path.open("rb") as handle:
            for event, element in iterparse(handle, events=("start", "end")):
                if event == "start":
                    depth += 1
                    if depth == 2:
                        channel = element
                    continue
                depth -= 1
                if depth != 2:
                    continue
                name = local_name(element.tag)
                if name == "item":
                    yield read_item(element)
                elif name == "wp:wxr_version":
                    site.version = (element.text or "").strip()
                elif name == "link":
                    site.link = (element.text or "").strip()
                elif name == "wp:base_site_url":
                    site.base_site_url = (element.text or "").strip()
                elif name == "wp:base_blog_url":
                    site.base_blog_url = (element.text or "").strip()
                element.clear()
                if channel is not None:
                    channel.remove(element)
    except ParseError as error:
        line, column = error.position
        raise WordPressImportError(
            f"{path.name} is not well-formed XML: line {line}, column {column} "
            f"({str(error).split(':')[0]}). Nothing was imported."
        ) from error
    except DefusedXmlException as error:
        what = f"entity {error.name!r}" if hasattr(error, "name") else "a DTD"
        if getattr(error, "sysid", None):
            what += f" pointing at {error.sysid}"
        raise WordPressImportError(
            f"{path.name} declares XML entities ({what}); they are refused, "
            "as they can expand to gigabytes or read files from this server. "
            "A WordPress export never needs them. Nothing was imported."
        ) from error


# Dates and text


def parse_date(item: Item) -> datetime | None:
    """post_date_gmt, or post_date in the site's time zone when GMT is unset."""
    for value, zone in (
        (item.date_gmt, UTC),
        (item.date, ZoneInfo(settings.TIME_ZONE)),
    ):
        if not value or value.startswith("0000"):
            continue
        try:
            naive = datetime.strptime(value, "%Y-%m-%d %H:%M:%S")  # noqa: DTZ007
        except ValueError:
            continue
        return naive.replace(tzinfo=zone)
    return None
