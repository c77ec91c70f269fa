from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "news"
    verbose_name = _("News and press")
    # Where its public pages live (see armcms.content.registry).
    url_prefix = ""
    section_pages = ["news:article_list", "news:pressrelease_list"]
    sitemaps = {
        "news": "news.sitemaps.NewsArticleSitemap",
        "press": "news.sitemaps.PressReleaseSitemap",
    }
    feeds = {
        "news": ("news.feeds.NewsArticleFeed", "news.feeds.NewsArticleAtomFeed"),
        "press": ("news.feeds.PressReleaseFeed", "news.feeds.PressReleaseAtomFeed"),
    }
