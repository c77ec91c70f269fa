from datetime import date
from decimal import Decimal

import pytest

from impact.models import ImpactMetric, format_figure
from tests.impact.factories import ImpactMetricFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("value", "parts", "shown"),
    [
        (Decimal(1530000), {"unit": "USD"}, "1,530,000 USD"),
        (Decimal(150), {"suffix": "+"}, "150+"),
        (Decimal(15), {}, "15"),
        (Decimal("2.50"), {"prefix": "US$"}, "US$2.50"),
        (Decimal("12.5"), {"suffix": "%"}, "12.50%"),
    ],
)
def test_figures_read_as_people_write_them(value, parts, shown):
    assert format_figure(value, **parts) == shown


def test_saving_records_the_value_in_the_history():
    metric = ImpactMetricFactory(value=Decimal(100), measured_on=date(2020, 1, 1))
    metric.value = Decimal(120)  # a correction on the same date
    metric.save()
    metric.value, metric.measured_on = Decimal(150), date(2021, 1, 1)
    metric.save()
    assert [(v.measured_on, v.value) for v in metric.history.all()] == [
        (date(2020, 1, 1), Decimal(120)),
        (date(2021, 1, 1), Decimal(150)),
    ]


def test_active_leaves_out_retired_figures():
    shown = ImpactMetricFactory(display_order=2)
    first = ImpactMetricFactory(display_order=1)
    ImpactMetricFactory(is_active=False)
    assert list(ImpactMetric.objects.active()) == [first, shown]
