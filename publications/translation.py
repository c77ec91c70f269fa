from modeltranslation.translator import register

from armcms.translation import PUBLISHABLE_FIELDS, Translated

from .models import Publication, Series


# Like topics', a series' slug is a filter key, the same in every language.
@register(Series)
class SeriesTranslation(Translated):
    fields = ("title", "description")


@register(Publication)
class PublicationTranslation(Translated):
    fields = (*PUBLISHABLE_FIELDS, "abstract", "cover_image_alt")
