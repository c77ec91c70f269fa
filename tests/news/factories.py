import factory

from news.models import NewsArticle, PressRelease
from tests.armcms.factories import PublishableFactory


class NewsArticleFactory(PublishableFactory):
    class Meta:
        model = NewsArticle


class PressReleaseFactory(PublishableFactory):
    class Meta:
        model = PressRelease

    dateline = factory.Faker("city")
