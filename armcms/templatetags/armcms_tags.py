import html
import re
from pathlib import PurePosixPath
from urllib.parse import quote, unquote, urlencode, urlsplit

from django import template
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeData, mark_safe
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext as _

from armcms.content import shown
from armcms.content.images import body_image_renditions
from armcms.content.locale import (
    alternates,
    content_language,
    default_language,
    is_translated,
)
from armcms.content.video import (
    Player,
    StoredVideo,
    player,
    replace_videos,
    shown_details,
    stored_videos,
)

register = template.Library()

# Images this high on a page load at once; those further down load lazily.
EAGER_IMAGES = 3


@register.simple_tag
def cards(items, heading_level: int, first_position: int = EAGER_IMAGES + 1):
    """
    The cards of ``items`` (includes/_card.html) under headings of
    ``heading_level``, placed down the page from ``first_position`` (their
    images load at once or lazily by it). Each item's card is rendered once
    and kept until the item or what every page shows changes (see
    armcms.content.shown.kept_fragments): on a list, most of its time.
    """
    pieces = [
        (item, "eager" if position <= EAGER_IMAGES else "lazy")
        for position, item in enumerate(items, first_position)
    ]

    def render(item, loading):
        # Only whether its image loads at once tells positions apart.
        position = 1 if loading == "eager" else EAGER_IMAGES + 1
        return render_to_string(
            "includes/_card.html",
            {"item": item, "heading_level": heading_level, "position": position},
        )

    kept = shown.kept_fragments(f"card-h{heading_level}", pieces, render)
    return mark_safe("\n".join(kept))


def srcset(renditions: list) -> str:
    return ", ".join(
        f"{default_storage.url(name)} {width}w" for width, _height, name in renditions
    )


@register.simple_tag
def picture(item, sizes="100vw", css_class="", position=EAGER_IMAGES + 1, crop=""):
    """
    The item's lead image from the library, with its alt text for this use
    (see ``library_picture``).
    """
    return library_picture(
        item.lead_image,
        item.lead_image_alt,
        sizes=sizes,
        css_class=css_class,
        position=position,
        crop=crop,
    )


@register.simple_tag
def library_picture(
    image,
    alt="",
    sizes="100vw",
    css_class="",
    position=EAGER_IMAGES + 1,
    crop="",
    decorative=False,
):
    """
    A library image with its WebP and fallback renditions, so the browser
    picks the smallest that fits; the original when there are none.
    ``alt`` is the use's own text (the image's when empty); ``crop`` names
    the crop to show ("card": 16:9 around the focal point), the whole image
    when empty; ``position`` is the image's place on the page (1 for the
    first); a ``decorative`` image (a portrait beside the person's name)
    has an empty alt text.
    """
    if not image:
        return ""
    alt = "" if decorative else alt or image.alt or ""
    renditions = image.renditions or {}
    if crop and (renditions.get(crop) or {}).get("fallback"):
        renditions = renditions[crop]
    fallback = renditions.get("fallback") or []
    webp = renditions.get("webp") or []
    loading = "lazy" if position > EAGER_IMAGES else "eager"
    if not fallback:
        return format_html(
            '<img class="{}" src="{}" alt="{}" width="{}" height="{}" loading="{}">',
            css_class,
            image.file.url,
            alt,
            image.width or "",
            image.height or "",
            loading,
        )
    width, height, name = fallback[-1]
    return format_html(
        '<picture><source type="image/webp" srcset="{}" sizes="{}">'
        '<img class="{}" src="{}" srcset="{}" sizes="{}" alt="{}" width="{}" '
        'height="{}" loading="{}" decoding="async"></picture>',
        srcset(webp),
        sizes,
        css_class,
        default_storage.url(name),
        srcset(fallback),
        sizes,
        alt,
        width,
        height,
        loading,
    )


# An <img> as the sanitiser writes it: every value in double quotes.
IMG_TAG = re.compile(r'<img((?:\s+[\w:-]+(?:="[^"]*")?)*)\s*/?>')
ATTRIBUTE = re.compile(r'([\w:-]+)(?:="([^"]*)")?')


@register.filter(is_safe=True)
def responsive_images(value, sizes="100vw"):
    """
    Rich text (sanitised, marked safe) whose images from our media have the
    renditions made when they were uploaded: WebP and fallback ``srcset``,
    ``sizes``, their width and height. Every image loads lazily; one from
    elsewhere, or without renditions, keeps its address. Text not marked
    safe is left alone (and escaped).
    """
    if not isinstance(value, SafeData) or "<img" not in value:
        return value
    images = [(match, dict(_attributes(match[1]))) for match in IMG_TAG.finditer(value)]
    names = {
        match[0]: name
        for match, attributes in images
        if (name := media_name(attributes.get("src", "")))
    }
    renditions = body_image_renditions(set(names.values())) if names else {}
    parts, position = [], 0
    for match, attributes in images:
        parts.append(value[position : match.start()])
        found = renditions.get(names.get(match[0]), {})
        parts.append(
            _picture(attributes, found, sizes)
            if found.get("fallback") and found.get("webp")
            else _lazy_image(attributes)
        )
        position = match.end()
    parts.append(value[position:])
    return "".join(parts)


