"""
No stored image tells where or when it was taken: every way an image comes
in (the admin, the editor, the WordPress import, the shell) stores it
without metadata, turned upright, and nothing stored keeps a trace.
"""

import io
import shutil
import struct
from functools import cache
from pathlib import Path

import pytest
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from PIL import Image, ImageCms, ImageSequence, PngImagePlugin

from armcms.content.images import without_metadata
from armcms.content.library import Image as LibraryImage
from tests import FIXTURES

pytestmark = pytest.mark.django_db

GPS_IFD = 0x8825
EXIF_IFD = 0x8769
ORIENTATION = 0x0112
XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf='
    b'"http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description '
    b'xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="48,51.5N"/>'
    b"</rdf:RDF></x:xmpmeta>"
)


@cache
def srgb_profile() -> bytes:
    """A colour profile, to check it is kept."""
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def exif_with_gps(orientation: int = 6) -> Image.Exif:
    exif = Image.Exif()
    exif[ORIENTATION] = orientation
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0110] = "Phone 12"  # Model
    exif[0x0132] = "2024:05:01 10:00:00"  # DateTime
    exif[0x013B] = "Ana Pérez"  # Artist
    gps = exif.get_ifd(GPS_IFD)
    gps.update(
        {
            1: "N",  # GPSLatitudeRef
            2: (48.0, 51.0, 29.0),  # GPSLatitude
            3: "E",
            4: (2.0, 17.0, 40.0),
            6: 35.0,  # GPSAltitude
        }
    )
    exif.get_ifd(EXIF_IFD)[0x9003] = "2024:05:01 10:00:00"  # DateTimeOriginal
    return exif


