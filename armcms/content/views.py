"""
The public views every content type uses: its list and an item's page. Each
content app points them at its model (see news/views.py).
"""

from functools import reduce
from operator import or_

from django.db.models import Case, IntegerField, Q, Value, When
from django.http import Http404, HttpResponsePermanentRedirect, HttpResponseRedirect
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.functional import classproperty
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.generic import DetailView
from django_filters.views import FilterView

from . import shown
from .locale import default_language, field_name, language_codes
from .pagination import UncountedPaginator

RELATED_ITEMS = 3


class PublishedListView(FilterView):
    """
    A content model's published items, newest first, paginated and filtered
    by plain GET parameters. A filter value no published item has gives an
    empty list (``strict``), never the whole list; the filters left empty
    in a submitted form are dropped from the address by a redirect.
    """

    paginate_by = 12
    paginator_class = UncountedPaginator
    template_name_suffix = "_list"
    # What the page is called in its title and heading (set by each list).
    list_title = ""

    def get(self, request, *args, **kwargs):
        if any("" in values for _key, values in request.GET.lists()):
            query = request.GET.copy()
            for key, values in request.GET.lists():
                kept = [value for value in values if value != ""]
                if kept:
                    query.setlist(key, kept)
                else:
                    del query[key]
            address = f"{request.path}?{query.urlencode()}" if query else request.path
            return HttpResponseRedirect(address)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            list_title=self.list_title,
            filter_summary=self.filterset.summary(),
            **kwargs,
        )

    @classproperty
    def query_parameters(cls):
        """The page number and the filters: the GET parameters the page reads."""
        filters = cls.filterset_class.base_filters if cls.filterset_class else {}
        return {cls.page_kwarg: int, **dict.fromkeys(filters, str)}

    def get_queryset(self):
        shown.items_of(self.model)
        return self.model.objects.published().for_listing()

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        if self.filterset.errors:
            # The list without the values it could not use, and a note: kept
            # out of shared caches (the page cache's too), or made-up values
            # would each fill an entry.
            patch_cache_control(response, private=True)
        return response

    def paginate_queryset(self, queryset, page_size):
        # "last" would need a count of the whole archive, which lists avoid.
        if self.request.GET.get(self.page_kwarg) == "last":
            raise Http404(_("There is no such page."))
        return super().paginate_queryset(queryset, page_size)


class PublishedDetailView(DetailView):
    """
    One item by slug, with a few related items. Visitors see published items
    only (others answer 404); staff also see drafts, scheduled and expired
    items at the same address, as a preview that is never cached or indexed.

    Each language has its own slugs. An item found by its slug in another
    language (a link shared before the item was translated, say) redirects
    to its address in this one.
    """

    query_parameters = {}

    def get_queryset(self):
        return (
            self.model.objects.visible_to(self.request.user)
            .with_library()
            .prefetch_related("topics", "countries")
        )

    def get_object(self, queryset=None):
        queryset = self.get_queryset() if queryset is None else queryset
        slug = self.kwargs[self.slug_url_kwarg]
        # Matches on this language's slug first, then the default language's.
        preference = [get_language(), default_language()]
        preference += [code for code in language_codes() if code not in preference]
        columns = [
            field_name(self.model.address_field, code)
            for code in dict.fromkeys(preference)
        ]
        item = (
            queryset.filter(reduce(or_, (Q(**{column: slug}) for column in columns)))
            .order_by(
                Case(
                    *(
                        When(**{column: slug}, then=Value(rank))
                        for rank, column in enumerate(columns)
                    ),
                    output_field=IntegerField(),
                )
            )
            .first()
        )
        if item is None:
            raise Http404(_("There is no such page."))
        return item

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        address = getattr(self.object, self.model.address_field)
        if address != self.kwargs[self.slug_url_kwarg]:
            url = self.object.get_absolute_url()
            if request.META.get("QUERY_STRING"):
                url = f"{url}?{request.META['QUERY_STRING']}"
            if self.object.is_live():
                return HttpResponsePermanentRedirect(url)
            # A preview's address may still change: not remembered, not indexed.
            response = HttpResponseRedirect(url)
            add_never_cache_headers(response)
            response["X-Robots-Tag"] = "noindex, nofollow"
            return response
        shown.item(self.object)
        context = self.get_context_data(object=self.object)
        return self.render_to_response(context)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            is_preview=not self.object.is_live(), **self.around(), **kwargs
        )

    def around(self) -> dict:
        """What the page shows around the item: related items, its list."""
        shown.related_items_of(self.model)
        related = self.model.objects.published().for_listing().related_to(self.object)
        return {
            "related_items": related[:RELATED_ITEMS],
            "list_url": self.model.get_list_url(),
        }

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        if context["is_preview"]:
            add_never_cache_headers(response)
            response["X-Robots-Tag"] = "noindex, nofollow"
        return response
