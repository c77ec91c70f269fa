from modeltranslation.translator import register

from armcms.translation import PUBLISHABLE_FIELDS, Translated

from .models import MenuItem, Page


@register(Page)
class PageTranslation(Translated):
    # ``url_path`` is the page's whole address in each language.
    fields = (*PUBLISHABLE_FIELDS, "url_path")


@register(MenuItem)
class MenuItemTranslation(Translated):
    fields = ("label",)
