"""
The house's rule: each room of armcms/ imports only from the rooms below it,
only the rooms meant to gather the content apps import them, and the content
apps never import each other.
"""

import ast
from pathlib import Path

from django.apps import apps

from armcms.content import registry
from tests import ROOT

# From the ground up; a module may import from its own room and those before.
ROOMS = ["content", "pagecache", "backoffice", "website", "operations", "shell"]
# What may reach up into the content apps: the pages that gather several
# content types, the operations, and the commands that run them.
REACHING_UP = ("armcms.website.", "armcms.operations.", "armcms.management.commands.")
# The apps holding content, as the registry finds them.
CONTENT_APPS = [
    config.name
    for config in apps.get_app_configs()
    if config.name != "armcms"
    and any(registry.shown_publicly(model) for model in config.get_models())
]


def room(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in ROOMS else "shell"


def imports(path: Path) -> set[str]:
    """The modules ``path`` imports, relative imports made absolute."""
    module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                found.add(".".join([*base, node.module] if node.module else base))
            else:
                found.add(node.module)
    return found


def modules(package: str):
    for path in sorted((ROOT / package).rglob("*.py")):
        if "migrations" not in path.parts:
            yield ".".join(path.relative_to(ROOT).with_suffix("").parts), path


def test_the_content_apps_are_found():
    assert CONTENT_APPS == ["news", "publications", "impact", "pages"]


def test_each_room_imports_only_from_the_rooms_below():
    upward = [
        f"{module} imports {target}"
        for module, path in modules("armcms")
        for target in imports(path)
        if target.startswith("armcms.")
        and ROOMS.index(room(target)) > ROOMS.index(room(module))
    ]
    assert upward == []


def test_only_the_gathering_rooms_import_the_content_apps():
    reaching = [
        f"{module} imports {target}"
        for module, path in modules("armcms")
        for target in imports(path)
        if target.split(".")[0] in CONTENT_APPS and not module.startswith(REACHING_UP)
    ]
    assert reaching == []


def test_content_apps_never_import_each_other():
    across = [
        f"{module} imports {target}"
        for app in CONTENT_APPS
        for module, path in modules(app)
        for target in imports(path)
        if target.split(".")[0] in CONTENT_APPS and target.split(".")[0] != app
    ]
    assert across == []
