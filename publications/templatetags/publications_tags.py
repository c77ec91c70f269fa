from django import template

from armcms.templatetags.armcms_tags import EAGER_IMAGES, library_picture

register = template.Library()


@register.simple_tag
def cover(item, sizes="100vw", css_class="", position=EAGER_IMAGES + 1):
    """
    A publication's cover, whole, as ``library_picture`` prints it with the
    cover's alt text; nothing for an item without a cover.
    """
    return library_picture(
        getattr(item, "cover_image", None),
        getattr(item, "cover_image_alt", ""),
        sizes=sizes,
        css_class=css_class,
        position=position,
    )
