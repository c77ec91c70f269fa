"""
Rich text: the field every model uses for formatted text, and its sanitiser.

Text is cleaned when it is saved, so every way in (the admin, an import, the
shell) is covered and templates may mark the stored value safe. The allow-list
matches what the editor toolbar can produce (see CKEDITOR_5_CONFIGS). A
YouTube or Vimeo video the editor embedded is kept in one exact shape of our
own (see `armcms.content.video`); any other embed is taken out.
"""

import re
from collections import Counter
from html import unescape
from html.parser import HTMLParser

import nh3
from django import forms
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_ckeditor_5.fields import CKEditor5Field

from .video import (
    PROVIDERS,
    VideoError,
    embeds_as_videos,
    exact_videos,
    for_editor,
    stored_videos,
    video_details,
    with_titles,
)

# Characters XML (and so feeds and sitemaps) cannot carry: C0 controls other
# than tab and newlines, and lone surrogates (from some PDFs and pastes).
UNSAFE_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")


BLANK_HTML = re.compile(r"<[^>]*>")


def clean_text(value: str) -> str:
    """``value`` without characters that no page or feed can show."""
    return UNSAFE_CHARACTERS.sub("", value) if value else value


ALLOWED_TAGS = {
    "a", "blockquote", "br", "caption", "em", "figcaption", "figure", "h2", "h3",
    "h4", "i", "img", "li", "ol", "p", "strong", "b", "table", "tbody", "td",
    "tfoot", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "figure": {"data-video-id"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
}
ALLOWED_CLASSES = {
    "figure": {"image", "table", "image-style-side", "image_resized", "video"},
}
# A video's figure names its provider and id (see armcms.content.video), and
# nothing else; exact_videos then checks the two together.
ALLOWED_VALUES = {"figure": {"data-video-provider": set(PROVIDERS)}}
VIDEO_ID = re.compile(r"[A-Za-z0-9_-]{1,20}")
ALLOWED_URL_SCHEMES = {"http", "https", "mailto", "tel"}


# A figure left with nothing in it once what it held was removed (a pasted
# video), with its emptied class attribute.
EMPTY_FIGURE = re.compile(r"<figure(?:\s+class=\"\")?>\s*</figure>")


def sanitize_html(value: str) -> str:
    """
    Return ``value`` with everything outside the allow-list removed, and its
    YouTube and Vimeo videos in the stored shape (named by their address
    until `with_titles` names them).
    """
    if not value:
        return ""
    cleaned = _clean(embeds_as_videos(clean_text(value)))
    return EMPTY_FIGURE.sub("", exact_videos(cleaned)).strip()


def _clean(value: str) -> str:
    return nh3.clean(
        value,
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style"},
        attributes=ALLOWED_ATTRIBUTES,
        tag_attribute_values=ALLOWED_VALUES,
        attribute_filter=_video_id_filter,
        allowed_classes=ALLOWED_CLASSES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
    )


def _video_id_filter(tag: str, attribute: str, value: str) -> str | None:
    if tag == "figure" and attribute == "data-video-id":
        return value if VIDEO_ID.fullmatch(value) else None
    return value


# What a person may have put in the text that the site does not keep, in
# their words. Other elements are named by their tag.
ELEMENT_NAMES = {
    "oembed": _("embedded media (only YouTube and Vimeo videos are kept)"),
    "iframe": _("embedded media (only YouTube and Vimeo videos are kept)"),
    "video": _("video"),
    "audio": _("audio"),
    "script": _("script"),
    "style": _("style sheet"),
    "form": _("form"),
    "input": _("form field"),
    "button": _("button"),
    "object": _("embedded object"),
    "embed": _("embedded object"),
}
# Wrappers and spans the sanitiser drops while keeping their content.
UNREPORTED_TAGS = {"html", "head", "body", "span", "div", "font", "u", "s", "meta"}


class TagCounter(HTMLParser):
    """How many of each element, and of links and images with an address."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.counts = Counter()

    def handle_starttag(self, tag, attrs):
        self.counts[tag] += 1
        names = {name for name, value in attrs if value}
        if tag == "a" and "href" in names:
            self.counts["a[href]"] += 1
        if tag == "img" and "src" in names:
            self.counts["img[src]"] += 1


def count_tags(value: str) -> Counter:
    parser = TagCounter()
    parser.feed(value or "")
    parser.close()
    return parser.counts


def removed_content(value: str) -> list[str]:
    """
    What sanitising ``value`` takes out that a person put in: embedded
    media, scripts, links and images whose address is not allowed. One
    description a kind, e.g. "script (2)". Empty when nothing is.
    """
    # A video the editor embedded is kept, in a shape of our own.
    value = embeds_as_videos(value or "")
    before, after = count_tags(value), count_tags(sanitize_html(value))
    kinds = Counter()
    for tag, count in before.items():
        lost = count - after.get(tag, 0)
        if lost <= 0 or tag in UNREPORTED_TAGS:
            continue
        if tag == "a[href]":
            kinds[str(_("link with an address that is not allowed"))] += lost
        elif tag == "img[src]":
            kinds[str(_("image with an address that is not allowed"))] += lost
        elif tag not in ALLOWED_TAGS and tag not in {"a", "img"}:
            kinds[str(ELEMENT_NAMES.get(tag, f"<{tag}>"))] += lost
    return [
        ngettext("%(kind)s", "%(kind)s (%(count)d)", count)
        % {"kind": kind, "count": count}
        for kind, count in kinds.items()
    ]


def kept_html(value: str | None) -> str:
    """What the site keeps of ``value``: sanitised, and nothing at all when it
    has no text and no image (an editor's empty paragraph)."""
    value = sanitize_html(value or "")
    text = BLANK_HTML.sub("", value).replace("&nbsp;", "").replace("\xa0", "")
    return value if text.strip() or "<img" in value else ""


BLOCK_END = re.compile(r"</(p|h2|h3|h4|li|blockquote|figcaption|caption|tr)>|<br\s*/?>")
IMAGE = re.compile(r"<img\b[^>]*>")
# Where one block of text ends and another begins, whatever the markup.
BLOCK_BOUNDARY = re.compile(
    r"</?(p|div|h[1-6]|li|ul|ol|dl|dt|dd|blockquote|figure|figcaption|caption"
    r"|table|thead|tbody|tr|td|th|pre|section|aside|hr)\b[^>]*>|<br\s*/?>",
    re.IGNORECASE,
)
IMAGE_ALT = re.compile(r'\balt="([^"]*)"')


def html_to_text(value: str | None) -> str:
    """
    The words of rich text, one paragraph, heading or list item a line, and
    each image as "[image: its alt text]": what a person compares between
    two versions, without the markup.
    """
    if not value:
        return ""

    def image(match):
        alt = IMAGE_ALT.search(match.group(0))
        return f"[{_('image')}: {alt.group(1) if alt else ''}]"

    text = BLOCK_END.sub("\n", IMAGE.sub(image, value))
    text = unescape(strip_tags(text))
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def plain_text(value: str | None) -> str:
    """
    The words of rich text on one line, a space where one paragraph,
    heading or list item ends and the next begins.
    """
    if not value:
        return ""
    return " ".join(unescape(strip_tags(BLOCK_BOUNDARY.sub(" ", value))).split())


class RichTextFormField(forms.CharField):
    """
    The form field of rich text. It counts as changed only when the text
    the site would keep changed, so the editor's own way of writing the same
    HTML (or an empty paragraph in an empty translation) is no change.

    The editor is given the stored videos as the embeds it makes of their
    addresses (`armcms.content.video.for_editor`); a video not yet known is
    checked with its host, and a form error says why one cannot be shown.
    """

    def prepare_value(self, value):
        return for_editor(value)

    def has_changed(self, initial, data):
        if self.disabled:
            return False
        return kept_html(for_editor(initial)) != kept_html(
            for_editor(self.to_python(data))
        )

    def validate(self, value):
        super().validate(value)
        errors = []
        for stored in stored_videos(sanitize_html(value)):
            try:
                video_details(stored.video, strict=True)
            except VideoError as error:
                errors.append(
                    forms.ValidationError(
                        _("The video %(address)s cannot be shown: %(reason)s"),
                        code="video_host",
                        params={
                            "address": stored.video.watch_url,
                            "reason": error.message,
                        },
                    )
                )
        if errors:
            raise forms.ValidationError(errors)


class RichTextField(CKEditor5Field):
    """HTML edited with CKEditor 5 and sanitised on every save."""

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": RichTextFormField, **kwargs})

    def pre_save(self, model_instance, add):
        value = getattr(model_instance, self.attname)
        if value is None:
            return None  # An empty translation stays NULL.
        value = with_titles(sanitize_html(value))
        setattr(model_instance, self.attname, value)
        return value
