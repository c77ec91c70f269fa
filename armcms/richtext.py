"""
Rich text: the field every model uses for formatted text, and its sanitiser.

Text is cleaned when it is saved, so every way in (the admin, an import, the
shell) is covered and templates may mark the stored value safe. The allow-list
matches what the editor toolbar can produce (see CKEDITOR_5_CONFIGS).
"""

import re

import nh3
from django_ckeditor_5.fields import CKEditor5Field

# Characters XML (and so feeds and sitemaps) cannot carry: C0 controls other
# than tab and newlines, and lone surrogates (from some PDFs and pastes).
UNSAFE_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")


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
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
}
ALLOWED_CLASSES = {
    "figure": {"image", "table", "image-style-side", "image_resized"},
}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto", "tel"}


def sanitize_html(value: str) -> str:
    """Return ``value`` with everything outside the allow-list removed."""
    if not value:
        return ""
    return nh3.clean(
        clean_text(value),
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style"},
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes=ALLOWED_CLASSES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
    ).strip()


class RichTextField(CKEditor5Field):
    """HTML edited with CKEditor 5 and sanitised on every save."""

    def pre_save(self, model_instance, add):
        value = sanitize_html(getattr(model_instance, self.attname))
        setattr(model_instance, self.attname, value)
        return value
