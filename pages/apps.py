from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PagesConfig(AppConfig):
    name = "pages"
    verbose_name = _("Pages")
    # Where its public pages live (see armcms.content.registry). A page's
    # address is its path in the tree, so its pattern takes any path: it is
    # tried after every other app's.
    url_prefix = ""
    urls_last = True
    sitemaps = {"pages": "pages.sitemaps.PageSitemap"}
    # Kinds of page sections it offers (see armcms.content.sections).
    section_kinds = {
        "text": "pages.sections.RichText",
        "image": "pages.sections.Image",
        "call_to_action": "pages.sections.CallToAction",
        "quote": "pages.sections.Quote",
        "latest": "pages.sections.Latest",
        "documents": "pages.sections.Documents",
        "people": "pages.sections.People",
        "child_pages": "pages.sections.ChildPages",
        "video": "pages.sections.Video",
    }

    def ready(self):
        from . import signals  # noqa: F401
