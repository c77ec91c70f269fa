"""
Checks for what hurts readers, shown to editors as warnings when they save:
they never stop a save.
"""

import re
from html.parser import HTMLParser

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

GENERIC_ALT = {"image", "img", "photo", "picture", "foto", "imagen", "graphic", "pic"}
VAGUE_LINK_TEXT = {
    "click here",
    "here",
    "click",
    "read more",
    "more",
    "link",
    "this link",
    "this",
}
FILE_NAME = re.compile(r"^[\w\-. ]+\.(jpe?g|png|gif|webp)$", re.IGNORECASE)
BARE_URL = re.compile(r"^(https?://|www\.)\S+$", re.IGNORECASE)


def is_meaningless_alt(text: str) -> bool:
    text = text.strip()
    return not text or text.lower() in GENERIC_ALT or bool(FILE_NAME.match(text))


class BodyReader(HTMLParser):
    """Collects the body's image alt texts, heading levels and link texts."""

    def __init__(self):
        super().__init__()
        self.alts: list[str] = []
        self.headings: list[int] = []
        self.links: list[str] = []
        self._link_text: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.alts.append(dict(attrs).get("alt") or "")
        elif re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        elif tag == "a":
            self._link_text = []

    def handle_endtag(self, tag):
        if tag == "a" and self._link_text is not None:
            self.links.append(" ".join("".join(self._link_text).split()))
            self._link_text = None

    def handle_data(self, data):
        if self._link_text is not None:
            self._link_text.append(data)


def check_body(html: str) -> list[str]:
    reader = BodyReader()
    reader.feed(html or "")
    reader.close()
    warnings = []
    missing_alt = sum(1 for alt in reader.alts if is_meaningless_alt(alt))
    if missing_alt:
        warnings.append(
            ngettext(
                "%(count)d image in the body has no meaningful alt text: "
                "describe what it shows.",
                "%(count)d images in the body have no meaningful alt text: "
                "describe what each image shows.",
                missing_alt,
            )
            % {"count": missing_alt}
        )
    level = 1  # the page title is the only first-level heading
    for heading in reader.headings:
        if heading > level + 1:
            warnings.append(
                _(
                    "A level %(found)d heading follows a level %(previous)d one: "
                    "skipped heading levels confuse screen-reader users."
                )
                % {"found": heading, "previous": level}
            )
            break
        level = heading
    for text in reader.links:
        if text.lower().strip(" .!:") in VAGUE_LINK_TEXT or BARE_URL.match(text):
            warnings.append(
                _(
                    'The link "%(text)s" does not say where it leads: use words '
                    "that name the destination."
                )
                % {"text": text[:60]}
            )
    return warnings


def check_item(item) -> list[str]:
    """Warnings for a publishable item about to be, or just, saved."""
    warnings = check_body(item.body)
    if not item.summary.strip():
        warnings.append(
            _("The summary is empty: lists and search results will show no text.")
        )
    if item.lead_image and is_meaningless_alt(item.lead_image_alt):
        warnings.append(_("The lead image's alt text does not describe the image."))
    if item.is_featured and not item.lead_image:
        warnings.append(
            _("This item is featured but has no lead image to show on the homepage.")
        )
    return warnings
