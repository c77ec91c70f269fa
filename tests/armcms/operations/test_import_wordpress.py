import io
import re
import tracemalloc
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.contrib.redirects.models import Redirect
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command

from armcms.content.library import Document, Image
from armcms.content.models import Country, Status, Topic
from armcms.operations import wordpress
from armcms.operations.wordpress import (
    convert_content,
    normalise_name,
    original_of,
    read_export,
    wpautop,
)
from news.models import NewsArticle, PressRelease
from publications.models import Kind, Publication
from tests import FIXTURES as TEST_FILES
from tests.armcms.factories import CountryFactory
from tests.news.factories import NewsArticleFactory

pytestmark = pytest.mark.django_db

FIXTURES = TEST_FILES / "wordpress"
EXPORT = FIXTURES / "export.xml"
UPLOADS = FIXTURES / "uploads"
MAP = [
    "--category-map",
    "press-releases=press",
    "--category-map",
    "reports=publication",
]
MIDDLEWARE = "armcms.content.redirects.OldQueryAddressMiddleware"


def run_import(path=EXPORT, *extra, uploads=UPLOADS) -> str:
    out = io.StringIO()
    options = ["--uploads", str(uploads)] if uploads else []
    call_command("import_wordpress", str(path), *options, *MAP, *extra, stdout=out)
    return out.getvalue()


def stored_files() -> list[Path]:
    root = Path(default_storage.location)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.fixture
def imported():
    return run_import(EXPORT, "--no-progress")


def article(post_id: int):
    redirect = Redirect.objects.get(old_path=f"/?p={post_id}")
    return wordpress.object_at(redirect.new_path)


# The whole import


def test_import_reports_counts_and_reasons(imported):
    assert "Created 8, updated 0, unchanged 0, skipped 10, failed 0." in imported
    assert "page 300 «About us»: post type page is not imported" in imported
    assert "nav_menu_item 400" in imported
    assert "event 500 «Mining fair»: post type event is not imported" in imported
    assert "attachment 201 «Mine site»: attachment" in imported
    assert "post 109 «Thrown away»: in the trash" in imported
    assert "post 110 «Auto draft»: an unsaved auto-draft" in imported


def test_posts_go_where_their_category_is_mapped(imported):
    assert NewsArticle.objects.count() == 6
    release = PressRelease.objects.get()
    assert release.title == "Miners sign the Fairmined agreement"
    publication = Publication.objects.get()
    assert (publication.kind, publication.year) == (Kind.REPORT, 2030)


def test_every_status(imported):
    assert article(101).status == Status.PUBLISHED and article(101).is_live()
    assert article(102).status == Status.DRAFT  # draft
    assert article(105).status == Status.DRAFT  # pending
    assert article(106).status == Status.DRAFT  # private
    future = Publication.objects.get()  # future: scheduled
    assert future.status == Status.PUBLISHED
    assert future in Publication.objects.scheduled()
    assert future.published_at == datetime(2030, 1, 15, 12, tzinfo=UTC)
    assert not Redirect.objects.filter(old_path__in=["/?p=109", "/?p=110"]).exists()


def test_dates_use_gmt_or_else_the_site_time_zone(imported, settings):
    assert article(101).published_at == datetime(2021, 3, 10, 14, 30, tzinfo=UTC)
    local = datetime(2021, 3, 11, 8, tzinfo=ZoneInfo(settings.TIME_ZONE))
    assert article(102).published_at == local  # post_date_gmt 0000-00-00


def test_non_ascii_title_and_encoded_slug(imported):
    item = article(101)
    assert item.title == "Minería responsable en Perú \N{EN DASH} «informe»"
    assert item.slug == "mineria-responsable"
    assert item.summary == "Small-scale gold mining, formalised."


def test_post_without_title_is_titled_from_its_text(imported):
    item = article(107)
    assert item.title.startswith("Nobody gave this post a title")
    assert "post 107 «(no title)»: no title" in imported


def test_duplicate_slug_gets_a_suffix(imported):
    assert article(102).slug == "block-post"
    assert article(108).slug == "block-post-2"
    assert "slug 'block-post' was taken; using 'block-post-2'" in imported


def test_slug_of_existing_content_is_not_taken():
    NewsArticleFactory(slug="fairmined-agreement-news", title="Ours")
    NewsArticleFactory(slug="private-post", title="Ours too")
    run_import(EXPORT, "--no-progress")
    assert article(106).slug == "private-post-2"
    assert NewsArticle.objects.get(slug="private-post").title == "Ours too"


