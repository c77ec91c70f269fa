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

    def ready(self):
        from . import signals  # noqa: F401