def phone_photo(size=(64, 40), orientation=6, image_format="JPEG") -> bytes:
    """
    A photo as a phone saves it: pixels ``size`` wide as the sensor saw them,
    EXIF with GPS and ``orientation`` (6: turn a quarter clockwise to show),
    XMP, a comment and a colour profile. Left half red, right half blue.
    """
    image = Image.new("RGB", size, "red")
    image.paste("blue", (size[0] // 2, 0, size[0], size[1]))
    options = {"exif": exif_with_gps(orientation), "icc_profile": srgb_profile()}
    if image_format == "JPEG":
        options.update(xmp=XMP, comment=b"Taken at the mine gate", quality=95)
    elif image_format == "PNG":
        text = PngImagePlugin.PngInfo()
        text.add_text("Comment", "Taken at the mine gate")
        text.add_itxt("XML:com.adobe.xmp", XMP.decode())
        options["pnginfo"] = text
    elif image_format == "WEBP":
        options.update(xmp=XMP, lossless=True)
    buffer = io.BytesIO()
    image.save(buffer, image_format, **options)
    return buffer.getvalue()


def stored_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def assert_no_metadata_anywhere(media_root: Path) -> list[Path]:
    """Open every stored file: images carry no EXIF, XMP or comment."""
    images = []
    for path in stored_files(media_root):
        if path.suffix == ".json":  # Descriptions of body image renditions.
            assert b"GPS" not in path.read_bytes()
            continue
        with Image.open(path) as image:
            exif = image.getexif()
            assert not exif.get_ifd(GPS_IFD), path
            assert len(exif) == 0, (path, dict(exif))
            for key in ("exif", "xmp", "XML:com.adobe.xmp", "comment", "Comment"):
                assert key not in image.info, (path, key)
        data = path.read_bytes()
        assert b"PhoneMaker" not in data and b"GPSLatitude" not in data, path
        assert b"mine gate" not in data, path
        images.append(path)
    return images


def upright(path: Path) -> tuple[int, int]:
    """The stored size, checking the picture was turned, not only relabelled:
    a photo turned a quarter clockwise has its red half on top."""
    with Image.open(path) as image:
        rgb = image.convert("RGB")
        top = rgb.getpixel((rgb.width // 2, rgb.height // 8))
        bottom = rgb.getpixel((rgb.width // 2, rgb.height * 7 // 8))
        assert top[0] > 200 and top[2] < 60, top  # red
        assert bottom[2] > 200 and bottom[0] < 60, bottom  # blue
        return image.size


@pytest.mark.parametrize("kept_in", ["memory", "temporary file"])
def test_an_image_uploaded_in_the_admin_keeps_no_metadata(
    admin_client, media_root, settings, kept_in
):
    # Large uploads arrive in a temporary file, which the storage moves.
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 0 if kept_in == "temporary file" else 2**20
    upload = io.BytesIO(phone_photo(size=(640, 400)))
    upload.name = "IMG_0001.JPG"
    response = admin_client.post(
        "/admin/armcms/image/add/",
        {"file": upload, "title": "", "tags": "", "alt_en": "Miners at the gate"},
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    image = LibraryImage.objects.get()
    images = assert_no_metadata_anywhere(media_root)
    original = media_root / image.file.name
    # The original; one rendition (narrower than 480), JPEG and WebP; the
    # card crop, JPEG and WebP; the share crop, JPEG.
    assert original in images and len(images) == 6
    # Sensor 640 x 400, orientation 6: stored turned, 400 wide and 640 high.
    assert upright(original) == (400, 640)
    assert (image.width, image.height) == (400, 640)
    with Image.open(original) as stored:
        assert stored.format == "JPEG"
        assert stored.info.get("icc_profile") == srgb_profile()
    assert [(w, h) for w, h, _n in image.renditions["webp"]] == [(400, 640)]


def test_editor_upload_keeps_no_metadata(admin_client, media_root):
    upload = SimpleUploadedFile("gate.jpg", phone_photo(size=(1200, 800)), "image/jpeg")
    response = admin_client.post(reverse("editor_image_upload"), {"upload": upload})
    assert response.status_code == 200
    name = response.json()["url"].removeprefix("/media/")
    images = assert_no_metadata_anywhere(media_root)
    assert media_root / name in images
    assert upright(media_root / name) == (800, 1200)
    # Its renditions are made at once: 480 wide (JPEG and WebP), the card
    # crop at 480 and 800 (JPEG and WebP) and the share crop.
    assert len(images) == 8


def test_images_saved_without_the_admin_keep_no_metadata(media_root):
    # A script or the shell saves models without validating them.
    image = LibraryImage(file=SimpleUploadedFile("shell.jpg", phone_photo()))
    image.save()
    assert_no_metadata_anywhere(media_root)
    assert upright(media_root / image.file.name) == (40, 64)


def test_files_already_stored_are_not_rewritten(media_root):
    stored = default_storage.save("images/old.jpg", io.BytesIO(phone_photo()))
    before = (media_root / stored).read_bytes()
    image = LibraryImage(file=stored, alt="Old")
    image.save()
    image.title = "Edited"
    image.save()
    assert (media_root / stored).read_bytes() == before


def test_wordpress_import_keeps_no_metadata(tmp_path, media_root):
    uploads = tmp_path / "uploads"
    shutil.copytree(FIXTURES / "wordpress/uploads", uploads)
    # The featured image of one post, also shown in its text.
    (uploads / "2021/03/mine-site.jpg").write_bytes(
        phone_photo(size=(200, 320), orientation=1)
    )
    call_command(
        "import_wordpress",
        str(FIXTURES / "wordpress/export.xml"),
        "--uploads",
        str(uploads),
        "--no-progress",
        stdout=io.StringIO(),
    )
    mine = [p for p in stored_files(media_root) if p.name == "mine-site.jpg"]
    assert mine
    assert_no_metadata_anywhere(media_root)


def test_truncated_image_is_refused(admin_client, media_root):
    # Its header is whole, so it opens; its pixels end half way.
    data = phone_photo(size=(400, 300))
    upload = SimpleUploadedFile("cut.jpg", data[:-400], "image/jpeg")
    response = admin_client.post(reverse("editor_image_upload"), {"upload": upload})
    assert response.status_code == 400
    assert "image" in response.json()["error"]["message"]
    assert not stored_files(media_root)


# Each format: metadata gone, the picture and its colour profile kept.


def png_chunks(data: bytes) -> list[bytes]:
    kinds, position = [], 8
    while position < len(data):
        length, kind = struct.unpack_from(">I4s", data, position)
        kinds.append(kind)
        position += 12 + length
    return kinds


def test_png_loses_text_and_exif_and_keeps_pixels_and_profile():
    image = Image.new("RGBA", (30, 20), (10, 120, 200, 128))
    text = PngImagePlugin.PngInfo()
    text.add_text("Comment", "Taken at the mine gate")
    text.add_itxt("XML:com.adobe.xmp", XMP.decode())
    buffer = io.BytesIO()
    image.save(
        buffer,
        "PNG",
        pnginfo=text,
        exif=exif_with_gps(orientation=1),
        icc_profile=srgb_profile(),
    )
    cleaned = without_metadata(buffer.getvalue() + b"trailing secret")
    assert png_chunks(cleaned) == [b"IHDR", b"iCCP", b"IDAT", b"IEND"]
    assert b"secret" not in cleaned and b"mine gate" not in cleaned
    with Image.open(io.BytesIO(cleaned)) as result:
        assert result.tobytes() == image.tobytes()
        assert result.info["icc_profile"] == srgb_profile()


def test_png_of_16_bits_keeps_its_depth():
    image = Image.new("I;16", (30, 20), 40000)
    text = PngImagePlugin.PngInfo()
    text.add_text("Comment", "Taken at the mine gate")
    buffer = io.BytesIO()
    image.save(buffer, "PNG", pnginfo=text)
    cleaned = without_metadata(buffer.getvalue())
    assert b"mine gate" not in cleaned
    with Image.open(io.BytesIO(cleaned)) as result:
        assert result.mode == "I;16" and result.getpixel((3, 3)) == 40000


def test_png_with_orientation_is_turned():
    cleaned = without_metadata(phone_photo(image_format="PNG"))
    assert b"PhoneMaker" not in cleaned and b"mine gate" not in cleaned
    with Image.open(io.BytesIO(cleaned)) as result:
        assert result.format == "PNG" and result.size == (40, 64)
        assert not result.getexif() and "xmp" not in result.info
        assert result.getpixel((20, 5))[:3] == (255, 0, 0)  # red on top


def test_webp_loses_exif_and_xmp_and_stays_lossless():
    data = phone_photo(orientation=1, image_format="WEBP")
    cleaned = without_metadata(data)
    assert b"EXIF" not in cleaned and b"XMP " not in cleaned
    assert b"VP8L" in cleaned and b"ICCP" in cleaned
    with Image.open(io.BytesIO(cleaned)) as result, Image.open(io.BytesIO(data)) as src:
        assert result.tobytes() == src.tobytes()
        assert not result.getexif() and "xmp" not in result.info


def test_webp_with_orientation_is_turned():
    cleaned = without_metadata(phone_photo(image_format="WEBP"))
    with Image.open(io.BytesIO(cleaned)) as result:
        assert result.size == (40, 64) and not result.getexif()
        assert result.getpixel((20, 5))[:3] == (255, 0, 0)  # red on top


def test_animated_gif_keeps_its_frames_and_loses_its_comment():
    frames = [Image.new("RGB", (20, 20), colour) for colour in ("red", "lime", "blue")]
    buffer = io.BytesIO()
    frames[0].save(
        buffer,
        "GIF",
        save_all=True,
        append_images=frames[1:],
        duration=[100, 200, 300],
        loop=0,
        comment=b"Taken at the mine gate",
    )
    cleaned = without_metadata(buffer.getvalue() + b"trailing secret")
    assert b"mine gate" not in cleaned and b"secret" not in cleaned
    with Image.open(io.BytesIO(cleaned)) as result:
        assert result.n_frames == 3 and result.info["loop"] == 0
        durations = [frame.info["duration"] for frame in ImageSequence.Iterator(result)]
        assert durations == [100, 200, 300]


def test_editor_upload_of_an_animated_gif_stays_animated_without_comment(
    admin_client, media_root
):
    frames = [Image.new("RGB", (40, 30), colour) for colour in ("red", "blue")]
    buffer = io.BytesIO()
    frames[0].save(
        buffer,
        "GIF",
        save_all=True,
        append_images=frames[1:],
        comment=b"Taken at the mine gate",
    )
    upload = SimpleUploadedFile("moving.gif", buffer.getvalue(), "image/gif")
    response = admin_client.post(reverse("editor_image_upload"), {"upload": upload})
    assert response.status_code == 200
    name = response.json()["url"].removeprefix("/media/")
    assert b"mine gate" not in (media_root / name).read_bytes()
    with Image.open(media_root / name) as stored:
        assert stored.n_frames == 2


def test_validated_file_is_cleaned_in_place():
    # The WordPress import checks a File with the validators, then stores it.
    from armcms.content.files import image_validators

    upload = File(io.BytesIO(phone_photo()), name="x.jpg")
    for validator in image_validators:
        validator(upload)
    upload.seek(0)
    assert upload.size == len(upload.read())
    upload.seek(0)
    with Image.open(upload) as image:
        assert image.size == (40, 64) and not image.getexif()
