from itertools import chain
from operator import attrgetter

from django.contrib import admin
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

DASHBOARD_ITEMS = 8


class AdminSite(admin.AdminSite):
    """The back office, with a dashboard of recent and upcoming content."""

    site_header = _("armcms back office")
    site_title = _("armcms")
    index_title = _("Content")
    index_template = "admin/armcms_index.html"

    def index(self, request, extra_context=None):
        from news.models import NewsArticle, PressRelease
        from publications.models import Publication

        models = [
            model
            for model in (NewsArticle, PressRelease, Publication)
            if self.is_registered(model)
            and self.get_model_admin(model).has_view_permission(request)
        ]
        recent = chain.from_iterable(
            model.objects.order_by("-updated_at")[:DASHBOARD_ITEMS] for model in models
        )
        upcoming = chain.from_iterable(
            model.objects.scheduled().order_by("published_at")[:DASHBOARD_ITEMS]
            for model in models
        )
        context = {
            "recently_edited": self.rows(
                sorted(recent, key=attrgetter("updated_at"), reverse=True)
            ),
            "upcoming": self.rows(sorted(upcoming, key=attrgetter("published_at"))),
            **(extra_context or {}),
        }
        return super().index(request, context)

    def rows(self, items) -> list[dict]:
        return [
            {
                "item": item,
                "type": item._meta.verbose_name,
                "url": reverse(
                    f"{self.name}:{item._meta.app_label}_{item._meta.model_name}_change",
                    args=[item.pk],
                ),
            }
            for item in items[:DASHBOARD_ITEMS]
        ]
