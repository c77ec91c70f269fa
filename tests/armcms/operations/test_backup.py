"""Backups: one archive of every record and media file, restored all or nothing."""

import hashlib
import io
import json
import re
import shutil
import zipfile
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import reversion
from django.apps import apps
from django.contrib.auth.models import Group, Permission, User
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.core.management.sql import emit_post_migrate_signal
from django.db import connection, transaction
from django.test.utils import override_settings
from reversion.models import Version

from armcms.backoffice.roles import PUBLISHER
from armcms.content.models import HomePage, SiteIdentity
from armcms.operations.backup import backup_models, site_has_content
from news.models import NewsArticle, PressRelease
from pages.models import MenuItem
from tests.armcms.factories import (
    CountryFactory,
    TopicFactory,
    library_image,
    with_image,
    with_pdf,
)
from tests.conftest import image_bytes, pdf_with_text
from tests.impact.factories import ImpactMetricFactory
from tests.news.factories import NewsArticleFactory, PressReleaseFactory
from tests.pages.factories import PageFactory
from tests.publications.factories import PublicationFactory, SeriesFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a long password for the test"
INLINE_IMAGE = "editor/2024/05/inline-photo.png"


def backup(path) -> str:
    out = io.StringIO()
    call_command("backup", str(path), stdout=out)
    return out.getvalue()


def restore(path, *args) -> str:
    out = io.StringIO()
    call_command("restore", str(path), *args, stdout=out)
    return out.getvalue()


def snapshot() -> dict[str, list]:
    """
    Every record a backup holds, comparable across databases: content types,
    permissions and groups by name, as a fresh install numbers them its own way.
    """
    return {
        model._meta.label_lower: serializers.serialize(
            "python",
            model._base_manager.order_by("name" if model is Group else "pk"),
            use_natural_foreign_keys=True,
            use_natural_primary_keys=model is Group,
        )
        for model in backup_models()
    }


def media_files(root) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in root.rglob("*")
        if path.is_file()
    }


def wipe_site(media_root) -> None:
    """
    Leave the database as a fresh ``migrate`` would, with content types under
    other ids than the old site's, and no media files.
    """
    call_command("flush", interactive=False, inhibit_post_migrate=True)
    ContentType.objects.clear_cache()
    ContentType.objects.create(app_label="elsewhere", model="shifted")
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    shutil.rmtree(media_root, ignore_errors=True)


def read_entries(archive) -> dict[str, bytes]:
    with zipfile.ZipFile(archive) as source:
        return {name: source.read(name) for name in source.namelist()}


def write_entries(path, entries: dict[str, bytes], *, fix_checksums=True):
    """An archive of ``entries``, its manifest's checksums made to match them."""
    if fix_checksums:
        manifest = json.loads(entries["manifest.json"])
        listed = [(entry["name"], entry) for entry in manifest["data"]]
        listed += [(f"media/{entry['name']}", entry) for entry in manifest["media"]]
        for name, entry in listed:
            entry["size"] = len(entries[name])
            entry["sha256"] = hashlib.sha256(entries[name]).hexdigest()
        entries = {**entries, "manifest.json": json.dumps(manifest).encode()}
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return path


