"""Filters shared by every content list: year, topic and country."""

import django_filters
from django.db.models import Exists, OuterRef
from django.forms import BoundField
from django.utils.translation import gettext_lazy as _

from . import shown
from .models import EARLIEST_YEAR, LATEST_YEAR


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
    # By slug, among the choices that choices_in_use reads.
    topic = django_filters.ChoiceFilter(
        field_name="topics__slug", label=_("Topic"), empty_label=_("All topics")
    )
    country = django_filters.ChoiceFilter(
        field_name="countries__slug",
        label=_("Country"),
        empty_label=_("All countries"),
    )

    # The filters offering what some published item carries: (filter name,
    # the item's field).
    used_filters = [("topic", "topics"), ("country", "countries")]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        offered = shown.remembered(
            self.queryset.model, "filter-choices", self.choices_in_use, timed=True
        )
        for name, choices in offered.items():
            self.filters[name].extra["choices"] = choices
        years = [year for year, _label in offered["year"]]
        asked = self.data.get("year", "") if self.data else ""
        if (
            len(asked) == 4
            and asked.isdigit()
            and EARLIEST_YEAR <= int(asked) <= LATEST_YEAR
        ):
            # A year with nothing in it shows as chosen, over an empty list.
            years = sorted({*years, int(asked)}, reverse=True)
            self.filters["year"].extra["choices"] = [(year, year) for year in years]

    def choices_in_use(self) -> dict[str, list[tuple]]:
        """
        The years, and the topics, countries (and series) by slug, that some
        published item has: one query each, kept by ``shown.remembered``
        until such an item changes. The choices are lists, never a queryset
        read through a cursor of its own.
        """
        years = self.queryset.datetimes("published_at", "year", "DESC")
        choices = {"year": [(moment.year, moment.year) for moment in years]}
        for filter_name, field_name in self.used_filters:
            related = self.queryset.model._meta.get_field(field_name).related_model
            used = self.queryset.filter(**{field_name: OuterRef("pk")})
            choices[filter_name] = [
                (choice.slug, str(choice))
                for choice in related.objects.filter(Exists(used))
            ]
        return choices

    def get_form_class(self):
        form_class = super().get_form_class()
        return type(
            form_class.__name__, (form_class,), {"bound_field_class": FilterBoundField}
        )

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
            labels.append(str(dict(field.choices).get(value, value)))
        return ", ".join(labels)
