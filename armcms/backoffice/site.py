"""
The back office's site: the dashboard, two-factor sign-in, and what every
admin registered with it shares, ours and other apps' (users, groups,
redirects...): change lists and searches that turn away input no query can
carry.
"""

from itertools import chain
from operator import attrgetter

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views import main
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import redirect_to_login
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.db.models.constants import LOOKUP_SEP
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.functional import lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django_otp import user_has_device

from armcms.content import registry
from armcms.content.drafts import Draft, Review
from armcms.content.forms import MAX_QUERY_LENGTH, is_lookup_value
from armcms.content.identity import request_identity

from .roles import PUBLISHER
from .translations import TranslationOverviewView

DASHBOARD_ITEMS = 8
# Lookups that compare a field with the value as it is; what a value must be
# for the others (a year, a regular expression) is the database's business.
COMPARISONS = {"exact", "iexact", "in", "range", "gt", "gte", "lt", "lte"}
UNSAFE_LOOKUPS = {"regex", "iregex"}
DATE_PARTS = {
    "year", "iso_year", "quarter", "month", "week", "week_day", "iso_week_day",
    "day", "hour", "minute", "second",
}  # fmt: skip


def compared_field(model, key: str) -> tuple[models.Field | None, str | None]:
    """
    The field a filter parameter such as ``topics__id__in`` compares values
    with, and how (``(Topic.id, "in")``); ``(None, None)`` when the value is
    not compared with a field as it is (``published_at__year``).
    """
    opts, field = model._meta, None
    parts = key.split(LOOKUP_SEP)
    while parts:
        try:
            field = opts.pk if parts[0] == "pk" else opts.get_field(parts[0])
        except FieldDoesNotExist:
            break
        parts.pop(0)
        if field.is_relation:
            if field.related_model is None:
                return None, None
            opts = field.related_model._meta
            # A relation compares values with the key it points to.
            field = getattr(field, "target_field", None) or opts.pk
    lookup = parts[0] if len(parts) == 1 else "exact" if not parts else None
    if field is None or lookup not in COMPARISONS:
        return None, None
    return field, lookup


class ChangeList(main.ChangeList):
    """
    Django's change list, taking a filter value no query can carry as a
    lookup error (Django then redirects to ``?e=1`` and says so) rather than
    failing as the query runs: NUL, which PostgreSQL refuses in text (SQLite
    takes it, and answers the same way), a value its field cannot hold ("abc"
    or 2**64 for an id), a date drill-down past year 9999.
    """

    def get_filters(self, request):
        for key, values in self.get_filters_params().items():
            field, lookup = compared_field(self.model, key)
            for value in values:
                if "\x00" in key or "\x00" in value:
                    raise IncorrectLookupParameters(f"NUL in the filter {key!r}")
                parts = value.split(",") if lookup in ("in", "range") else [value]
                if field is not None and not all(
                    is_lookup_value(field, part, self.root_queryset.db)
                    for part in parts
                ):
                    raise IncorrectLookupParameters(f"No {key} can be {value!r}")
        try:
            return super().get_filters(request)
        except (OverflowError, ValueError) as error:
            # The end of the chosen year, month or day is past the last date
            # there is.
            raise IncorrectLookupParameters(error) from error


class SiteAdminMixin:
    """
    Given by the site to every admin registered with it: the change list
    above (unless the admin has a change list of its own that is not built on
    it), and searches (the change list's and the autocomplete lookups')
    without NUL and no longer than the public search allows.
    """

    def get_changelist(self, request, **kwargs):
        changelist = super().get_changelist(request, **kwargs)
        return ChangeList if changelist is main.ChangeList else changelist

    def get_search_results(self, request, queryset, search_term):
        search_term = search_term.replace("\x00", "")[:MAX_QUERY_LENGTH]
        return super().get_search_results(request, queryset, search_term)

    def lookup_allowed(self, lookup, value, request):
        """
        Django's rule, less the filters no change list offers and a typed
        address could make the database fail on: regular expressions (each
        database has its own syntax) and date parts beyond any year.
        """
        parts = lookup.split(LOOKUP_SEP)
        if UNSAFE_LOOKUPS.intersection(parts):
            return False
        # A date part compared (``year__gt``); the change list itself turns
        # away a plain ``year`` it cannot use.
        if DATE_PARTS.intersection(parts[:-1]) and value is not None:
            for part in str(value).split(","):
                if not (part.strip().lstrip("-").isdigit() and len(part) <= 5):
                    return False
        return super().lookup_allowed(lookup, value, request)

    def get_changeform_initial_data(self, request):
        """
        The add form's values given in its address (``?published_at=...``),
        each taken only if its field can read it: a date that is not one
        would otherwise reach the date widget as text and fail.
        """
        initial = super().get_changeform_initial_data(request)
        for name, value in list(initial.items()):
            try:
                field = self.model._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            if field.is_relation or not field.concrete:
                continue
            form_field = field.formfield()
            if form_field is None:
                continue
            try:
                initial[name] = form_field.to_python(value)
            except (ValidationError, ValueError, TypeError, OverflowError):
                del initial[name]
        return initial