def make_content() -> dict:
    """A little of everything a site holds."""
    topics = [TopicFactory(name="Gold"), TopicFactory(name="Mercury")]
    countries = [
        CountryFactory(name="Colombia", code="CO"),
        CountryFactory(name="Peru", code="PE"),
    ]
    publisher = User.objects.create_user(
        "ana", "ana@example.org", PASSWORD, first_name="Ana", is_staff=True
    )
    publisher.groups.add(Group.objects.get(name=PUBLISHER))
    publisher.user_permissions.add(Permission.objects.get(codename="view_logentry"))
    if apps.is_installed("django_otp.plugins.otp_totp"):
        from django_otp.plugins.otp_static.models import StaticDevice
        from django_otp.plugins.otp_totp.models import TOTPDevice

        TOTPDevice.objects.create(user=publisher, name="Phone")
        StaticDevice.objects.create(user=publisher).token_set.create(token="a1b2c3d4")
    default_storage.save(INLINE_IMAGE, ContentFile(image_bytes()))
    with reversion.create_revision():
        article = NewsArticleFactory(
            title="Miners in Nariño go mercury-free",
            body=(
                "<h2>Why it matters</h2><p>Rich <strong>text</strong> with "
                '<a href="https://example.org/">a link</a> and áccents.</p>'
                f'<p><img src="/media/{INLINE_IMAGE}" alt="Miners at work"></p>'
            ),
            lead_image_alt="Miners washing gold",
            topics=topics,
            countries=countries,
            is_featured=True,
        )
        with_image(
            article,
            "lead_image",
            "Miners.png",
            ContentFile(image_bytes(size=(600, 400))),
        )
        reversion.set_user(publisher)
        reversion.set_comment("First version")
    draft = NewsArticleFactory(draft=True, title="A draft in progress")
    release = PressReleaseFactory(
        title="ARM welcomes the new gold standard",
        dateline="Medellín / París",
        topics=[topics[0]],
    )
    with_pdf(release, "release.pdf", ContentFile(pdf_with_text("Mercury free gold")))
    series = SeriesFactory(title="A world without financial services")
    parts = [
        PublicationFactory(
            title=f"Financial services, part {number}",
            series=series,
            part_number=number,
            countries=[countries[1]],
        )
        for number in (1, 2)
    ]
    parts[1].cover_image = library_image("cover.jpg", image_bytes("JPEG"), alt_en="")
    parts[1].cover_image_alt = "The report's cover"
    parts[1].save()
    metric = ImpactMetricFactory(
        label="miners trained", value=Decimal(100), measured_on=date(2022, 12, 31)
    )
    for value, measured_on in ((250, date(2023, 12, 31)), (415, date(2024, 6, 30))):
        metric.value, metric.measured_on = Decimal(value), measured_on
        metric.save()
    HomePage.objects.create(
        intro="Responsible mining, from the mine to the market.",
        our_work="<p>We work with <em>miners</em> in 15 countries.</p>",
        news_count=3,
    )
    about = PageFactory(title_en="About us", title_es="Quiénes somos")
    team = PageFactory(parent=about, title_en="Team", title_es="Equipo")
    MenuItem.objects.create(menu=MenuItem.Menu.MAIN, page=about)
    SiteIdentity(name_en="Alliance", name_es="Alianza").save()
    return {
        "article": article,
        "team": team,
        "draft": draft,
        "release": release,
        "parts": parts,
        "metric": metric,
    }


@pytest.fixture
def content():
    return make_content()


@dataclass
class SavedSite:
    archive: Path
    records: dict[str, list]
    files: dict[str, bytes]


@pytest.fixture(scope="module")
def saved_site(django_db_setup, django_db_blocker, tmp_path_factory) -> SavedSite:
    """
    An archive of make_content()'s site, made once for the tests that only
    read it, with the records and files it holds. The site itself is rolled
    back: those tests start from a database of their own.
    """
    folder = tmp_path_factory.mktemp("saved-site")
    with (
        django_db_blocker.unblock(),
        override_settings(
            MEDIA_ROOT=folder / "media",
            CACHES={
                "default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
            },
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        ),
        transaction.atomic(),
    ):
        make_content()
        backup(folder / "site.zip")
        saved = SavedSite(
            folder / "site.zip", snapshot(), media_files(folder / "media")
        )
        transaction.set_rollback(True)
    return saved


@pytest.fixture
def archive(saved_site) -> Path:
    return saved_site.archive


@pytest.fixture
def existing(media_root):
    """A site with content of its own, the kind a restore must not touch."""
    NewsArticleFactory(title="Already on this site", topics=[TopicFactory()])
    User.objects.create_user("bob", password=PASSWORD)
    default_storage.save("documents/own.pdf", ContentFile(b"%PDF-1.4 own file"))
    return snapshot(), media_files(media_root)


