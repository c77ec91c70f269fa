import django_filters
from django.utils.translation import gettext_lazy as _

from armcms.content.filters import PublishableFilterSet

from .models import Kind, Publication


class PublicationFilterSet(PublishableFilterSet):
    kind = django_filters.ChoiceFilter(
        choices=Kind.choices, label=_("Kind"), empty_label=_("All kinds")
    )
    series = django_filters.ChoiceFilter(
        field_name="series__slug", label=_("Series"), empty_label=_("All series")
    )

    class Meta:
        model = Publication
        fields = []

    used_filters = [*PublishableFilterSet.used_filters, ("series", "series")]
