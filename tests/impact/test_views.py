from datetime import date
from decimal import Decimal

import pytest

from impact.models import ImpactValue
from tests.impact.factories import ImpactMetricFactory

pytestmark = pytest.mark.django_db


def test_impact_page_shows_figures_with_context_and_growth(client):
    metric = ImpactMetricFactory(
        label="of Fairmined Premium paid",
        value=Decimal(1_530_000),
        unit="USD",
        context="Paid to certified organisations.",
        measured_on=date(2020, 7, 31),
    )
    ImpactValue.objects.create(
        metric=metric, value=500_000, measured_on=date(2016, 1, 1)
    )
    ImpactMetricFactory(label="retired figure", is_active=False)
    html = client.get("/impact/").content.decode()
    assert "1,530,000 USD" in html
    assert "Paid to certified organisations." in html
    assert "retired figure" not in html
    assert '<svg class="chart"' in html
    assert 'role="img"' in html
    assert "From 500,000 USD on Jan. 1, 2016 to 1,530,000 USD on July 31, 2020." in html
    assert "<td>500,000 USD</td>" in html
    assert "<script" not in html


def test_a_single_value_gets_a_table_but_no_chart(client):
    ImpactMetricFactory(label="countries", value=Decimal(15))
    html = client.get("/impact/").content.decode()
    assert "<svg" not in html
    assert "<td>15</td>" in html


def test_the_table_keeps_the_last_value_of_each_year(client):
    metric = ImpactMetricFactory(value=Decimal(30), measured_on=date(2021, 12, 1))
    for month, value in [(1, 10), (6, 20)]:
        ImpactValue.objects.create(
            metric=metric, value=value, measured_on=date(2020, month, 1)
        )
    html = client.get("/impact/").content.decode()
    assert "<td>20</td>" in html
    assert "<td>10</td>" not in html
    assert "<td>30</td>" in html
    assert html.count("<circle") == 3
