"""
The Spanish and French catalogues under locale/ cover every string the
project marks for translation, and the compiled .mo files match them.

The completeness check runs ``makemessages`` on a copy of the source tree,
so a string added to a template or to Python code without a translation
fails here, not on the live site.
"""

import gettext
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

ROOT = Path(__file__).resolve().parents[1]
LANGUAGES = ["es", "fr"]
# The project's own apps (each a folder of the checkout), its templates and
# its catalogues.
SOURCE_DIRS = [
    *(app for app in settings.INSTALLED_APPS if (ROOT / app / "apps.py").exists()),
    "templates",
    "locale",
]
# The options the catalogues are made with:
#   python manage.py makemessages -l es -l fr <these options>
#   python manage.py compilemessages --ignore=.venv --ignore=node_modules
MAKEMESSAGES_OPTIONS = [
    "--no-location",
    "--ignore=.venv",
    "--ignore=node_modules",
    "--ignore=var",
    "--ignore=tests",
    "--ignore=bench",
    "--ignore=static",
]
PLURAL_FORMS = {
    "es": "nplurals=2; plural=(n != 1);",
    "fr": "nplurals=2; plural=(n > 1);",
}
GETTEXT_TOOLS = ["xgettext", "msguniq", "msgmerge", "msgattrib", "msgfmt"]

needs_gettext = pytest.mark.skipif(
    not all(shutil.which(tool) for tool in GETTEXT_TOOLS),
    reason="GNU gettext (xgettext, msgmerge, msgattrib, msgfmt) is not installed",
)


def catalogue(root: Path, language: str) -> Path:
    return root / "locale" / language / "LC_MESSAGES" / "django.po"


def po_msgids(text: str) -> list[str]:
    """The msgids of a .po file's entries, the header's (empty) one left out."""
    msgids = []
    current = None
    for line in text.splitlines():
        if line.startswith("msgid "):
            current = [line[len("msgid ") :]]
        elif current is not None and line.startswith('"'):
            current.append(line)
        elif current is not None:
            msgids.append("".join(unquote(part) for part in current))
            current = None
    if current is not None:
        msgids.append("".join(unquote(part) for part in current))
    return [msgid for msgid in msgids if msgid]


def unquote(quoted: str) -> str:
    escapes = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}
    return re.sub(r"\\(.)", lambda m: escapes.get(m[1], m[0]), quoted.strip()[1:-1])


def msgattrib(po_file: Path, *options: str) -> list[str]:
    result = subprocess.run(
        ["msgattrib", "--no-obsolete", *options, str(po_file)],
        capture_output=True,
        text=True,
        check=True,
    )
    return po_msgids(result.stdout)


def load_mo(path: Path) -> gettext.GNUTranslations:
    with path.open("rb") as mo_file:
        return gettext.GNUTranslations(mo_file)


@pytest.fixture(scope="module")
def remade_catalogues(tmp_path_factory) -> Path:
    """A copy of the source tree whose catalogues ``makemessages`` has updated."""
    copy = tmp_path_factory.mktemp("source")
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in SOURCE_DIRS:
        shutil.copytree(ROOT / name, copy / name, ignore=ignore)
    shutil.copy2(ROOT / "manage.py", copy / "manage.py")
    languages = [f"-l{language}" for language in LANGUAGES]
    command = ["manage.py", "makemessages", *languages, *MAKEMESSAGES_OPTIONS]
    result = subprocess.run(
        [sys.executable, *command],
        cwd=copy,
        env=dict(os.environ),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return copy


@needs_gettext
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_marked_string_is_translated(remade_catalogues, language):
    po_file = catalogue(remade_catalogues, language)
    untranslated = msgattrib(po_file, "--untranslated")
    assert not untranslated, (
        f"{len(untranslated)} untranslated msgid(s) in locale/{language}: "
        f"{untranslated!r}. Run makemessages (see the top of this file) and "
        "translate them."
    )


@needs_gettext
@pytest.mark.parametrize("language", LANGUAGES)
def test_no_translation_is_fuzzy(remade_catalogues, language):
    po_file = catalogue(remade_catalogues, language)
    fuzzy = msgattrib(po_file, "--only-fuzzy")
    assert not fuzzy, (
        f"{len(fuzzy)} fuzzy msgid(s) in locale/{language}: {fuzzy!r}. "
        "Check each translation against its msgid and remove the fuzzy flag."
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_header(language):
    mo = load_mo(catalogue(ROOT, language).with_suffix(".mo"))
    info = mo.info()
    assert info["language"] == language
    assert info["project-id-version"] == "armcms"
    assert info["content-type"] == "text/plain; charset=UTF-8"
    assert info["plural-forms"] == PLURAL_FORMS[language]
    assert "#, fuzzy" not in catalogue(ROOT, language).read_text().split("msgid")[0]


@needs_gettext
@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalogue_matches_the_po_file(tmp_path, language):
    po_file = catalogue(ROOT, language)
    compiled = tmp_path / "django.mo"
    subprocess.run(
        ["msgfmt", "--check", "-o", str(compiled), str(po_file)],
        capture_output=True,
        text=True,
        check=True,
    )
    committed = load_mo(po_file.with_suffix(".mo"))
    assert committed._catalog == load_mo(compiled)._catalog, (
        f"locale/{language}/LC_MESSAGES/django.mo is out of date: "
        "run compilemessages (see the top of this file)."
    )


@pytest.mark.parametrize(
    ("language", "expected"),
    [("es", "Comunicados de prensa"), ("fr", "Communiqués de presse")],
)
def test_translations_are_used(language, expected):
    with translation.override(language):
        assert translation.gettext("Press releases") == expected


@pytest.mark.parametrize(
    ("language", "count", "expected"),
    [
        ("es", 0, "0 páginas"),
        ("es", 1, "1 página"),
        ("es", 2, "2 páginas"),
        ("fr", 0, "0 page"),
        ("fr", 1, "1 page"),
        ("fr", 2, "2 pages"),
    ],
)
def test_plural_forms_are_used(language, count, expected):
    with translation.override(language):
        message = translation.ngettext("%(pages)s page", "%(pages)s pages", count)
    assert message % {"pages": count} == expected
