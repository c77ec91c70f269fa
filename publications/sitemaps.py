from armcms.content.sitemaps import PublishedSitemap

from .models import Publication


class PublicationSitemap(PublishedSitemap):
    model = Publication
