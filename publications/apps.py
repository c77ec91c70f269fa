from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicationsConfig(AppConfig):
    name = "publications"
    verbose_name = _("Publications")
    # Where its public pages live (see armcms.content.registry).
    url_prefix = "publications/"
    section_pages = ["publications:publication_list"]
    sitemaps = {"publications": "publications.sitemaps.PublicationSitemap"}
    feeds = {
        "publications": (
            "publications.feeds.PublicationFeed",
            "publications.feeds.PublicationAtomFeed",
        )
    }