# Content


def test_classic_content_gets_wordpress_paragraphs(imported):
    body = article(101).body
    assert body.startswith(
        "<p>Gold from small mines reaches <strong>the world market</strong>.<br>\n"
        "This line follows a single line break.</p>"
    )
    assert "<p>A second paragraph with a verified [sic] quote" in body
    assert "<ul>\n<li>Formal titles</li>" in body  # no <p> around lists
    assert "code line one\n\ncode line two" in body  # <pre> kept its lines
    assert "<script" not in body and "alert" not in body  # sanitised on save


def test_block_editor_comments_are_removed_and_html_kept(imported):
    body = article(102).body
    assert "wp:" not in body and "<!--" not in body
    assert body.startswith("<p>Text written in the block editor.</p>")
    assert "<figcaption>The river</figcaption>" in body
    assert "<br>" not in body  # no wpautop on block content


def test_shortcodes_caption_rendered_others_removed_and_reported(imported):
    body = article(101).body
    assert '<figure class="image">' in body
    assert "<figcaption>Mine site in Antioquia</figcaption>" in body
    for name in ("gallery", "contact-form-7", "embed"):
        assert f"[{name}" not in body
        assert f"shortcode [{name}] removed (1x)" in imported
    assert "youtube" not in body


def test_wpautop_rules():
    assert wpautop("one\ntwo\n\nthree") == "<p>one<br />\ntwo</p>\n<p>three</p>\n"
    assert wpautop("<div>a</div>\n\nb") == "<div>a</div>\n<p>b</p>\n"
    assert wpautop("<pre>x\n\ny</pre>") == "<pre>x\n\ny</pre>\n"
    assert wpautop('<a\nhref="/">link</a>') == '<p><a\nhref="/">link</a></p>\n'
    assert wpautop("  \n ") == ""


def test_shortcode_edge_cases():
    removed = Counter()
    html = convert_content("[[gallery]] [video src='a.mp4'] [box]kept[/box]", removed)
    assert html == "<p>[gallery]  kept</p>"
    assert removed == {"video": 1, "box": 1}


# Files


def test_images_are_imported_once_and_body_urls_rewritten(imported):
    body = article(101).body
    assert body.count("old.example.org") == 1  # the missing photo's
    mine = [p for p in stored_files() if p.name == "mine-site.jpg"]
    assert len(mine) == 1  # the original, the -300x200 variant and the link
    assert body.count(default_storage.url(f"images/{mine[0].parent.parent.name}")) == 2
    block = article(102).body
    assert "/media/images/" in block and "river-1024x768" not in block
    # Uploads of other sites are left alone.
    assert "https://elsewhere.example.com/wp-content/uploads/2020/01/x.jpg" in block


def test_imported_body_images_get_renditions(imported, client):
    assert [p for p in stored_files() if p.name == "mine-site.jpg"]
    assert any(p.name.startswith("mine-site-") for p in stored_files())
    page = client.get(article(101).get_absolute_url())
    prose = page.content.decode().split('class="prose"', 1)[1]
    assert re.search(r'srcset="[^"]*mine-site-\d+\.webp', prose)


def test_missing_and_unreadable_files_are_reported_and_items_imported(imported):
    assert "file 2021/03/missing-photo.jpg not found" in imported
    assert "file 2021/04/missing.jpg not found" in imported
    assert "file 2021/03/fake.jpg refused: This file is not an image" in imported
    assert PressRelease.objects.get().lead_image is None
    assert article(106).lead_image is None
    assert "missing-photo.jpg" in article(101).body  # left as it was


def test_featured_image_becomes_lead_image_with_alt_text(imported):
    item = article(101)
    image = item.lead_image
    assert image.file.name.endswith("mine-site.jpg")
    assert item.lead_image_alt == "Miners at work on a hillside"
    assert image.alt == "Miners at work on a hillside"  # the library's too
    assert (image.width, image.height) == (320, 200)
    assert image.renditions["source"] == image.file.name
    assert image.renditions["card"]["webp"]
    assert article(102).lead_image_alt == "River"  # its title, lacking alt text


def test_attached_pdf_becomes_the_document(imported):
    release = PressRelease.objects.get()
    assert release.pdf.file.name.endswith("annual-report.pdf")
    assert release.pdf.text and release.pdf_text == release.pdf.text
    assert release.pdf_info["pages"] == 1


