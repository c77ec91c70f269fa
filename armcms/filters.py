"""Filters shared by every content list: year, topic and country."""

import django_filters
from django.db.models import Exists, Max, Min, OuterRef
from django.utils.translation import gettext_lazy as _

from .models import Country, Topic


class PublishableFilterSet(django_filters.FilterSet):
    """
    Plain GET filters. A value that does not validate is reported on the form
    and ignored, so the visitor still gets the list. Years run from the first
    to the last published item; topics and countries are the whole (short,
    public) vocabulary, since finding the ones in use would read the archive.
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
        published = self.queryset
        # From the first to the last year: two index lookups, not a scan.
        span = published.aggregate(first=Min("published_at"), last=Max("published_at"))
        years = (
            range(span["last"].year, span["first"].year - 1, -1)
            if span["first"]
            else []
        )
        self.filters["year"].extra["choices"] = [(year, year) for year in years]

    def limit_to_used(self, filter_name: str, field_name: str) -> None:
        """
        Offer only the choices that some published item carries. For foreign
        keys (one indexed lookup per choice), not many-to-many fields.
        """
        choices = self.filters[filter_name]
        used = self.queryset.filter(**{field_name: OuterRef("pk")})
        choices.queryset = choices.queryset.filter(Exists(used))