def _attributes(text: str):
    for match in ATTRIBUTE.finditer(text):
        yield match[1].lower(), html.unescape(match[2] or "")


def media_name(url: str) -> str | None:
    """The storage name of a file of our media at ``url``, else None."""
    base = default_storage.url("")
    if not url.startswith(base):
        return None
    name = unquote(urlsplit(url[len(base) :]).path)
    parts = PurePosixPath(name).parts
    if not name or name.startswith("/") or ".." in parts or "\\" in name:
        return None
    return name


def _lazy_image(attributes: dict) -> str:
    attributes = {"loading": "lazy", "decoding": "async", **attributes}
    return format_html(
        "<img{}>",
        format_html_join("", ' {}="{}"', attributes.items()),
    )


def _picture(attributes: dict, renditions: dict, sizes: str) -> str:
    fallback, webp = renditions["fallback"], renditions["webp"]
    width, height, name = fallback[-1]
    given_width = attributes.get("width", "")
    if given_width.isdigit() and 0 < int(given_width) < width:
        # Shown smaller than the picture on purpose (set in the text).
        sizes = f"(min-width: {given_width}px) {given_width}px, 100vw"
        given_height = attributes.get("height", "")
        height = (
            int(given_height)
            if given_height.isdigit()
            else round(height * int(given_width) / width)
        )
        width = int(given_width)
    extra = {
        key: text
        for key, text in attributes.items()
        if key
        not in {"src", "srcset", "sizes", "width", "height", "loading", "decoding"}
    }
    return format_html(
        '<picture><source type="image/webp" srcset="{}" sizes="{}">'
        '<img src="{}" srcset="{}" sizes="{}"{} width="{}" height="{}" '
        'loading="lazy" decoding="async"></picture>',
        srcset(webp),
        sizes,
        default_storage.url(name),
        srcset(fallback),
        sizes,
        format_html_join("", ' {}="{}"', extra.items()),
        width,
        height,
    )


@register.simple_tag(takes_context=True)
def rich_text(context, value, sizes="100vw"):
    """
    Stored rich text (sanitised when saved, so marked safe here) as pages
    show it: its images with their renditions (`responsive_images`) and its
    videos as posters that become players when pressed (`video_player`).
    """
    html = mark_safe(responsive_images(mark_safe(value or ""), sizes))
    found = stored_videos(html)
    if not found:
        return html
    details = shown_details({stored.video for stored in found})

    def shown(stored: StoredVideo) -> str:
        return video_player(
            context,
            player(
                stored.video,
                stored.title,
                details.get(stored.video, {}),
                stored.transcript_url,
                stored.transcript_text,
            ),
        )

    return mark_safe(replace_videos(html, shown))


@register.simple_tag(takes_context=True)
def video_player(context, shown: Player | None) -> str:
    """
    A video as its poster, title and play button, loading nothing from the
    video host (templates/includes/_video.html). The page's request records
    its provider: the page then loads static/js/video.js, and its
    Content-Security-Policy lets that provider's player in a frame
    (armcms.security).
    """
    if shown is None:
        return ""
    request = context.get("request")
    if request is not None:
        providers = getattr(request, "armcms_videos", None)
        if providers is None:
            providers = request.armcms_videos = set()
        providers.add(shown.video.provider)
    return render_to_string(
        "includes/_video.html", {"player": shown, "poster": _poster(shown.poster)}
    )


def _poster(renditions: dict) -> str:
    """A video's poster (decorative: the button names the video), or ''."""
    fallback, webp = renditions.get("fallback") or [], renditions.get("webp") or []
    sizes = "(min-width: 48rem) 46rem, 100vw"
    if fallback and webp:
        width, height, name = fallback[-1]
        return format_html(
            '<picture><source type="image/webp" srcset="{}" sizes="{}">'
            '<img class="video__image" src="{}" srcset="{}" sizes="{}" alt="" '
            'width="{}" height="{}" loading="lazy" decoding="async"></picture>',
            srcset(webp),
            sizes,
            default_storage.url(name),
            srcset(fallback),
            sizes,
            width,
            height,
        )
    if renditions.get("source"):
        return format_html(
            '<img class="video__image" src="{}" alt="" loading="lazy" '
            'decoding="async">',
            default_storage.url(renditions["source"]),
        )
    return ""


