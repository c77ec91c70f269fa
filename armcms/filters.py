"""Filters shared by every content list: year, topic and country."""

import django_filters
from django.utils.translation import gettext_lazy as _

from .models import Country, Topic


class PublishableFilterSet(django_filters.FilterSet):
    """
    Plain GET filters. A value that does not validate is reported on the form
    and ignored, so the visitor still gets the list.
    """

    year = django_filters.ChoiceFilter(
        field_name="published_at",
        lookup_expr="year",
        label=_("Year"),
        empty_label=_("All years"),
    )
    topic = django_filters.ModelChoiceFilter(
        field_name="topics",
        queryset=Topic.objects.all(),
        to_field_name="slug",
        label=_("Topic"),
        empty_label=_("All topics"),
    )
    country = django_filters.ModelChoiceFilter(
        field_name="countries",
        queryset=Country.objects.all(),
        to_field_name="slug",
        label=_("Country"),
        empty_label=_("All countries"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        years = self.queryset.dates("published_at", "year", order="DESC")
        self.filters["year"].extra["choices"] = [(d.year, d.year) for d in years]

    @property
    def is_filtered(self) -> bool:
        return any(self.form.cleaned_data.get(name) for name in self.filters)
