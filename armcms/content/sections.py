"""
The kinds of sections a page's body is made of: rich text, an image, a call
to action, a quote, impact figures, the latest news... A section is one row
(``pages.models.Section``) with a kind and the fields every kind draws from
(a heading, a text, an image, a link, chosen items...); its kind says which
of them it uses, which must be filled, how they are checked, which template
shows them and how the data they show is loaded.

A kind is a ``SectionKind``. An app offers its kinds in its ``AppConfig``
(``section_kinds = {"impact": "impact.sections.ImpactFigures"}``) and the
registry finds them, so a new kind touches only its own app: the page form
offers it, the page shows it, and nothing else changes. A kind that needs a
field no section has yet adds it to ``Section``.

A kind that shows items of another app (impact figures, publications) keeps
them in ``items``, as keys that name their model and row
(``impact.impactmetric:3``); an item gone or no longer public is left out.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SectionKind:
    """What one kind of section is; subclasses set the attributes."""

    label = ""
    # The section's fields the kind uses, besides ``kind`` and ``position``.
    fields: tuple[str, ...] = ()
    # Those that must be filled (a translated text: in the default language).
    required: tuple[str, ...] = ()
    # Shown with the section in its context ({% include %} keeps the page's).
    template = ""
    help_text = ""
    # Whether it shows the page's sub-pages (which otherwise follow the page).
    shows_child_pages = False

    def __init__(self, name: str):
        self.name = name

    def __str__(self):
        return str(self.label)

    def item_choices(self, held=()) -> list[tuple[str, str]]:
        """
        The items a section of this kind may choose (``items``): those it
        can show, and those of the keys ``held`` its sections hold already that it
        does not show now (labelled so), which a save must not drop.
        """
        return []

    def clean(self, data: dict) -> dict:
        """Errors by field name beyond a missing required field, for the
        section's cleaned ``data`` (translated fields in every language)."""
        return {}

    def load(self, sections: list) -> None:
        """
        Load what the ``sections`` of this kind on one page show, at once,
        into each section's ``content``; called before the page renders.
        """


def item_key(item: models.Model) -> str:
    return f"{item._meta.label_lower}:{item.pk}"


def item_pks(keys, model: type[models.Model]) -> list[int]:
    """The primary keys among ``keys`` that name rows of ``model``, in order."""
    prefix = f"{model._meta.label_lower}:"
    return [
        int(key.removeprefix(prefix))
        for key in keys or ()
        if isinstance(key, str)
        and key.startswith(prefix)
        and key.removeprefix(prefix).isdecimal()
    ]


def chosen(keys, loaded: dict) -> list:
    """The loaded rows (``{key: row}``) ``keys`` name, in their order."""
    return [loaded[key] for key in keys or () if key in loaded]


NO_ITEMS = _("Choose at least one.")
NOT_SHOWN = _("%(item)s (not shown now)")
