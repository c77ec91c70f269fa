import logging
import mimetypes
import uuid
from functools import reduce
from operator import or_
from pathlib import PurePath

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import SuspiciousFileOperation, ValidationError
from django.core.files.storage import default_storage
from django.core.paginator import InvalidPage, Paginator
from django.db import connection
from django.db.models import Case, CharField, IntegerField, Q, Value, When
from django.http import (
    FileResponse,
    Http404,
    HttpResponse,
    HttpResponsePermanentRedirect,
    HttpResponseRedirect,
    JsonResponse,
)
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.functional import classproperty
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe
from django.views.generic import DetailView, TemplateView
from django_filters.views import FilterView

from impact.models import ImpactMetric
from news.models import NewsArticle, PressRelease
from publications.models import Publication

from .files import UploadTo, strip_image_metadata
from .forms import EditorImageForm, SearchForm
from .images import make_body_image_renditions
from .locale import default_language, field_name, language_codes
from .models import HomePage
from .pagination import UncountedPaginator
from .search import excerpt
from .uploads import KEPT_FOLDER

logger = logging.getLogger(__name__)

RELATED_ITEMS = 3


class HomeView(TemplateView):
    template_name = "home/home.html"
    # The GET parameters the page reads (see armcms.cache.normal_query): none.
    query_parameters = {}

    def get_context_data(self, **kwargs):
        homepage = HomePage.load()
        return super().get_context_data(
            homepage=homepage,
            latest_news=NewsArticle.objects.published()
            .for_listing()
            .featured_first()[: homepage.news_count],
            press_releases=PressRelease.objects.published().for_listing()[
                : homepage.press_release_count
            ],
            publications=Publication.objects.published()
            .for_listing()
            .select_related("series")[: homepage.publication_count],
            impact_metrics=ImpactMetric.objects.active()[: homepage.impact_count],
            **kwargs,
        )


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
        return self.model.objects.published().for_listing()

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        if self.filterset.errors:
            # The list without the values it could not use, and a note: not
            # stored, or made-up values would each fill an entry.
            response.page_cacheable = False
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
        return self.model.objects.visible_to(self.request.user).prefetch_related(
            "topics", "countries"
        )

    def get_object(self, queryset=None):
        queryset = self.get_queryset() if queryset is None else queryset
        slug = self.kwargs[self.slug_url_kwarg]
        # Matches on this language's slug first, then the default language's.
        preference = [get_language(), default_language()]
        preference += [code for code in language_codes() if code not in preference]
        columns = [field_name("slug", code) for code in dict.fromkeys(preference)]
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
        if self.object.slug != self.kwargs[self.slug_url_kwarg]:
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
        context = self.get_context_data(object=self.object)
        return self.render_to_response(context)

    def get_context_data(self, **kwargs):
        related = self.model.objects.published().for_listing().related_to(self.object)
        return super().get_context_data(
            related_items=related[:RELATED_ITEMS],
            list_url=self.model.get_list_url(),
            is_preview=not self.object.is_live(),
            **kwargs,
        )

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        if context["is_preview"]:
            add_never_cache_headers(response)
            response["X-Robots-Tag"] = "noindex, nofollow"
        return response


SEARCHED = [
    (NewsArticle, "news"),
    (PressRelease, "press"),
    (Publication, "publication"),
]


class SearchView(TemplateView):
    """
    One search across news, press releases and publications, ranked by
    relevance: the ranked keys of every match come from one UNION query, and
    only the shown page's items are loaded.
    """

    template_name = "search/search.html"
    paginate_by = 10
    # The page reads q, and page only with a q. Searches are not cached
    # (their words are unbounded): None keeps any address with a q out.
    query_parameters = {"q": None}

    def get_context_data(self, **kwargs):
        form = SearchForm(self.request.GET)
        context = super().get_context_data(form=form, **kwargs)
        if not form.is_valid() or not form.cleaned_data["q"]:
            return context
        query = form.cleaned_data["q"]
        matches = [
            model.objects.published()
            .search(query)
            .annotate(result_type=Value(kind, output_field=CharField()))
            .values("pk", "published_at", "result_type", "rank")
            .order_by()
            for model, kind in SEARCHED
        ]
        ranked = (
            matches[0].union(*matches[1:], all=True).order_by("-rank", "-published_at")
        )
        try:
            page = Paginator(ranked, self.paginate_by).page(
                self.request.GET.get("page") or 1
            )
        except InvalidPage as error:
            raise Http404(_("There is no such page of results.")) from error
        context.update(
            query=query, page_obj=page, results=self.load_results(page, query)
        )
        return context

    @staticmethod
    def load_results(page, query: str) -> list[dict]:
        wanted = {kind: [] for _model, kind in SEARCHED}
        for row in page:
            wanted[row["result_type"]].append(row["pk"])
        loaded = {
            kind: model.objects.in_bulk(wanted[kind])
            for model, kind in SEARCHED
            if wanted[kind]
        }
        results = []
        for row in page:
            item = loaded[row["result_type"]][row["pk"]]
            results.append(
                {
                    "item": item,
                    "type": item._meta.verbose_name,
                    "excerpt": excerpt(item, query),
                }
            )
        return results