class AdminSite(admin.AdminSite):
    """
    The back office, with a dashboard of recent and upcoming content and an
    overview of the translations.
    """

    index_title = _("Content")
    index_template = "admin/armcms_index.html"

    def register(self, model_or_iterable, admin_class=None, **options):
        """Register as Django does, the admin given ``SiteAdminMixin`` first."""
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, SiteAdminMixin):
            admin_class = type(
                admin_class.__name__,
                (SiteAdminMixin, admin_class),
                {
                    "__module__": admin_class.__module__,
                    "__qualname__": admin_class.__qualname__,
                },
            )
        super().register(model_or_iterable, admin_class, **options)

    def each_context(self, request):
        """Django's, with the back office named as the site is: after the
        organisation (Site identity, or SITE_NAME until one is set)."""
        context = super().each_context(request)
        identity = request_identity(request)
        name = lazy(lambda: identity.site_name, str)()
        context.update(site_header=name, site_title=name)
        return context

    def get_app_list(self, request, app_label=None):
        """
        Django's list of apps, the site's own first (its content, then its
        settings), then staff accounts, and the technical ones (sign-in
        attempts, two-factor devices, redirects, sites), which only
        superusers see, gathered last under one heading.
        """
        app_list = super().get_app_list(request, app_label)
        if app_label is not None:
            return app_list
        own = {model._meta.app_label for model in registry.models_in(*registry.ROLES)}
        site = [app for app in app_list if app["app_label"] in own]
        staff = [app for app in app_list if app["app_label"] == "auth"]
        others = [app for app in app_list if app not in site and app not in staff]
        if not others:
            return site + staff
        technical = {
            "name": _("Technical"),
            "app_label": "technical",
            "app_url": "#technical",
            "has_module_perms": True,
            "models": sorted(
                chain.from_iterable(app["models"] for app in others),
                key=lambda model: str(model["name"]),
            ),
        }
        return [*site, *staff, technical]

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
        models = [
            model
            for model in registry.publishable_models()
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
        published = chain.from_iterable(
            model.objects.published()
            .for_listing()
            .order_by("-published_at")[:DASHBOARD_ITEMS]
            for model in models
        )
        drafted = [
            *models,
            *(
                model
                for model in registry.models_in(registry.SETTINGS)
                if self.is_registered(model)
                and self.get_model_admin(model).has_view_permission(request)
            ),
        ]
        drafts = Draft.objects.filter(
            content_type__in=ContentType.objects.get_for_models(*drafted).values()
        ).select_related("content_type")
        context = {
            "waiting": self.draft_rows(
                drafts.filter(review=Review.IN_REVIEW).order_by("updated_at"),
                "updated_at",
            ),
            "my_drafts": self.draft_rows(
                drafts.filter(author=request.user).order_by("-updated_at"),
                "updated_at",
            ),
            "scheduled_changes": self.draft_rows(
                drafts.filter(publish_at__isnull=False).order_by("publish_at"),
                "publish_at",
            ),
            "write": [
                {
                    "name": capfirst(model._meta.verbose_name),
                    "url": reverse(
                        f"{self.name}:{model._meta.app_label}_"
                        f"{model._meta.model_name}_add"
                    ),
                }
                for model in models
                if self.get_model_admin(model).has_add_permission(request)
            ],
            "recently_edited": self.rows(
                sorted(recent, key=attrgetter("updated_at"), reverse=True),
                "updated_at",
            ),
            "recently_published": self.rows(
                sorted(published, key=attrgetter("published_at"), reverse=True),
                "published_at",
            ),
            "upcoming": self.rows(
                sorted(upcoming, key=attrgetter("published_at")), "published_at"
            ),
            **(extra_context or {}),
        }
        return super().index(request, context)

    def draft_rows(self, drafts, when: str) -> list[dict]:
        """The dashboard's rows for the items of ``drafts`` (one query per
        content type among them), dated by the draft's field ``when``."""
        drafts = list(drafts[:DASHBOARD_ITEMS])
        found = {}
        for content_type in {draft.content_type for draft in drafts}:
            model = content_type.model_class()
            ids = [d.object_id for d in drafts if d.content_type == content_type]
            found[content_type.pk] = model._default_manager.in_bulk(ids)
        rows = []
        for draft in drafts:
            item = found[draft.content_type_id].get(draft.object_id)
            if item is None:
                continue
            row = self.rows([item], "updated_at")[0]
            row["when"] = getattr(draft, when)
            row["state"] = draft_state(draft, item)
            rows.append(row)
        return rows

    def rows(self, items, when: str) -> list[dict]:
        """The dashboard's rows for ``items``, each dated by its field ``when``."""
        return [
            {
                "item": item,
                "type": item._meta.verbose_name,
                "when": getattr(item, when),
                "url": reverse(
                    f"{self.name}:{item._meta.app_label}_{item._meta.model_name}_change",
                    args=[item.pk],
                ),
            }
            for item in items[:DASHBOARD_ITEMS]
        ]


def draft_state(draft, item) -> str:
    """Where the work on ``item`` stands, in a few words."""
    if draft.review:
        return draft.get_review_display()
    if draft.changes is not None:
        return _("unpublished changes")
    return item.get_visibility_display()


def needs_second_factor(user) -> bool:
    """With REQUIRE_2FA on, superusers and publishers sign in with a code."""
    return settings.REQUIRE_2FA and (
        user.is_superuser or user.groups.filter(name=PUBLISHER).exists()
    )