@register.simple_tag(takes_context=True)
def share_image_url(context, item) -> str:
    """The absolute URL of the lead image as shared links show it (its crop
    around the focal point), or ''."""
    image = item.lead_image
    if not image:
        return ""
    renditions = image.renditions or {}
    chosen = renditions.get("share") or renditions.get("fallback")
    url = default_storage.url(chosen[-1][2]) if chosen else image.file.url
    return context["request"].build_absolute_uri(url)


@register.simple_tag(takes_context=True)
def absolute_url(context, url: str) -> str:
    """``url`` (a path, or already a full address) as a full address."""
    return context["request"].build_absolute_uri(url)


@register.simple_tag
def share_links(url: str, title: str):
    """Plain links to share a page; no third-party script is loaded."""
    links = [
        (
            _("Email"),
            "mailto:?" + urlencode({"subject": title, "body": url}, quote_via=quote),
        ),
        (
            "LinkedIn",
            "https://www.linkedin.com/sharing/share-offsite/?"
            + urlencode({"url": url}),
        ),
        (
            "Facebook",
            "https://www.facebook.com/sharer/sharer.php?" + urlencode({"u": url}),
        ),
        ("X", "https://x.com/intent/post?" + urlencode({"url": url, "text": title})),
        ("WhatsApp", "https://wa.me/?" + urlencode({"text": f"{title} {url}"})),
    ]
    return format_html_join(
        "",
        '<li><a href="{}" rel="noopener noreferrer">{}</a></li>',
        ((href, label) for label, href in links),
    )


@register.simple_tag(takes_context=True)
def canonical_url(context) -> str:
    """This page's address without filters; the page number is kept."""
    request = context["request"]
    url = request.build_absolute_uri(request.path)
    page = request.GET.get("page", "")
    return f"{url}?page={page}" if page.isdigit() and page != "1" else url


@register.simple_tag(takes_context=True)
def page_languages(context) -> list[dict]:
    """
    This page in each language (see armcms.content.locale.alternates), for the
    language switcher and the ``hreflang`` links. On an item's page, the
    item's own address in each language.
    """
    item = context.get("object")
    if not hasattr(item, "get_absolute_url"):
        item = None
    # Django's error views give their templates the address asked for.
    error_page = "request_path" in context
    links = alternates(context["request"], item, error_page=error_page)
    for link in links:
        link["absolute_url"] = context["request"].build_absolute_uri(link["url"])
    return links


# Languages that write the names of languages in lower case within a
# sentence ("en inglés", "en anglais"), unlike English.
LOWER_CASE_LANGUAGE_NAMES = {"ca", "es", "fr", "it", "pt"}


def language_name(code: str) -> str:
    """The name of the language ``code`` as the page's language writes it."""
    name = str(get_language_info(code)["name_translated"])
    return name.lower() if get_language() in LOWER_CASE_LANGUAGE_NAMES else name


@register.simple_tag
def translation_notice(item) -> str:
    """
    A note, in the page's language, that ``item`` is shown in the default
    language because it has not been translated into the page's; nothing for
    a translated item. (Its texts say their language with ``lang_attr``.)
    """
    language = get_language()
    if is_translated(item, language):
        return ""
    return format_html(
        '<p class="translation-notice" lang="{}">{}</p>',
        language,
        _(
            "This page is not yet available in %(language)s; "
            "it is shown in %(original)s."
        )
        % {
            "language": language_name(language),
            "original": language_name(default_language()),
        },
    )


@register.simple_tag
def lang_attr(item, name: str = "title") -> str:
    """
    ` lang="en"` where ``item`` shows ``name`` in the default language because
    it has no translation in the page's language; nothing otherwise.
    """
    language = content_language(item, name)
    if language == get_language():
        return ""
    return format_html(' lang="{}"', language)


@register.filter
def card_columns(count: int) -> int:
    """
    The columns a row of ``count`` cards takes on wide screens: as many as
    fit (four), three where three fill every row and four would not, one
    or two for that many cards.
    """
    if count <= 2:
        return max(count, 1)
    if count == 5 or (count % 3 == 0 and count % 4):
        return 3
    return 4


@register.filter
def card_grid(items) -> str:
    """
    The classes of a grid of ``items`` cards (static/css/site.css, "Card
    grids") that leave no row half empty, for any number of cards: on wide
    screens the first cards span two columns until the last row is full
    (five cards are a wide one and a short one over three), on tablets the
    first card of an odd number spans the row.
    """
    count = len(items)
    columns = card_columns(count)
    wide = -count % columns
    classes = ["cards", f"cards--cols-{columns}"]
    if wide:
        classes.append(f"cards--wide-{wide}")
    if count % 2:
        classes.append("cards--odd")
    return " ".join(classes)
