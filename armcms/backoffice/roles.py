"""
The two staff roles and what each may do. ``sync_roles`` runs after every
``migrate``, so the groups follow when models or permissions change.
"""

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

from armcms.content import registry
from armcms.content.registry import CONTENT, LIBRARY, PART, SETTINGS, TAXONOMY

EDITOR = "Editor"
PUBLISHER = "Publisher"


def codenames(role: str, actions: list[str]) -> set[tuple[str, str]]:
    """The permissions to do ``actions`` to every model with this site role."""
    return {
        (model._meta.app_label, f"{action}_{model._meta.model_name}")
        for model in registry.models_in(role)
        for action in actions
    }


def role_permissions() -> dict[str, set[tuple[str, str]]]:
    """``{group name: {(app_label, codename), ...}}``."""
    # Editors may delete drafts only; the admin refuses published items.
    # Changes to the site's settings show on the public site at once, so only
    # publishers make them.
    editor = (
        codenames(CONTENT, ["add", "change", "delete", "view"])
        | codenames(PART, ["add", "change", "delete", "view"])
        | codenames(TAXONOMY, ["add", "change", "view"])
        | codenames(LIBRARY, ["add", "change", "view"])
        | codenames(SETTINGS, ["view"])
    )
    publisher = (
        editor
        | codenames(CONTENT, ["publish"])
        | codenames(TAXONOMY, ["delete"])
        | codenames(LIBRARY, ["delete"])
        | codenames(SETTINGS, ["add", "change", "delete"])
    )
    return {EDITOR: editor, PUBLISHER: publisher}


def sync_roles(using: str = "default", **kwargs) -> None:
    for name, pairs in role_permissions().items():
        group, _created = Group.objects.using(using).get_or_create(name=name)
        matches = Q(pk__in=[])
        for app_label, codename in pairs:
            matches |= Q(content_type__app_label=app_label, codename=codename)
        group.permissions.set(Permission.objects.using(using).filter(matches))
