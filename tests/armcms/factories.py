from datetime import timedelta

import factory
from django.utils import timezone

from armcms.content.models import Country, Status, Topic


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic
        django_get_or_create = ["name"]

    name = factory.Faker("word")


class CountryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Country
        django_get_or_create = ["name"]

    name = factory.Faker("country")
    code = factory.Sequence(lambda n: f"{chr(65 + n // 26 % 26)}{chr(65 + n % 26)}")


class PublishableFactory(factory.django.DjangoModelFactory):
    """Published an hour ago unless a trait says otherwise."""

    class Meta:
        abstract = True
        skip_postgeneration_save = True

    title = factory.Faker("sentence", nb_words=6)
    summary = factory.Faker("sentence", nb_words=15)
    body = factory.LazyFunction(lambda: "<p>A paragraph of body text.</p>")
    status = Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))

    @factory.post_generation
    def topics(self, create, extracted, **kwargs):
        if create and extracted:
            self.topics.set(extracted)

    @factory.post_generation
    def countries(self, create, extracted, **kwargs):
        if create and extracted:
            self.countries.set(extracted)

    class Params:
        draft = factory.Trait(status=Status.DRAFT)
        scheduled = factory.Trait(
            published_at=factory.LazyFunction(
                lambda: timezone.now() + timedelta(days=1)
            )
        )
        expired = factory.Trait(
            published_at=factory.LazyFunction(
                lambda: timezone.now() - timedelta(days=2)
            ),
            expires_at=factory.LazyFunction(lambda: timezone.now() - timedelta(days=1)),
        )
