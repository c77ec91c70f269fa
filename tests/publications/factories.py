import factory

from publications.models import Kind, Publication, Series
from tests.armcms.factories import PublishableFactory


class SeriesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Series

    title = factory.Sequence(lambda n: f"Series {n}")


class PublicationFactory(PublishableFactory):
    class Meta:
        model = Publication

    kind = Kind.REPORT
    authors = factory.Faker("name")
    year = 2020
