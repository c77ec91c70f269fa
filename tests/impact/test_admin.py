import re
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from impact.models import ImpactMetric, ImpactValue
from tests.impact.factories import ImpactMetricFactory

pytestmark = pytest.mark.django_db


def metric_form(metric, history=(), **overrides):
    """The figure's form as a publisher sends it with *Publish* pressed."""
    data = {
        "_publish": "Publish",
        "label_en": metric.label,
        "context_en": metric.context,
        "prefix_en": "",
        "value": str(metric.value),
        "suffix_en": "",
        "unit_en": "",
        "measured_on": metric.measured_on.isoformat(),
        "display_order": "0",
        "is_active": "on",
        "history-TOTAL_FORMS": str(len(history)),
        "history-INITIAL_FORMS": str(sum(1 for row in history if row.get("id"))),
        "history-MIN_NUM_FORMS": "0",
        "history-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(history):
        for key, value in row.items():
            data[f"history-{i}-{key}"] = value
        data[f"history-{i}-metric"] = str(metric.pk)
    data.update(overrides)
    return data


def change_url(metric):
    return reverse("admin:impact_impactmetric_change", args=[metric.pk])


def test_new_value_on_a_new_date_adds_to_the_history(admin_client):
    metric = ImpactMetricFactory(value=Decimal(100), measured_on=date(2020, 1, 1))
    response = admin_client.post(
        change_url(metric),
        metric_form(metric, value="150", measured_on="2021-06-30"),
    )
    assert response.status_code == 302
    assert [(v.measured_on, v.value) for v in metric.history.all()] == [
        (date(2020, 1, 1), Decimal(100)),
        (date(2021, 6, 30), Decimal(150)),
    ]


def test_earlier_values_can_be_added_inline(admin_client):
    metric = ImpactMetricFactory(value=Decimal(100), measured_on=date(2020, 1, 1))
    current = metric.history.get()
    response = admin_client.post(
        change_url(metric),
        metric_form(
            metric,
            history=[
                {"id": str(current.pk), "measured_on": "2020-01-01", "value": "100"},
                {"measured_on": "2018-01-01", "value": "40"},
            ],
        ),
    )
    assert response.status_code == 302
    assert metric.history.count() == 2


def test_a_history_row_for_the_current_date_is_a_form_error(admin_client):
    metric = ImpactMetricFactory(value=Decimal(100), measured_on=date(2020, 1, 1))
    response = admin_client.post(
        change_url(metric),
        metric_form(metric, history=[{"measured_on": "2020-01-01", "value": "90"}]),
    )
    assert response.status_code == 200
    assert "change it in the fields above" in response.content.decode()
    assert metric.history.get().value == Decimal(100)


def test_a_new_figure_with_a_duplicate_history_date_is_a_form_error(admin_client):
    response = admin_client.post(
        reverse("admin:impact_impactmetric_add"),
        {
            **metric_form(ImpactMetricFactory.build(measured_on=date(2020, 1, 1))),
            "history-TOTAL_FORMS": "2",
            "history-0-measured_on": "2019-01-01",
            "history-0-value": "5",
            "history-1-measured_on": "2019-01-01",
            "history-1-value": "6",
        },
    )
    assert response.status_code == 200
    assert not ImpactMetric.objects.exists()


def test_deleting_the_current_row_keeps_the_current_value(admin_client):
    metric = ImpactMetricFactory(value=Decimal(100), measured_on=date(2020, 1, 1))
    current = metric.history.get()
    response = admin_client.post(
        change_url(metric),
        metric_form(
            metric,
            history=[
                {
                    "id": str(current.pk),
                    "measured_on": "2020-01-01",
                    "value": "100",
                    "DELETE": "on",
                }
            ],
        ),
    )
    assert response.status_code == 302
    assert metric.history.get().value == Decimal(100)


def test_a_figure_is_described_in_each_language(admin_client):
    metric = ImpactMetricFactory(label="children back in school", value=Decimal(10))
    response = admin_client.post(
        change_url(metric),
        metric_form(metric, label_es="niños de vuelta en la escuela", unit_fr="%"),
    )
    assert response.status_code == 302
    metric.refresh_from_db()
    assert metric.label_en == "children back in school"
    assert metric.label_es == "niños de vuelta en la escuela"
    assert (metric.unit_fr, metric.unit_es) == ("%", None)


def test_illustrative_values_are_marked_in_the_list_and_the_history(admin_client):
    measured = ImpactMetricFactory(label="measured figure")
    example = ImpactMetricFactory(label="example figure", measured_on=date(2020, 1, 1))
    ImpactValue.objects.create(
        metric=example, value=1, measured_on=date(2015, 1, 1), is_illustrative=True
    )
    changelist = admin_client.get(reverse("admin:impact_impactmetric_changelist"))
    html = changelist.content.decode()
    assert "illustrative values" in html.lower()
    rows = {
        metric.label: re.search(
            rf'<tr>.*?{metric.label}.*?field-has_illustrative_values">(.*?)</td>',
            html,
            re.DOTALL,
        ).group(1)
        for metric in (measured, example)
    }
    assert 'alt="True"' in rows["example figure"]
    assert 'alt="False"' in rows["measured figure"]
    form = admin_client.get(change_url(example)).content.decode()
    assert 'name="history-0-is_illustrative"' in form
    # The figure's own value is measured, whatever was recorded on its date.
    ImpactValue.objects.filter(metric=example).update(is_illustrative=True)
    example.refresh_from_db()
    example.save()
    assert not example.history.get(measured_on=date(2020, 1, 1)).is_illustrative
