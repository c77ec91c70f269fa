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


def library_image(name="photo.jpg", data=None, **fields):
    """A library image (a JPEG of 800 by 450 unless ``data`` says otherwise)."""
    from django.core.files.base import ContentFile

    from armcms.content.library import Image
    from tests.conftest import image_bytes

    fields.setdefault("alt_en", "Miners at work by a river")
    data = readable(data) or image_bytes("JPEG", (800, 450))
    image = Image(file=ContentFile(data, name=name), **fields)
    image.save()
    return image


def library_document(name="report.pdf", data=None, **fields):
    """A library document (a PDF saying "Annual report" unless ``data``)."""
    from django.core.files.base import ContentFile

    from armcms.content.library import Document
    from tests.conftest import pdf_with_text

    data = readable(data) or pdf_with_text("Annual report")
    document = Document(file=ContentFile(data, name=name), **fields)
    document.save()
    return document


def readable(data):
    """Bytes, from bytes or a file."""
    if hasattr(data, "read"):
        data.seek(0)
        return data.read()
    return data


def with_pdf(item, name="report.pdf", data=None):
    """``item`` saved with a library document as its PDF."""
    item.pdf = library_document(name, data)
    item.save()
    return item


def with_image(item, field="lead_image", name="photo.jpg", data=None, **fields):
    """``item`` saved with a library image in ``field``."""
    setattr(item, field, library_image(name, data, **fields))
    item.save()
    return item