@never_cache
@require_safe
def healthz(request):
    """200 when the database and the cache answer, 503 naming what does not."""
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        checks["database"] = "ok"
    except Exception as error:
        logger.error("Health check: database unavailable: %s", error)
        checks["database"] = "unavailable"
    try:
        # A key of its own: concurrent checks must not read each other's.
        token = uuid.uuid4().hex
        key = f"armcms:healthz:{token}"
        cache.set(key, token, 10)
        answered = cache.get(key) == token
        cache.delete(key)
        checks["cache"] = "ok" if answered else "unavailable"
    except Exception as error:
        logger.error("Health check: cache unavailable: %s", error)
        checks["cache"] = "unavailable"
    healthy = all(state == "ok" for state in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", **checks},
        status=200 if healthy else 503,
    )


@require_safe
def robots_txt(request):
    sitemap = request.build_absolute_uri(reverse("sitemap"))
    lines = ["User-agent: *"]
    # robots.txt is public: a back office moved elsewhere (ADMIN_URL) stays
    # unnamed here.
    if settings.ADMIN_URL == "admin/":
        lines.append("Disallow: /admin/")
    lines += [f"Sitemap: {sitemap}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


# Uploaded files shown in the page; anything else is only ever downloaded.
INLINE_MEDIA_TYPES = {"image/jpeg", "image/png", "image/gif", "image/webp"}
MEDIA_MAX_AGE = 24 * 60 * 60


@require_safe
def media(request, path):
    """
    Serve an uploaded file from local storage (object storage serves its own).
    Images display inline; everything else, PDFs included, is a download with
    its own type, and nothing served here can run as a page or a script.
    """
    if path.startswith(f"{KEPT_FOLDER}/"):
        raise Http404  # Files a form kept for its next save are not public.
    try:
        if not default_storage.exists(path):
            raise Http404
        handle = default_storage.open(path, "rb")
    except (SuspiciousFileOperation, OSError, ValueError) as error:
        raise Http404 from error
    content_type, _encoding = mimetypes.guess_type(path)
    inline = content_type in INLINE_MEDIA_TYPES
    if not inline and content_type != "application/pdf":
        content_type = "application/octet-stream"
    response = FileResponse(
        handle,
        content_type=content_type,
        as_attachment=not inline,
        filename=PurePath(path).name,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    patch_cache_control(response, public=True, max_age=MEDIA_MAX_AGE)
    return response


upload_path = UploadTo("editor")


@require_POST
def editor_image_upload(request):
    """Take an image from the rich-text editor (staff only) and return its URL."""
    if not (request.user.is_active and request.user.is_staff):
        return JsonResponse(
            {"error": {"message": _("You do not have permission to upload files.")}},
            status=403,
        )
    form = EditorImageForm(files=request.FILES)
    if not form.is_valid():
        message = next(iter(form.errors.values()))[0]
        return JsonResponse({"error": {"message": message}}, status=400)
    upload = form.cleaned_data["upload"]
    try:
        # The form's check has already removed the metadata; this makes sure.
        strip_image_metadata(upload)
    except ValidationError as error:
        return JsonResponse({"error": {"message": error.messages[0]}}, status=400)
    name = default_storage.save(upload_path(None, upload.name), upload)
    # Made now, so pages print them as srcset without any work.
    make_body_image_renditions(name)
    return JsonResponse({"url": default_storage.url(name)})