@pytest.mark.django_db(transaction=True)
def test_restore_brings_a_wiped_site_back_to_the_same_content(
    client, content, media_root, tmp_path
):
    before, files = snapshot(), media_files(media_root)
    article, release = content["article"], content["release"]
    assert article.lead_image.renditions["webp"]
    assert release.pdf_text and release.pdf_info["pages"] == 1
    archive = tmp_path / "site.zip"

    output = backup(archive)

    assert "Backup written" in output
    assert f"{len(files)} media files" in output
    old_type = ContentType.objects.get_for_model(NewsArticle).pk
    wipe_site(media_root)
    assert ContentType.objects.get_for_model(NewsArticle).pk != old_type
    assert not site_has_content()
    assert not media_root.exists()

    output = restore(archive)

    assert "Restored" in output
    if connection.vendor == "postgresql":
        assert before["news.newsarticle"][0]["fields"]["search_vector"]
    assert snapshot() == before
    assert media_files(media_root) == files
    TopicFactory(name="Added after the restore")  # the ids carry on past the restored
    assert PressRelease.objects.search("Mercury free gold").get() == release
    restored = NewsArticle.objects.get(pk=article.pk)
    version = Version.objects.get_for_object(restored).get()
    assert version.revision.user.username == "ana"
    assert version.revision.comment == "First version"
    assert version.field_dict["title"] == article.title

    webp = article.lead_image.renditions["webp"][0][2]
    pages = {
        article.get_absolute_url(): [
            article.title,
            "Rich <strong>text</strong> with",
            f"/media/{webp}",
        ],
        release.get_absolute_url(): ["Medellín / París", release.pdf.file.url],
        content["parts"][1].get_absolute_url(): [
            "A world without financial services, part 2"
        ],
        "/impact/": ["415", "miners trained"],
        # The tree, its addresses in each language, the menu and the name.
        content["team"].get_absolute_url(): ["Team", 'href="/about-us/"', "Alliance"],
        "/es/quienes-somos/equipo/": ["Equipo", 'href="/es/quienes-somos/"', "Alianza"],
        "/": [
            "Responsible mining, from the mine to the market.",
            "We work with <em>miners</em> in 15 countries.",
            article.title,
        ],
    }
    for url, texts in pages.items():
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        for text in texts:
            assert text in html, (url, text)
    served = client.get(f"/media/{webp}")
    assert b"".join(served.streaming_content) == files[webp]
    assert client.get(content["draft"].get_absolute_url()).status_code == 404
    publisher = User.objects.get(username="ana")
    assert publisher.check_password(PASSWORD)
    client.force_login(publisher)
    assert client.get(content["draft"].get_absolute_url()).status_code == 200


def test_backup_archive_lists_each_entry_with_its_checksum(saved_site):
    entries = read_entries(saved_site.archive)
    manifest = json.loads(entries["manifest.json"])
    assert manifest["format"] == "armcms-backup"
    assert manifest["format_version"] == 1
    assert {"created_at", "django_version", "records"} <= manifest.keys()
    counts = {entry["model"]: entry["count"] for entry in manifest["data"]}
    assert {
        "auth.user",
        "auth.group",
        "armcms.topic",
        "armcms.country",
        "armcms.homepage",
        "news.newsarticle",
        "news.pressrelease",
        "publications.series",
        "publications.publication",
        "impact.impactmetric",
        "impact.impactvalue",
        "reversion.revision",
        "reversion.version",
    } <= counts.keys()
    assert counts["news.newsarticle"] == 2
    assert counts["impact.impactvalue"] == 3
    assert counts["reversion.version"] == 1
    assert not {"contenttypes.contenttype", "auth.permission"} & counts.keys()
    assert not {"sessions.session", "admin.logentry"} & counts.keys()
    assert not [label for label in counts if label.startswith("axes.")]
    assert {entry["name"] for entry in manifest["media"]} == set(saved_site.files)
    for entry in manifest["media"]:
        data = entries[f"media/{entry['name']}"]
        assert hashlib.sha256(data).hexdigest() == entry["sha256"]
    assert b"search_vector" not in entries["data/news.newsarticle.jsonl"]


def test_backup_names_its_file_after_the_time_by_default(settings, tmp_path):
    settings.BASE_DIR = tmp_path
    folder = tmp_path / "elsewhere"
    folder.mkdir()

    call_command("backup", stdout=io.StringIO())
    backup(folder)

    for path in (tmp_path / "var" / "backups", folder):
        [name] = [child.name for child in path.iterdir()]
        assert re.fullmatch(r"armcms-\d{8}-\d{6}\.zip", name)


def test_backup_never_overwrites_an_existing_file(archive):
    with pytest.raises(CommandError, match="already exists"):
        backup(archive)


def test_restore_refuses_a_site_with_content(archive, existing):
    with pytest.raises(CommandError, match=r"already has content.*--replace"):
        restore(archive)
    assert snapshot() == existing[0]


def test_restore_with_replace_puts_back_the_archived_content(
    saved_site, existing, media_root
):
    output = restore(saved_site.archive, "--replace")

    assert f"{len(saved_site.files)} media files written" in output
    assert snapshot() == saved_site.records
    assert media_files(media_root) == {**existing[1], **saved_site.files}

    output = restore(saved_site.archive, "--replace")

    assert f"{len(saved_site.files)} already in place" in output
    assert snapshot() == saved_site.records


