from django.core.files.storage import default_storage
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import DetailView, ListView, TemplateView

from impact.models import ImpactMetric
from news.models import NewsArticle, PressRelease
from publications.models import Publication

from .files import UploadTo
from .forms import EditorImageForm
from .models import HomePage


class HomeView(TemplateView):
    template_name = "home/home.html"

    def get_context_data(self, **kwargs):
        homepage = HomePage.load()
        return super().get_context_data(
            homepage=homepage,
            latest_news=NewsArticle.objects.published().featured_first()[
                : homepage.news_count
            ],
            press_releases=PressRelease.objects.published()[
                : homepage.press_release_count
            ],
            publications=Publication.objects.published().select_related("series")[
                : homepage.publication_count
            ],
            impact_metrics=ImpactMetric.objects.active()[: homepage.impact_count],
            **kwargs,
        )


class PublishedListView(ListView):
    """A paginated list of one content model's published items, newest first."""

    paginate_by = 12

    def get_queryset(self):
        return self.model.objects.published()


class PublishedDetailView(DetailView):
    """One published item by slug; drafts and scheduled items answer 404."""

    def get_queryset(self):
        return self.model.objects.published().prefetch_related("topics", "countries")


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
    name = default_storage.save(upload_path(None, upload.name), upload)
    return JsonResponse({"url": default_storage.url(name)})
