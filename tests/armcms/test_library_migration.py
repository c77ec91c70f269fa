"""
The migration that moves every stored file into the media library: one
record per file (identical files share one), every file where it was, and
saved versions and drafts rewritten to name the records.
"""

import json

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.conftest import image_bytes, pdf_with_text

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

BEFORE = [
    ("armcms", "0008_drafts"),
    ("news", "0008_publish_permission_by_default"),
    ("publications", "0010_publish_permission_by_default"),
    ("pages", "0003_page_sections"),
]
AFTER = [
    ("armcms", "0010_text_images_to_library"),
    ("news", "0009_files_to_library"),
    ("publications", "0011_files_to_library"),
    ("pages", "0005_section_video"),
]


def migrate(targets, plan=None):
    """Migrate to ``plan`` (``targets`` when None); the apps at ``targets``."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(plan or targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


@pytest.fixture(autouse=True)
def back_to_the_latest_migrations():
    """The tests after this one run on the schema the code expects."""
    yield
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


def stored(name: str, data: bytes) -> str:
    saved = default_storage.save(name, ContentFile(data))
    assert saved == name
    return name


def test_existing_files_become_library_records_at_the_same_addresses():
    # Back before the library: everything after armcms 0008 that needs it.
    old = migrate(BEFORE, plan=[("armcms", "0008_drafts")])
    photo = image_bytes("JPEG", (800, 450))
    first = stored("images/2024/05/miners.jpg", photo)
    copy = stored("images/2024/06/miners-again.jpg", photo)  # the same picture
    cover = stored("covers/2024/05/cover.jpg", image_bytes("JPEG", (600, 800)))
    report = stored("documents/2024/05/report.pdf", pdf_with_text("gold"))
    letter = stored("documents/2024/05/letter.pdf", pdf_with_text("letter"))
    portrait = stored("people/2024/05/ana.jpg", image_bytes("JPEG", (300, 300)))
    gone = "images/2020/01/lost.jpg"  # named by a row, missing from storage
    inline = stored("editor/2024/05/inline.png", image_bytes("PNG", (300, 200)))
    stored(
        f"renditions/{inline}.json",
        json.dumps({"source": inline, "fallback": [], "webp": []}).encode(),
    )

    article_model = old.get_model("news", "NewsArticle")
    common = {"published_at": "2024-05-01T10:00Z", "status": "published"}
    article = article_model.objects.create(
        title="Miners meet",
        slug="miners-meet",
        body=f'<p><img src="/media/{inline}" alt="A chart"></p>',
        body_en=f'<p><img src="/media/{inline}" alt="A chart"></p>',
        lead_image=first,
        lead_image_alt="Miners at the gate",
        lead_image_alt_en="Miners at the gate",
        **common,
    )
    article_model.objects.create(
        title="Again", slug="again", lead_image=copy, lead_image_alt="x", **common
    )
    article_model.objects.create(
        title="Lost",
        slug="lost",
        lead_image=gone,
        lead_image_width=10,  # known, so nothing reads the missing file
        lead_image_height=10,
        lead_image_alt="x",
        **common,
    )
    old.get_model("news", "PressRelease").objects.create(
        title="Release", slug="release", pdf=report, pdf_info={}, **common
    )
    old.get_model("publications", "Publication").objects.create(
        title="Gold report",
        slug="gold-report",
        cover_image=cover,
        cover_image_alt="The cover",
        pdf=report,
        pdf_info={"name": report, "size": 1, "pages": 1},
        pdf_text="gold",
        **common,
    )
    person = old.get_model("pages", "Person").objects.create(name="Ana", photo=portrait)
    document = old.get_model("pages", "Document").objects.create(
        title="Letter", title_en="Letter", file=letter, file_info={}
    )
    page = old.get_model("pages", "Page").objects.create(
        title="About", slug="about", path="0001", depth=1, **common
    )
    section = old.get_model("pages", "Section").objects.create(
        page=page, kind="documents", image=first, image_alt="Miners"
    )
    section.files.set([document])
    section.people.set([person])
    # A saved version and a draft name the files.
    content_type = old.get_model("contenttypes", "ContentType").objects.get(
        app_label="news", model="newsarticle"
    )
    revision = old.get_model("reversion", "Revision").objects.create(
        date_created="2024-05-01T10:00Z", comment=""
    )
    fields = {"title": "Miners meet", "lead_image": first, "lead_image_width": 800}
    version = old.get_model("reversion", "Version").objects.create(
        revision=revision,
        object_id=str(article.pk),
        content_type=content_type,
        db="default",
        format="json",
        serialized_data=json.dumps(
            [{"model": "news.newsarticle", "pk": article.pk, "fields": fields}]
        ),
        object_repr="Miners meet",
    )
    draft = old.get_model("armcms", "Draft").objects.create(
        content_type=content_type,
        object_id=str(article.pk),
        changes=[{"model": "news.newsarticle", "pk": article.pk, "fields": fields}],
        based_on="2024-05-01T10:00Z",
    )

    new = migrate(AFTER)
    images = new.get_model("armcms", "Image").objects
    documents = new.get_model("armcms", "Document").objects
    # The copy shares the first's record; the lost file keeps one; the
    # image in an article's text gets one.
    assert sorted(images.values_list("file", flat=True)) == sorted(
        [first, cover, portrait, gone, inline]
    )
    in_text = images.get(file=inline)
    assert (in_text.width, in_text.height) == (300, 200)
    assert in_text.renditions["source"] == inline
    assert sorted(documents.values_list("file", flat=True)) == sorted([report, letter])
    for name in (first, copy, cover, report, letter, portrait):
        assert default_storage.exists(name), name  # every address still served
    record = images.get(file=first)
    # The alt text of the first use moved (the article's or the section's).
    assert record.alt_en in ("Miners at the gate", "Miners")
    assert record.width == 800
    assert len(record.file_hash) == 64
    articles = new.get_model("news", "NewsArticle").objects
    assert articles.get(slug="miners-meet").lead_image_id == record.pk
    assert articles.get(slug="again").lead_image_id == record.pk
    assert articles.get(slug="lost").lead_image.file.name == gone
    publication = new.get_model("publications", "Publication").objects.get()
    assert publication.cover_image.file.name == cover
    assert publication.pdf.file.name == report
    assert publication.pdf_text == "gold"
    release = new.get_model("news", "PressRelease").objects.get()
    assert release.pdf_id == publication.pdf_id  # one record for the report
    assert new.get_model("pages", "Person").objects.get().photo.file.name == portrait
    moved = new.get_model("pages", "Section").objects.get()
    assert moved.image_id == record.pk
    assert [d.file.name for d in moved.files.all()] == [letter]
    assert documents.get(file=letter).title_en == "Letter"
    saved = json.loads(
        new.get_model("reversion", "Version").objects.get(pk=version.pk).serialized_data
    )[0]["fields"]
    assert saved["lead_image"] == record.pk and "lead_image_width" not in saved
    changes = new.get_model("armcms", "Draft").objects.get(pk=draft.pk).changes
    assert changes[0]["fields"]["lead_image"] == record.pk