def test_a_failed_restore_changes_nothing(saved_site, existing, media_root, tmp_path):
    records, files = existing
    # A file the archive also holds, with other bytes: it must come back.
    name = next(name for name in saved_site.files if name.endswith(".pdf"))
    default_storage.save(name, ContentFile(b"%PDF-1.4 a newer file"))
    files = media_files(media_root)
    entries = read_entries(saved_site.archive)
    # Two topics of one name: the second record breaks a unique constraint.
    topics = entries["data/armcms.topic.jsonl"].decode()
    entries["data/armcms.topic.jsonl"] = topics.replace("Mercury", "Gold").encode()
    broken = write_entries(tmp_path / "broken.zip", entries)

    with pytest.raises(CommandError, match="could not be loaded"):
        restore(broken, "--replace")

    assert snapshot() == records
    assert media_files(media_root) == files


def missing_file(archive, tmp_path):
    return tmp_path / "missing.zip"


def text_file(archive, tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("Not an archive")
    return path


def truncated_copy(archive, tmp_path):
    path = tmp_path / "cut.zip"
    path.write_bytes(archive.read_bytes()[:4000])
    return path


def damaged_copy(archive, tmp_path):
    """The archive with one byte changed inside a stored media file."""
    data = bytearray(archive.read_bytes())
    data[data.find(b"%PDF-1.4") + 20] ^= 0xFF
    path = tmp_path / "damaged.zip"
    path.write_bytes(bytes(data))
    return path


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (missing_file, "There is no file"),
        (text_file, "not a backup archive"),
        (truncated_copy, "not a backup archive"),
        (damaged_copy, "damaged"),
    ],
    ids=lambda value: getattr(value, "__name__", ""),
)
def test_restore_refuses_a_file_that_is_no_sound_archive(
    archive, existing, media_root, tmp_path, make, message
):
    with pytest.raises(CommandError, match=message):
        restore(make(archive, tmp_path), "--replace")
    assert (snapshot(), media_files(media_root)) == existing


@pytest.mark.parametrize("name", ["../evil", "/tmp/evil", "images/../../evil"])
@pytest.mark.parametrize("in_zip", [True, False], ids=["entry", "manifest"])
def test_restore_refuses_paths_outside_the_media_folder(
    archive, existing, media_root, tmp_path, name, in_zip
):
    entries = read_entries(archive)
    manifest = json.loads(entries["manifest.json"])
    manifest["media"].append({"name": name, "size": 4, "sha256": "0" * 64})
    entries["manifest.json"] = json.dumps(manifest).encode()
    if in_zip:
        entries[f"media/{name}"] = b"evil"
    evil = write_entries(tmp_path / "evil.zip", entries, fix_checksums=False)

    with pytest.raises(CommandError, match="unsafe path"):
        restore(evil, "--replace")

    assert not (tmp_path / "evil").exists()
    assert not (media_root.parent / "evil").exists()
    assert (snapshot(), media_files(media_root)) == existing


def test_restore_refuses_a_file_that_does_not_match_its_checksum(
    archive, existing, media_root, tmp_path
):
    entries = read_entries(archive)
    manifest = json.loads(entries["manifest.json"])
    manifest["media"][-1]["sha256"] = hashlib.sha256(b"other").hexdigest()
    entries["manifest.json"] = json.dumps(manifest).encode()
    altered = write_entries(tmp_path / "altered.zip", entries, fix_checksums=False)

    with pytest.raises(CommandError, match="does not match the checksum"):
        restore(altered, "--replace")

    assert (snapshot(), media_files(media_root)) == existing


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"format_version": 2}, "format 2; this version of armcms reads format 1"),
        ({"format": "something-else"}, "not an armcms backup"),
        ({"media": "all of them"}, "no valid 'media' list"),
    ],
)
def test_restore_refuses_a_manifest_it_cannot_read(archive, tmp_path, change, message):
    entries = read_entries(archive)
    manifest = {**json.loads(entries["manifest.json"]), **change}
    entries["manifest.json"] = json.dumps(manifest).encode()
    other = write_entries(tmp_path / "other.zip", entries, fix_checksums=False)

    with pytest.raises(CommandError, match=message):
        restore(other)


def test_restore_refuses_a_zip_without_a_manifest(tmp_path):
    path = write_entries(tmp_path / "photos.zip", {"a.jpg": b"x"}, fix_checksums=False)
    with pytest.raises(CommandError, match=r"no manifest\.json"):
        restore(path)
