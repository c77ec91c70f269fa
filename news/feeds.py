from django.utils.translation import gettext_lazy as _

from armcms.content.feeds import AtomMixin, PublishedFeed

from .models import NewsArticle, PressRelease


class NewsArticleFeed(PublishedFeed):
    model = NewsArticle
    section = _("News")


class NewsArticleAtomFeed(AtomMixin, NewsArticleFeed):
    pass


class PressReleaseFeed(PublishedFeed):
    model = PressRelease
    section = _("Press releases")


class PressReleaseAtomFeed(AtomMixin, PressReleaseFeed):
    pass
