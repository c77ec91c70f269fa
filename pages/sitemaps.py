from armcms.content.sitemaps import PublishedSitemap

from .models import Page


class PageSitemap(PublishedSitemap):
    model = Page
