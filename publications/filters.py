import django_filters
from django.utils.translation import gettext_lazy as _

from armcms.content.filters import PublishableFilterSet

from .models import Kind, Publication, Series


class PublicationFilterSet(PublishableFilterSet):
    kind = django_filters.ChoiceFilter(
        choices=Kind.choices, label=_("Kind"), empty_label=_("All kinds")
    )
    series = django_filters.ModelChoiceFilter(
        queryset=Series.objects.all(),
        to_field_name="slug",
        label=_("Series"),
        empty_label=_("All series"),
    )

    class Meta:
        model = Publication
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit_to_used("series", "series")
