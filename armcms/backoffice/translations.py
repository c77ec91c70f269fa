"""
Translations in the back office: where an item's text stands in each language
(missing, out of date, up to date), the language tabs of the change forms,
the translation filter of the content lists, and the overview translators
work from.

A translation is missing when it has no title, out of date when it was last
changed before the original (the default language's text), and up to date
otherwise. ``translated_at`` holds when each language's text last changed.
"""

from django.conf import settings
from django.contrib import admin
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Case, Count, F, Q, Value, When
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _
from django.views.generic import ListView
from modeltranslation.translator import translator

from armcms.content import registry
from armcms.content.locale import (
    default_language,
    field_name,
    language_codes,
    untranslated,
)

OVERVIEW_PAGE_SIZE = 50


class TranslationState(models.TextChoices):
    MISSING = "missing", _("missing")
    OUTDATED = "outdated", _("out of date")
    CURRENT = "current", _("up to date")


def translation_languages() -> list[str]:
    """The languages content is translated into (all but the default)."""
    return [code for code in language_codes() if code != default_language()]


def language_name(code: str) -> str:
    """The language's name in the back office's language: "Spanish"."""
    return dict(settings.LANGUAGES)[code]


def fragment(language: str) -> str:
    """The end of a change form's address that opens ``language``'s tab."""
    return f"#language={language}"


# The states as the database tells them, for publishable content.


def missing(language: str) -> Q:
    return untranslated(language)


def outdated(language: str) -> Q:
    changed = field_name("translated_at", language)
    original = field_name("translated_at", default_language())
    return ~missing(language) & Q(**{f"{changed}__lt": F(original)})


def state_of(language: str) -> Case:
    """Each item's ``TranslationState`` in ``language``, as an expression."""
    return Case(
        When(missing(language), then=Value(TranslationState.MISSING)),
        When(outdated(language), then=Value(TranslationState.OUTDATED)),
        default=Value(TranslationState.CURRENT),
        output_field=models.CharField(),
    )


def in_state(queryset: models.QuerySet, language: str, state: str) -> models.QuerySet:
    """The items of ``queryset`` whose ``language`` translation is in ``state``."""
    alias = f"translation_state_{language}"
    return queryset.alias(**{alias: state_of(language)}).filter(**{alias: state})


def state_counts(queryset: models.QuerySet) -> dict[tuple[str, str], int]:
    """How many items of ``queryset`` are in each state, per language: one query."""
    aggregates = {"total": Count("pk")}
    for language in translation_languages():
        aggregates[f"{language}_missing"] = Count("pk", filter=missing(language))
        aggregates[f"{language}_outdated"] = Count("pk", filter=outdated(language))
    totals = queryset.order_by().aggregate(**aggregates)
    counts = {}
    for language in translation_languages():
        absent = totals[f"{language}_missing"]
        behind = totals[f"{language}_outdated"]
        counts[language, TranslationState.MISSING] = absent
        counts[language, TranslationState.OUTDATED] = behind
        counts[language, TranslationState.CURRENT] = totals["total"] - absent - behind
    return counts


def state_choice(value: str | None) -> tuple[str, str] | None:
    """``"es-missing"`` as ``("es", "missing")``; None for anything else."""
    language, _sep, state = (value or "").partition("-")
    if language in translation_languages() and state in TranslationState.values:
        return language, state
    return None


def state_choices(counts: dict[tuple[str, str], int]) -> list[tuple[str, str]]:
    """Filter choices such as ("es-missing", "Spanish: missing (3)")."""
    return [
        (
            f"{language}-{state.value}",
            _("%(language)s: %(state)s (%(count)d)")
            % {
                "language": language_name(language),
                "state": state.label,
                "count": counts[language, state],
            },
        )
        for language in translation_languages()
        for state in TranslationState
    ]


# The states of one item, as the change form and its list show them.


def item_state(obj, language: str, key: str = "title") -> TranslationState:
    """
    Mirrors ``state_of`` for one item, of any translated model: ``key`` is
    the field whose translation tells whether the language is missing (a
    title, a name, a label).
    """
    if not getattr(obj, field_name(key, language), None):
        return TranslationState.MISSING
    changed = getattr(obj, field_name("translated_at", language), None)
    original = getattr(obj, field_name("translated_at", default_language()), None)
    if language != default_language() and changed and original and changed < original:
        return TranslationState.OUTDATED
    return TranslationState.CURRENT