def test_attachments_become_library_records_one_per_file(imported):
    images = Image.objects.all()
    names = sorted(image.file.name.rsplit("/", 1)[1] for image in images)
    assert len(names) == len(set(names))  # one record per file
    mine = Image.objects.get(file__endswith="/mine-site.jpg")
    # The featured image and the same picture in the text: one record.
    assert article(101).lead_image == mine
    assert mine.file.url in article(101).body
    assert Document.objects.filter(file__endswith="annual-report.pdf").count() == 1
    counts = (Image.objects.count(), Document.objects.count())
    run_import(EXPORT, "--no-progress")
    assert (Image.objects.count(), Document.objects.count()) == counts


def test_without_uploads_folder_items_are_imported():
    out = run_import(EXPORT, "--no-progress", uploads=None)
    assert "Created 8," in out
    assert "(no --uploads folder given)" in out
    assert stored_files() == []


# Taxonomy


def test_categories_and_tags_become_topics_or_countries(imported):
    item = article(101)
    assert {t.name for t in item.topics.all()} == {"Mining", "Gold"}
    assert {c.code for c in item.countries.all()} == {"CO", "PE", "CI"}
    assert Country.objects.get(code="PE").name == "Peru"
    # Neither the default category nor a mapped one nor post formats.
    assert not Topic.objects.filter(name__in=["Uncategorized", "Press releases"])
    assert not Topic.objects.filter(name="Aside")


def test_existing_country_rows_are_used():
    colombia = CountryFactory(name="Colombia", code="CO")
    CountryFactory(name="Perú (República del)", slug="peru", code="PE")
    run_import(EXPORT, "--no-progress")
    assert colombia in article(101).countries.all()
    assert Country.objects.filter(code="PE").count() == 1


def test_country_names_match_without_accents_or_articles():
    assert normalise_name(
        "Côte d\N{RIGHT SINGLE QUOTATION MARK}Ivoire"
    ) == normalise_name("Cote d'Ivoire")
    assert normalise_name("The Gambia") == "gambia"
    assert original_of("2021/03/photo-300x200.jpg") == "2021/03/photo.jpg"


# Old links


def test_old_addresses_redirect_permanently(imported, client, settings):
    new_url = article(101).get_absolute_url()
    response = client.get("/2021/03/miner%c3%ada-responsable/")
    assert (response.status_code, response["Location"]) == (301, new_url)
    assert client.get(response["Location"]).status_code == 200
    mine = article(101).lead_image.file.url
    response = client.get("/wp-content/uploads/2021/03/mine-site.jpg")
    assert (response.status_code, response["Location"]) == (301, mine)


def test_query_addresses_redirect_with_the_middleware(imported, client, settings):
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, MIDDLEWARE]
    response = client.get("/?p=103")
    assert response.status_code == 301
    assert response["Location"] == PressRelease.objects.get().get_absolute_url()
    assert client.get("/?p=999").status_code == 200  # the homepage, as before
    assert Redirect.objects.get(old_path="/?p=103")  # editable in the admin


# Idempotency, dry runs, safety


def test_second_run_creates_nothing(imported):
    files = sorted(stored_files())
    models = (NewsArticle, PressRelease, Publication, Redirect, Topic, Country)
    counts = [model.objects.count() for model in models]
    out = run_import(EXPORT, "--no-progress")
    assert "Created 0, updated 0, unchanged 8" in out
    assert "New: 0 files, 0 topics, 0 countries, 0 redirects." in out
    assert sorted(stored_files()) == files
    assert counts == [model.objects.count() for model in models]


def test_second_run_without_uploads_folder_keeps_the_files(imported):
    out = run_import(EXPORT, "--no-progress", uploads=None)
    assert "Created 0, updated 0, unchanged 8" in out
    assert article(101).lead_image.file.name.endswith("mine-site.jpg")


def test_second_run_updates_what_changed(imported, tmp_path):
    changed = tmp_path / "changed.xml"
    changed.write_text(
        EXPORT.read_text(encoding="utf-8").replace(
            "A pending post", "A pending post, renamed"
        ),
        encoding="utf-8",
    )
    out = run_import(changed, "--no-progress")
    assert "Created 0, updated 1, unchanged 7" in out
    assert article(105).title == "A pending post, renamed"


def test_dry_run_writes_nothing():
    out = run_import(EXPORT, "--dry-run", "--no-progress")
    assert "Dry run: nothing was written." in out
    assert "Created 8," in out
    assert NewsArticle.objects.count() == Redirect.objects.count() == 0
    assert not Topic.objects.exists()
    assert stored_files() == []


