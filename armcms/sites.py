from itertools import chain
from operator import attrgetter

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django_otp import user_has_device

from armcms.admin_translation import TranslationOverviewView
from armcms.roles import PUBLISHER

DASHBOARD_ITEMS = 8


class AdminSite(admin.AdminSite):
    """
    The back office, with a dashboard of recent and upcoming content and an
    overview of the translations.
    """

    site_header = _("armcms back office")
    site_title = _("armcms")
    index_title = _("Content")
    index_template = "admin/armcms_index.html"

    def get_urls(self):
        overview = TranslationOverviewView.as_view(admin_site=self)
        return [
            path(
                "translations/",
                self.admin_view(overview),
                name="translation_overview",
            ),
            *super().get_urls(),
        ]

    def has_permission(self, request):
        """Staff, and verified by a second factor where one is required."""
        return super().has_permission(request) and (
            request.user.is_verified() or not needs_second_factor(request.user)
        )

    def login(self, request, extra_context=None):
        """
        Sign-in is django-two-factor-auth's: a password, then a code. Staff
        who must use a second factor and have none yet set one up first.
        """
        next_url = request.GET.get(REDIRECT_FIELD_NAME, "")
        if not url_has_allowed_host_and_scheme(
            next_url, allowed_hosts={request.get_host()}, require_https=True
        ):
            next_url = reverse(f"{self.name}:index")
        user = request.user
        if (
            user.is_active
            and user.is_staff
            and needs_second_factor(user)
            and not user_has_device(user)
        ):
            return redirect("two_factor:setup")
        return redirect_to_login(next_url, reverse("two_factor:login"))

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


def needs_second_factor(user) -> bool:
    """With REQUIRE_2FA on, superusers and publishers sign in with a code."""
    return settings.REQUIRE_2FA and (
        user.is_superuser or user.groups.filter(name=PUBLISHER).exists()
    )
