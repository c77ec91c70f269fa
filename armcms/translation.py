"""
The fields staff translate (django-modeltranslation adds one column per
language to each). Empty translations are stored as NULL, so "missing" is
one test and unique slugs and names never clash on empty strings.
"""

from modeltranslation.translator import TranslationOptions, register

from .content.library import Document, Image
from .content.models import Country, HomePage, SiteIdentity, Topic


class Translated(TranslationOptions):
    empty_values = None


# What every PublishableModel translates. ``translated_at`` is when each
# language's text last changed, to tell translations that are out of date;
# ``search_vector`` is each language's search index (PostgreSQL).
PUBLISHABLE_FIELDS = (
    "title",
    "slug",
    "summary",
    "body",
    "lead_image_alt",
    "seo_description",
    "translated_at",
    "search_vector",
)


# Topic and country slugs are filter keys (?topic=gender): one per item, the
# same in every language, so a filtered list keeps its filters across them.
@register(Topic)
@register(Country)
class TaxonomyTranslation(Translated):
    fields = ("name",)


@register(HomePage)
class HomePageTranslation(Translated):
    fields = (
        "intro",
        "our_work",
        "our_work_link",
        "lead_title",
        "lead_text",
        "lead_link",
        "lead_link_label",
    )


@register(SiteIdentity)
class SiteIdentityTranslation(Translated):
    fields = ("name", "tagline", "contact_address", "press_contact")


# A library image's texts are where each use starts from, in each language.
@register(Image)
class ImageTranslation(Translated):
    fields = ("alt", "caption", "credit")


@register(Document)
class DocumentTranslation(Translated):
    fields = ("title", "description")
