"""
The content types, found rather than listed. Everything that must know "all
content" (the page cache, search, sitemaps, feeds, roles, the back office's
dashboard, the root URLs) asks here, so a new content type touches only its
own app.

A model says what it is to the site with ``site_role``:

- ``CONTENT``: items staff write and publishers publish; every
  ``PublishableModel`` is one.
- ``TAXONOMY``: ways to file content (topics, countries, series).
- ``SETTINGS``: what only publishers change (the homepage, impact figures).
- ``PART``: pieces of a content item edited in its form (a page's
  sections): whoever may edit the item may add, change and remove them.
- ``LIBRARY``: records content shows and shares (people, documents): staff
  add and change them, publishers delete them.

A change to any of them shows on public pages. An app with public pages says
where they live in its ``AppConfig``: ``url_prefix`` (its ``urls`` module is
included there, in every language), and optionally ``sitemaps`` and ``feeds``
(dotted paths of its classes, by section name) and ``section_pages`` (URL
names of its list pages, for the sitemap). An app whose patterns take any
path (the pages' tree) sets ``urls_last``: its patterns are tried after
every other address of the site.

Any app may offer kinds of page sections (see ``armcms.content.sections``)
in its ``AppConfig``: ``section_kinds``, dotted paths of ``SectionKind``
classes by name.
"""

import functools

from django.apps import AppConfig, apps
from django.db import models
from django.utils.module_loading import import_string

CONTENT = "content"
TAXONOMY = "taxonomy"
SETTINGS = "settings"
PART = "part"
LIBRARY = "library"
ROLES = (CONTENT, TAXONOMY, SETTINGS, PART, LIBRARY)


def models_in(*roles: str) -> list[type[models.Model]]:
    """The installed models with one of these roles, in INSTALLED_APPS order."""
    return [
        model
        for model in apps.get_models()
        if getattr(model, "site_role", None) in roles
    ]


def publishable_models() -> list[type[models.Model]]:
    return models_in(CONTENT)


def shown_publicly(model: type[models.Model]) -> bool:
    """Whether a change to ``model``'s rows can change a public page."""
    # A many-to-many table Django made belongs to the model that declared it.
    owner = model._meta.auto_created or model
    return getattr(owner, "site_role", None) in ROLES


def public_apps() -> list[AppConfig]:
    """The apps with public pages, in INSTALLED_APPS order."""
    return [
        config
        for config in apps.get_app_configs()
        if getattr(config, "url_prefix", None) is not None
    ]


def sitemaps() -> dict[str, type]:
    """``{section: Sitemap class}`` over every public app."""
    return {
        section: import_string(path)
        for config in public_apps()
        for section, path in getattr(config, "sitemaps", {}).items()
    }


def feeds() -> list[tuple[str, type, type]]:
    """``(section, RSS feed class, Atom feed class)`` over every public app."""
    return [
        (section, import_string(rss), import_string(atom))
        for config in public_apps()
        for section, (rss, atom) in getattr(config, "feeds", {}).items()
    ]


def section_pages() -> list[str]:
    """URL names of every app's list pages."""
    return [
        name
        for config in public_apps()
        for name in getattr(config, "section_pages", [])
    ]


@functools.cache
def section_kinds() -> dict:
    """``{name: SectionKind}`` over every installed app, in INSTALLED_APPS order."""
    return {
        name: import_string(path)(name)
        for config in apps.get_app_configs()
        for name, path in getattr(config, "section_kinds", {}).items()
    }
