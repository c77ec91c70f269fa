from decimal import Decimal

import factory

from impact.models import ImpactMetric


class ImpactMetricFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ImpactMetric

    label = factory.Sequence(lambda n: f"things counted {n}")
    value = Decimal(10)
    context = factory.Faker("sentence")
