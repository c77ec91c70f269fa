from modeltranslation.translator import register

from armcms.translation import PUBLISHABLE_FIELDS, Translated

from .models import MenuItem, Page, Person, Section


@register(Page)
class PageTranslation(Translated):
    # ``url_path`` is the page's whole address in each language;
    # ``sections_text`` what its sections say in each, for search.
    fields = (*PUBLISHABLE_FIELDS, "url_path", "sections_text")


@register(MenuItem)
class MenuItemTranslation(Translated):
    fields = ("label",)


@register(Section)
class SectionTranslation(Translated):
    # Each language its own texts; a button may lead to each language's page,
    # a video to each language's transcript.
    fields = (
        "heading",
        "text",
        "image_alt",
        "caption",
        "source",
        "button_label",
        "link_url",
        "video_title",
        "transcript_url",
    )


@register(Person)
class PersonTranslation(Translated):
    fields = ("role", "bio")
