from modeltranslation.translator import register

from armcms.translation import PUBLISHABLE_FIELDS, Translated

from .models import Publication, Series


@register(Series)
class SeriesTranslation(Translated):
    fields = ("title", "slug", "description")


@register(Publication)
class PublicationTranslation(Translated):
    fields = (*PUBLISHABLE_FIELDS, "abstract", "cover_image_alt")
