from modeltranslation.translator import register

from armcms.translation import PUBLISHABLE_FIELDS, Translated

from .models import NewsArticle, PressRelease


@register(NewsArticle)
class NewsArticleTranslation(Translated):
    fields = PUBLISHABLE_FIELDS


@register(PressRelease)
class PressReleaseTranslation(Translated):
    fields = (*PUBLISHABLE_FIELDS, "dateline")
