from django import template
from django.core.files.storage import default_storage
from django.utils.html import format_html

from armcms.templatetags.armcms_tags import EAGER_IMAGES, srcset

register = template.Library()


@register.simple_tag
def cover(item, sizes="100vw", css_class="", position=EAGER_IMAGES + 1):
    """
    A publication's cover with its WebP and fallback renditions, printed as
    ``picture`` prints lead images; the original when it has none yet, and
    nothing for an item without a cover.
    ``position`` is the image's place on the page (1 for the first).
    """
    image = getattr(item, "cover_image", None)
    if not image:
        return ""
    renditions = item.cover_image_renditions or {}
    fallback = renditions.get("fallback") or []
    webp = renditions.get("webp") or []
    loading = "lazy" if position > EAGER_IMAGES else "eager"
    if not fallback:
        size = ""
        if item.cover_image_width and item.cover_image_height:
            size = format_html(
                ' width="{}" height="{}"',
                item.cover_image_width,
                item.cover_image_height,
            )
        return format_html(
            '<img class="{}" src="{}" alt="{}"{} loading="{}">',
            css_class,
            image.url,
            item.cover_image_alt,
            size,
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
        item.cover_image_alt,
        width,
        height,
        loading,
    )
