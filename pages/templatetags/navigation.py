"""The menus staff edit (pages.models.MenuItem), for the header and footer."""

from django import template
from django.db import DatabaseError
from django.urls import reverse

from armcms.content import registry, shown
from armcms.content.unavailable import is_connection_failure
from pages.models import MenuItem, Page, section_title

register = template.Library()


@register.simple_tag(takes_context=True)
def menu(context, name: str) -> list[dict]:
    """
    The items of the menu ``name`` ("main" or "footer") that visitors may
    see, each ``{"label", "url", "current", "children"}``; ``current`` is
    "page" on the item's own address and "true" below it. Both menus are
    read in one query per page. A site whose main menu has no items yet
    shows its sections.
    """
    request = context.get("request")
    # Items link pages by their titles.
    shown.items_of(Page)
    menus = getattr(request, "armcms_menus", None)
    if menus is None:
        menus = read_menus()
        if request is not None:
            request.armcms_menus = menus
    items = menus.get(name)
    if items is None and name == MenuItem.Menu.MAIN:
        items = [
            {"label": section_title(url_name), "url": reverse(url_name), "children": []}
            for url_name in registry.section_pages()
        ]
    path = request.path if request is not None else ""
    return [marked(item, path) for item in items or []]


def read_menus() -> dict[str, list[dict]]:
    """Both menus, kept in the shared cache until they or a page change."""
    try:
        return shown.remembered(Page, "menus", menus_from_database, timed=True)
    except DatabaseError as error:
        if not is_connection_failure(error):
            raise
        # An error page while the database is down: the sections alone.
        return {}


def menus_from_database() -> dict[str, list[dict]]:
    items = list(MenuItem.objects.select_related("page"))
    children = {}
    for item in items:
        if item.parent_id is not None and item.is_shown():
            children.setdefault(item.parent_id, []).append(link(item))
    menus = {}
    for item in items:
        if item.parent_id is None:
            menus.setdefault(item.menu, [])
            if item.is_shown():
                menus[item.menu].append(
                    {**link(item), "children": children.get(item.pk, [])}
                )
    return menus


def link(item: MenuItem) -> dict:
    has_target = item.page_id or item.section or item.url
    return {"label": item.name(), "url": item.get_url() if has_target else ""}


def marked(item: dict, path: str) -> dict:
    children = [marked(child, path) for child in item.get("children", [])]
    url = item["url"]
    current = ""
    if url and url.startswith("/"):
        if path == url:
            current = "page"
        elif url != "/" and path.startswith(url):
            current = "true"
    if not current and any(child["current"] for child in children):
        current = "true"
    return {**item, "current": current, "children": children}
