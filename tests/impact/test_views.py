import re
from datetime import date
from decimal import Decimal

import pytest

from impact.models import ImpactValue
from tests.impact.factories import ImpactMetricFactory

pytestmark = pytest.mark.django_db

# The figures and their history (one prefetch), and the site's chrome.
IMPACT_PAGE_QUERIES = 4


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
    assert "From 500,000 USD in 2016 to 1,530,000 USD in 2020." in html
    assert "<td>500,000 USD</td>" in html
    assert "<script" not in html
    assert "illustrative" not in html


def test_a_single_value_gets_a_table_but_no_chart(client):
    ImpactMetricFactory(label="countries", value=Decimal(15))
    html = client.get("/impact/").content.decode()
    assert '<svg class="chart"' not in html
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
    assert html.count("<rect") == 2  # a bar for each year


def chart_of(html: str) -> str:
    return re.search(r'<svg class="chart".*?</svg>', html, re.DOTALL).group()


def illustrative_history(metric, values):
    for year, value in zip(range(2014, 2030), values, strict=False):
        ImpactValue.objects.create(
            metric=metric,
            value=value,
            measured_on=date(year, 12, 31),
            is_illustrative=True,
        )


def test_the_chart_has_axes_labels_and_a_summary(client):
    metric = ImpactMetricFactory(
        label="of Fairmined Premium paid",
        value=Decimal(1_530_000),
        unit="USD",
        measured_on=date(2020, 7, 31),
    )
    illustrative_history(metric, [310_000, 455_000, 620_000])
    chart = chart_of(client.get("/impact/").content.decode())
    svg = re.match(r"<svg[^>]*>", chart).group()
    assert 'role="img"' in svg
    title_id, desc_id = re.search(r'aria-labelledby="([^" ]+) ([^" ]+)"', svg).groups()
    assert (
        f'<title id="{title_id}">How “of Fairmined Premium paid” grew</title>' in chart
    )
    assert (
        f'<desc id="{desc_id}">From 310,000 USD in 2014 to 1,530,000 USD in 2020.'
        "</desc>"
    ) in chart
    years = re.findall(r'<text class="chart__year"[^>]*>(\d+)</text>', chart)
    assert years == ["2014", "2015", "2016", "2020"]
    scale = re.findall(r'<text class="chart__scale"[^>]*>([^<]+)</text>', chart)
    assert scale == ["0", "1,000,000", "2,000,000"]
    assert chart.count('class="chart__grid"') == len(scale)
    values = re.findall(r'<text class="chart__value"[^>]*>([^<]+)</text>', chart)
    assert values == ["310,000", "455,000", "620,000", "1,530,000"]
    assert "<title>2016: 620,000 USD</title>" in chart
    assert chart.count("chart__bar--illustrative") == 3
    assert '<text class="chart__unit"' in chart and ">USD</text>" in chart


@pytest.mark.parametrize(
    ("prefix", "scale", "value"),
    [
        ("/es", "1.000.000", "1.530.000"),
        ("/fr", "1\xa0000\xa0000", "1\xa0530\xa0000"),
    ],
)
def test_the_chart_writes_numbers_as_the_page_language_does(
    client, prefix, scale, value
):
    metric = ImpactMetricFactory(
        value=Decimal(1_530_000), measured_on=date(2020, 7, 31)
    )
    illustrative_history(metric, [310_000])
    chart = chart_of(client.get(f"{prefix}/impact/").content.decode())
    assert f">{scale}</text>" in chart
    assert f">{value}</text>" in chart
    assert "2014" in chart


def test_the_scale_has_two_to_four_gridlines_above_zero(client):
    for top in (1, 7, 8, 15, 99, 150, 1_000, 1_530_000, Decimal("2.5")):
        metric = ImpactMetricFactory(value=top, measured_on=date(2020, 7, 31))
        illustrative_history(metric, [top / 2])
    html = client.get("/impact/").content.decode()
    for chart in re.findall(r'<svg class="chart".*?</svg>', html, re.DOTALL):
        gridlines = chart.count('class="chart__grid"') - 1  # the zero line
        assert 2 <= gridlines <= 4, chart


def test_the_note_on_illustrative_values_shows_only_when_one_is_shown(client, settings):
    settings.PAGE_CACHE_SECONDS = 0  # the rows change by update(), unseen
    metric = ImpactMetricFactory(value=Decimal(15), measured_on=date(2020, 7, 31))
    ImpactValue.objects.create(metric=metric, value=7, measured_on=date(2014, 12, 31))
    note = "These values are illustrative examples, not measurements."
    assert note not in client.get("/impact/").content.decode()
    ImpactValue.objects.filter(value=7).update(is_illustrative=True)
    html = client.get("/impact/").content.decode()
    assert note in html
    assert 'id="illustrative-note"' in html
    assert '<tr class="impact__illustrative">' in html
    # Marked, but no longer shown: a later value of the same year hides it.
    ImpactValue.objects.create(metric=metric, value=8, measured_on=date(2014, 12, 1))
    ImpactValue.objects.filter(value=7).update(measured_on=date(2014, 6, 1))
    assert note not in client.get("/impact/").content.decode()


def test_the_impact_page_runs_a_fixed_number_of_queries(
    client, settings, django_assert_num_queries
):
    settings.PAGE_CACHE_SECONDS = 0
    for label in ("countries", "organisations"):
        metric = ImpactMetricFactory(label=label, measured_on=date(2020, 7, 31))
        illustrative_history(metric, [1, 2, 3, 4])
    client.get("/impact/")  # the identity and menus, read once while cached
    with django_assert_num_queries(IMPACT_PAGE_QUERIES):
        html = client.get("/impact/").content.decode()
    assert html.count('role="img"') == 2
