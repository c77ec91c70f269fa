import logging
import mimetypes
import uuid
from pathlib import PurePath

from django.conf import settings
from django.contrib.admin.views.decorators import staff_member_required
from django.core.cache import cache
from django.core.exceptions import SuspiciousFileOperation, ValidationError
from django.core.files.storage import default_storage
from django.core.paginator import InvalidPage, Paginator
from django.db import connection, connections
from django.db.models import CharField, Value
from django.http import (
    FileResponse,
    Http404,
    HttpResponse,
    JsonResponse,
)
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView

from armcms.backoffice.uploads import KEPT_FOLDER
from armcms.content import search, shown
from armcms.content.excerpts import excerpt
from armcms.content.forms import SearchForm, search_types
from armcms.content.models import HomePage, validate_brand_colour
from impact.models import ImpactMetric
from news.models import NewsArticle, PressRelease
from publications.models import Publication

logger = logging.getLogger(__name__)


class HomeView(TemplateView):
    template_name = "home/home.html"
    # The GET parameters the page reads (see armcms.pagecache.pages.normal_query): none.
    query_parameters = {}

    def get_context_data(self, **kwargs):
        # What only publishers change, read by every build of the page: kept
        # in the shared cache until it changes.
        homepage = shown.remembered(HomePage, "homepage", HomePage.load)
        figures = homepage.impact_count
        shown.items_of(NewsArticle, PressRelease, Publication)
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
            impact_metrics=shown.remembered(
                ImpactMetric,
                f"homepage-figures-{figures}",
                lambda: list(ImpactMetric.objects.active()[:figures]),
            ),
            **kwargs,
        )