def test_failure_rolls_back_rows_and_files(monkeypatch):
    def explode(self, item, obj):
        if item.post_id == 108:
            raise RuntimeError("disk on fire")

    monkeypatch.setattr(wordpress.WordPressImporter, "add_redirects", explode)
    with pytest.raises(RuntimeError):
        run_import(EXPORT, "--no-progress")
    assert not NewsArticle.objects.exists()
    assert stored_files() == []


def test_item_failure_is_reported_and_others_imported(monkeypatch):
    original = wordpress.WordPressImporter.save_item

    def fail_one(self, item):
        original(self, item)
        if item.post_id == 106:
            raise ValueError("bad data")

    monkeypatch.setattr(wordpress.WordPressImporter, "save_item", fail_one)
    out = run_import(EXPORT, "--no-progress")
    assert "failed 1." in out
    assert "post 106 «A private post»: ValueError: bad data" in out
    assert not NewsArticle.objects.filter(slug="private-post").exists()
    assert NewsArticle.objects.count() == 5


def test_truncated_file_names_the_line_and_imports_nothing():
    with pytest.raises(CommandError, match=r"not well-formed XML: line \d+, column"):
        run_import(FIXTURES / "truncated.xml")
    assert not NewsArticle.objects.exists()
    assert stored_files() == []


@pytest.mark.parametrize("name", ["billion-laughs.xml", "external-entity.xml"])
def test_entities_are_refused(name):
    with pytest.raises(CommandError, match="declares XML entities"):
        run_import(FIXTURES / name)
    assert not NewsArticle.objects.exists()


def test_not_an_export_is_refused(tmp_path):
    other = tmp_path / "feed.xml"
    other.write_text("<rss><channel><item><title>x</title></item></channel></rss>")
    with pytest.raises(CommandError, match="not a WordPress export"):
        run_import(other)


def test_bad_category_map_is_refused():
    with pytest.raises(CommandError, match="unknown publication kind"):
        run_import(EXPORT, "--category-map", "x=publication:novel")


def test_category_map_setting(settings):
    settings.WORDPRESS_CATEGORY_MAP = {"mining": "publication:brief"}
    out = io.StringIO()
    call_command("import_wordpress", str(EXPORT), "--no-progress", stdout=out)
    assert Publication.objects.filter(kind=Kind.BRIEF).count() == 2


def test_wxr_1_1_export():
    out = run_import(FIXTURES / "export-wxr11.xml", "--no-progress")
    assert "Created 1," in out
    item = NewsArticle.objects.get()
    assert item.body == "<p>From WXR 1.1.<br>\nSecond line.</p>"
    assert item.countries.get().code == "BO"


def test_reading_streams_in_flat_memory(tmp_path):
    big = tmp_path / "big.xml"
    head, _item, rest = EXPORT.read_text(encoding="utf-8").partition("\t<item>")
    post = "\t<item>" + rest.split("\t<item>")[0]
    with big.open("w", encoding="utf-8") as handle:
        handle.write(head)
        for _ in range(1200):
            handle.write(post)
        handle.write("</channel>\n</rss>\n")
    assert big.stat().st_size > 3_000_000
    tracemalloc.start()
    count = sum(1 for _item in read_export(big))
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert count == 1200
    assert peak < 2_000_000


# The public site after an import


def test_imported_items_render_on_the_public_site(imported, client):
    urls = [
        "/",
        "/news/",
        "/press/",
        "/publications/",
        "/feeds/news/",
        "/feeds/news/atom/",
        "/feeds/press/",
        "/feeds/publications/",
        "/sitemap.xml",
        "/search/?q=mining",
    ]
    urls += [item.get_absolute_url() for item in NewsArticle.objects.published()]
    urls += [item.get_absolute_url() for item in PressRelease.objects.published()]
    for url in urls:
        assert client.get(url).status_code == 200, url
    page = client.get(article(101).get_absolute_url()).content.decode()
    assert "Minería responsable en Perú" in page


class Terminal(io.StringIO):
    def isatty(self):
        return True


@pytest.mark.parametrize(("extra", "shown"), [((), True), (("--no-progress",), False)])
def test_progress_bar_on_a_terminal_only(monkeypatch, extra, shown):
    terminal = Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    run_import(FIXTURES / "export-wxr11.xml", *extra)
    assert ("1/1" in terminal.getvalue()) is shown
