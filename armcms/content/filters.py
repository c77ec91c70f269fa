"""Filters shared by every content list: year, topic and country."""

import django_filters
from django.db.models import Exists, Model, OuterRef
from django.forms import BoundField
from django.utils.translation import gettext_lazy as _

from .models import EARLIEST_YEAR, LATEST_YEAR, Country, Topic


class FilterBoundField(BoundField):
    """
    A filter's field as the form shows it: never with an error, nor marked
    invalid, since a value no item has gives an empty list, said once above
    the list, not a mistake in a field.
    """

    @property
    def errors(self):
        return self.form.error_class(renderer=self.form.renderer)


class PublishableFilterSet(django_filters.FilterSet):
    """
    Plain GET filters over published items. Only the years, topics and
    countries that some published item has are offered, so nothing about
    drafts shows in the form. A value no published item has (a year without
    news, a topic of drafts only, a mistyped address) gives an empty list,
    which the page says gently: the view is strict.
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
        years = [
            moment.year
            for moment in self.queryset.datetimes("published_at", "year", "DESC")
        ]
        asked = self.data.get("year", "") if self.data else ""
        if (
            len(asked) == 4
            and asked.isdigit()
            and EARLIEST_YEAR <= int(asked) <= LATEST_YEAR
        ):
            # A year with nothing in it shows as chosen, over an empty list.
            years = sorted({*years, int(asked)}, reverse=True)
        self.filters["year"].extra["choices"] = [(year, year) for year in years]
        self.limit_to_used("topic", "topics")
        self.limit_to_used("country", "countries")

    def get_form_class(self):
        form_class = super().get_form_class()
        return type(
            form_class.__name__, (form_class,), {"bound_field_class": FilterBoundField}
        )

    def limit_to_used(self, filter_name: str, field_name: str) -> None:
        """Offer only the choices that some published item carries."""
        choices = self.filters[filter_name]
        used = self.queryset.filter(**{field_name: OuterRef("pk")})
        choices.queryset = choices.queryset.filter(Exists(used))

    def summary(self) -> str:
        """The values the list is filtered by, as a person reads them
        ("Gender, Colombia, 2020"); empty when it is not filtered."""
        if not self.is_bound or not self.form.is_valid():
            return ""
        labels = []
        for name, field in self.form.fields.items():
            value = self.form.cleaned_data.get(name)
            if value in (None, ""):
                continue
            if isinstance(value, Model):
                labels.append(str(value))
            else:
                labels.append(str(dict(field.choices).get(value, value)))
        return ", ".join(labels)