def language_tabs(model, form, key: str = "title", formsets=()) -> list[dict]:
    """
    The change form's language tabs: for each language its name (in that
    language), the names of its fields (those of the ``formsets`` of its
    inlines included), the state of its translation (as the form has it,
    edits included) and whether its fields hold errors.
    """
    fields = {code: [] for code in language_codes()}
    forms = [form]
    for formset in formsets:
        if formset.model in translator.get_registered_models():
            forms += formset.forms
            model_fields = translator.get_options_for_model(formset.model).all_fields
            for translations in model_fields.values():
                for field in translations:
                    fields[field.language].append(field.name)
    for translations in translator.get_options_for_model(model).all_fields.values():
        for field in translations:
            fields[field.language].append(field.name)
    tabs = []
    for code in language_codes():
        state = None
        # The original is what the others are measured against.
        if code != default_language():
            state = item_state(form.instance, code, key)
        tabs.append(
            {
                "code": code,
                # Each language named in itself: "Español", "Français".
                "name": capfirst(get_language_info(code)["name_local"]),
                "fields": sorted(set(fields[code])),
                "state": None if state == TranslationState.CURRENT else state,
                "has_errors": any(
                    name in each.errors for each in forms for name in fields[code]
                ),
            }
        )
    return tabs


class TranslationStateFilter(admin.SimpleListFilter):
    """Items by the state of a translation: "Spanish: missing", with counts."""

    title = _("translation")
    parameter_name = "translation"

    def lookups(self, request, model_admin):
        return state_choices(state_counts(model_admin.model.objects.all()))

    def queryset(self, request, queryset):
        choice = state_choice(self.value())
        if choice is None:
            return queryset
        return in_state(queryset, *choice)


class TranslationOverviewView(ListView):
    """
    Every item of every content type the user may see, with
    the state of its translation into each language, the most recently
    changed original first. Filtered by language and state
    (``?translation=es-missing``) and by content type (``?type=news.newsarticle``).
    Each page costs the same few queries however large the archive.
    """

    admin_site = None
    template_name = "admin/translation_overview.html"
    paginate_by = OVERVIEW_PAGE_SIZE

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        # The publishable models registered on the site that the user may see.
        self.content_models = [
            model
            for model in registry.publishable_models()
            if self.admin_site.is_registered(model)
            and self.admin_site.get_model_admin(model).has_view_permission(request)
        ]
        # The filters; unknown values are ignored.
        labels = [model._meta.label_lower for model in self.content_models]
        chosen_type = request.GET.get("type")
        self.chosen_type = chosen_type if chosen_type in labels else None
        self.chosen_models = [
            model
            for model in self.content_models
            if self.chosen_type in (None, model._meta.label_lower)
        ]
        self.choice = state_choice(request.GET.get("translation"))

    def get_queryset(self):
        rows = [self.rows(model, self.choice) for model in self.chosen_models]
        if not rows:
            return []
        return (
            rows[0]
            .union(*rows[1:], all=True)
            .order_by("-changed_at", "content_type", "-pk")
        )

    def rows(self, model, choice) -> models.QuerySet:
        """One value row per item of ``model``: its original title, when that
        changed, and each translation's state."""
        queryset = model._default_manager.order_by()
        if choice is not None:
            queryset = in_state(queryset, *choice)
        default = default_language()
        return queryset.annotate(
            content_type=Value(model._meta.label_lower),
            original_title=F(field_name("title", default)),
            changed_at=Coalesce(field_name("translated_at", default), "updated_at"),
            **{f"state_{code}": state_of(code) for code in translation_languages()},
        ).values(
            "pk",
            "content_type",
            "original_title",
            "changed_at",
            *(f"state_{code}" for code in translation_languages()),
        )

    def paginate_queryset(self, queryset, page_size):
        # get_page() copes with page numbers out of range or not numbers.
        paginator = Paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        names = {model._meta.label_lower: model._meta for model in self.content_models}
        # One query per content type, however many items each has.
        counts = {}
        for model in self.chosen_models:
            for key, count in state_counts(model._default_manager.all()).items():
                counts[key] = counts.get(key, 0) + count
        context.update(
            self.admin_site.each_context(self.request),
            title=_("Translations"),
            languages=[language_name(code) for code in translation_languages()],
            rows=[self.row(item, names) for item in context["object_list"]],
            state_choices=state_choices(counts) if counts else [],
            chosen_state="-".join(self.choice) if self.choice else None,
            type_choices=[
                (label, opts.verbose_name_plural) for label, opts in names.items()
            ],
            chosen_type=self.chosen_type,
        )
        return context

    def row(self, item: dict, names: dict) -> dict:
        opts = names[item["content_type"]]
        url = reverse(
            f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_change",
            args=[item["pk"]],
        )
        return {
            "title": item["original_title"],
            "type": opts.verbose_name,
            "changed_at": item["changed_at"],
            "url": url,
            "states": [
                {
                    "language": code,
                    "state": TranslationState(item[f"state_{code}"]),
                    "url": url + fragment(code),
                }
                for code in translation_languages()
            ],
        }
