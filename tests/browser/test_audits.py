"""
Automated audits of every kind of public page, with the demo content loaded:
axe-core for accessibility (WCAG 2.1 A and AA, and best practice) and the Nu
Html Checker for valid HTML. The Spanish site's pages are audited too: their
own language, and English text marked as such where an item is not
translated. Both come from npm (`npm ci`); the checker runs on Java. Without
them the audits are skipped, saying what is missing.
"""

import json
import shutil
import subprocess

import pytest
from django.contrib.redirects.models import Redirect
from django.core.management import call_command

from armcms.content.library import Document
from news.models import NewsArticle, PressRelease
from pages.models import Page, Person
from publications.models import Publication
from tests.browser.conftest import NODE_MODULES, address_in
from tests.pages.factories import add_every_section

AXE = NODE_MODULES / "axe-core" / "axe.min.js"
VNU = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
WORDPRESS = NODE_MODULES.parent / "tests" / "fixtures" / "wordpress"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


def public_pages() -> dict[str, str]:
    """Load the demo content; one address for each kind of public page."""
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    in_series = Publication.objects.published().filter(series__isnull=False).first()
    with_pdf = Publication.objects.published().exclude(pdf=None).first()
    in_spanish = NewsArticle.objects.published().filter(title_es__isnull=False).first()
    assert in_spanish is not None, "the demo content should have Spanish news"
    pages = {
        "home": "/",
        "news list": "/news/",
        "filtered news list": "/news/?country=colombia&year=2020",
        "news detail": NewsArticle.objects.published().first().get_absolute_url(),
        "press list": "/press/",
        "press detail": PressRelease.objects.published().first().get_absolute_url(),
        "publication list": "/publications/",
        "publication in a series": in_series.get_absolute_url(),
        "publication with a PDF": with_pdf.get_absolute_url(),
        "impact": "/impact/",
        "page with a section of every kind": every_section_page(),
        "page with sub-pages": "/our-work/",
        "sub-page with breadcrumbs": "/our-work/fairmined-certification/",
        "Spanish sub-page": "/es/nuestro-trabajo/certificacion-fairmined/",
        "search with results": "/search/?q=mercury",
        "search without results": "/search/?q=zzyzxqq",
        "page not found": "/no-such-page/",
        "Spanish home": "/es/",
        "Spanish news list": "/es/news/",
        "Spanish news detail": address_in(in_spanish, "es"),
        "Spanish impact": "/es/impact/",
        "Spanish search with results": "/es/search/?q=mercurio",
        "Spanish page not found": "/es/no-such-page/",
    }
    # Items moved in from WordPress get the same checks as hand-made ones.
    call_command(
        "import_wordpress",
        str(WORDPRESS / "export.xml"),
        "--uploads",
        str(WORDPRESS / "uploads"),
        "--no-progress",
        stdout=open("/dev/null", "w"),  # noqa: SIM115
    )
    public = {
        item.get_absolute_url()
        for model in (NewsArticle, PressRelease, Publication)
        for item in model.objects.published()
    }
    imported = Redirect.objects.filter(old_path__startswith="/?p=").order_by("id")
    addresses = [r.new_path for r in imported if r.new_path in public]
    assert len(addresses) >= 3, "the WordPress export should give published items"
    for number, address in enumerate(addresses[:3], start=1):
        pages[f"imported from WordPress {number}"] = address
    # Imported items are in English only: on the Spanish site they keep their
    # English text, marked as English.
    untranslated = next(
        item
        for model in (NewsArticle, PressRelease, Publication)
        for item in model.objects.published().filter(title_es__isnull=True)
    )
    pages["Spanish page of an item not translated"] = address_in(untranslated, "es")
    return pages


def every_section_page() -> str:
    """A demo page given a section of every kind, with people and a file."""
    about = Page.objects.get(title_en="About us")
    page = Page.objects.add_child(
        about, instance=Page(title="Everything", status="published")
    )
    add_every_section(
        page,
        people=list(Person.objects.all()),
        documents=list(Document.objects.all()),
    )
    return page.get_absolute_url()


def expected_status(name: str) -> int:
    return 404 if name.endswith("page not found") else 200


def describe_axe(name: str, path: str, violations: list[dict]) -> str:
    lines = [f"{name} ({path}):"]
    for violation in violations:
        lines.append(
            f"  [{violation['impact']}] {violation['id']}: {violation['help']}"
            f" ({violation['helpUrl']})"
        )
        for node in violation["nodes"][:5]:
            lines.append(f"    {' '.join(node['target'])}: {node['html'][:160]}")
            summary = node.get("failureSummary", "").replace("\n", " ")
            lines.append(f"      {summary[:300]}")
    return "\n".join(lines)


@pytest.mark.skipif(not AXE.exists(), reason=f"no axe-core at {AXE}: npm ci")
@pytest.mark.browser_context_args(bypass_csp=True)
def test_public_pages_have_no_axe_violations(page, url):
    report = []
    for name, path in public_pages().items():
        response = page.goto(url(path))
        assert response.status == expected_status(name), path
        page.add_script_tag(path=AXE)
        violations = page.evaluate(
            """(tags) => axe.run(document, {runOnly: {type: "tag", values: tags}})
                .then((results) => results.violations)""",
            AXE_TAGS,
        )
        if violations:
            report.append(describe_axe(name, path, violations))
    assert not report, "axe-core found violations:\n" + "\n".join(report)


@pytest.mark.skipif(not VNU.exists(), reason=f"no Nu Html Checker at {VNU}: npm ci")
@pytest.mark.skipif(shutil.which("java") is None, reason="no java to run vnu.jar")
def test_public_pages_are_valid_html(page, url, tmp_path):
    files = {}
    for name, path in public_pages().items():
        response = page.request.get(url(path))
        assert response.status == expected_status(name), path
        file = tmp_path / f"{len(files):02d}.html"
        file.write_bytes(response.body())
        files[str(file)] = f"{name} ({path})"
    # One run over all the files: the JVM takes seconds to start.
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--format", "json", "--errors-only", *files],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    names = {file.rsplit("/", 1)[-1]: name for file, name in files.items()}
    errors = [
        f"{names.get(message.get('url', '').rsplit('/', 1)[-1])} line "
        f"{message.get('lastLine')}: {message['message']}\n"
        f"    {message.get('extract', '').strip()}"
        for message in messages
    ]
    assert not errors, "The Nu Html Checker found errors:\n" + "\n".join(errors)