class SearchView(TemplateView):
    """
    One search across every content type (news, press releases,
    publications, pages, and any the registry adds), ranked by relevance,
    narrowed to one type on request: the matches are counted by type in one
    query, the ranked keys of the shown page come from one UNION query, and
    only that page's items are loaded. A search that finds nothing suggests
    a nearby one where the database can (see ``search.suggestion``).
    """

    template_name = "search/search.html"
    paginate_by = 10
    # The page reads q, and type and page only with a q. Searches are not
    # cached (their words are unbounded): None keeps any address with a q out.
    query_parameters = {"q": None}

    def get_context_data(self, **kwargs):
        form = SearchForm(self.request.GET)
        context = super().get_context_data(form=form, **kwargs)
        if not form.is_valid() or not form.cleaned_data["q"]:
            return context
        query, chosen = form.cleaned_data["q"], form.cleaned_data["type"]
        matches = {
            name: model.objects.published()
            .search(query)
            .annotate(result_type=Value(name, output_field=CharField()))
            .values("pk", "published_at", "result_type", "rank")
            .order_by()
            for name, model in search_types().items()
        }
        counts = count_by_type(
            [match.values("result_type") for match in matches.values()]
        )
        shown = [matches[chosen]] if chosen else list(matches.values())
        ranked = shown[0].union(*shown[1:], all=True).order_by("-rank", "-published_at")
        paginator = Paginator(ranked, self.paginate_by)
        # Counted above, with the other types: the paginator need not ask.
        paginator.count = counts.get(chosen, 0) if chosen else sum(counts.values())
        try:
            page = paginator.page(self.request.GET.get("page") or 1)
        except InvalidPage as error:
            raise Http404(_("There is no such page of results.")) from error
        context.update(
            query=query,
            page_obj=page,
            results=self.load_results(page, query),
            types=[
                {
                    "name": name,
                    "label": model._meta.verbose_name_plural,
                    "count": counts.get(name, 0),
                    "current": name == chosen,
                }
                for name, model in search_types().items()
                if counts.get(name) or name == chosen
            ],
            chosen_type=chosen,
            total=sum(counts.values()),
            suggestion=None
            if counts
            else search.suggestion(query, translation.get_language()),
        )
        return context

    @staticmethod
    def load_results(page, query: str) -> list[dict]:
        models = search_types()
        wanted = {name: [] for name in models}
        for row in page:
            wanted[row["result_type"]].append(row["pk"])
        loaded = {
            name: model.objects.with_library().in_bulk(wanted[name])
            for name, model in models.items()
            if wanted[name]
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


@method_decorator(staff_member_required, name="dispatch")
class StyleGuideView(TemplateView):
    """
    Every component of the public site on one page, in the site's own
    colours and with its own content, for staff and developers changing the
    design (static/css/site.css) or the brand (site identity).
    """

    template_name = "styleguide.html"
    query_parameters = {}
    # The tokens the page shows, as static/css/site.css names them.
    colours = [
        ("--brand", pgettext_lazy("colour token", "Brand: header, footer, figures")),
        ("--brand-dark", pgettext_lazy("colour token", "Brand, dark: bars, hover")),
        (
            "--brand-tint",
            pgettext_lazy("colour token", "Brand, tint: hero, calls to action"),
        ),
        ("--accent", pgettext_lazy("colour token", "Accent: rules, focus")),
        (
            "--accent-dark",
            pgettext_lazy("colour token", "Accent, dark: links, buttons"),
        ),
        ("--accent-tint", pgettext_lazy("colour token", "Accent, tint: notices")),
        ("--ink", pgettext_lazy("colour token", "Ink: text")),
        ("--muted", pgettext_lazy("colour token", "Muted: dates, captions")),
        ("--line", pgettext_lazy("colour token", "Line: borders")),
        ("--tint", pgettext_lazy("colour token", "Tint: alternate sections")),
    ]
    type_scale = [
        "--step-4",
        "--step-3",
        "--step-2",
        "--step-1",
        "--step-0",
        "--step--1",
    ]
    spacing = [
        "--space-3xs",
        "--space-2xs",
        "--space-xs",
        "--space-s",
        "--space-m",
        "--space-l",
        "--space-xl",
    ]

    def get_context_data(self, **kwargs):
        news = list(NewsArticle.objects.published().for_listing()[:5])
        return super().get_context_data(
            colours=self.colours,
            type_scale=self.type_scale,
            spacing=self.spacing,
            grids=[news[:count] for count in range(1, len(news) + 1)],
            press_releases=PressRelease.objects.published().for_listing()[:2],
            publications=Publication.objects.published()
            .for_listing()
            .select_related("series")[:3],
            impact_metrics=ImpactMetric.objects.active()[:4],
            **kwargs,
        )


def count_by_type(matches: list) -> dict[str, int]:
    """``{type: number of matches}`` of the types with any, in one query."""
    union = matches[0].union(*matches[1:], all=True)
    sql, params = union.query.get_compiler(union.db).as_sql()
    with connections[union.db].cursor() as cursor:
        cursor.execute(
            "SELECT result_type, COUNT(*) FROM "
            f"({sql}) AS matches GROUP BY result_type",
            params,
        )
        return dict(cursor.fetchall())


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


# The custom properties of static/css/site.css that the brand's colours set.
BRAND_PROPERTIES = {"brand": "--brand", "accent": "--accent"}


@require_safe
def brand_css(request):
    """
    The brand colours of the address (``?brand=24533c&accent=8a4b08``, as
    SiteIdentity.brand_query writes them), as a stylesheet the pages link
    after site.css when the site identity sets any (a file: the pages'
    security policy allows no inline styles). The answer depends on the
    address alone, so it is kept for a year; colours that are not the
    brand's kind (see validate_brand_colour) answer 404.
    """
    declarations = []
    for name, prop in BRAND_PROPERTIES.items():
        value = request.GET.get(name)
        if value is None:
            continue
        colour = f"#{value}".lower()
        try:
            validate_brand_colour(colour)
        except ValidationError as error:
            raise Http404(_("There is no such brand colour.")) from error
        declarations.append(f"{prop}:{colour};")
    if not declarations:
        raise Http404(_("There is no such brand colour."))
    response = HttpResponse(
        f":root{{{''.join(declarations)}}}\n", content_type="text/css"
    )
    patch_cache_control(response, public=True, max_age=365 * 24 * 60 * 60)
    return response


brand_css.query_parameters = {"brand": str, "accent": str}


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
