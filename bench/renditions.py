"""
Time what saving a 40-megapixel image costs, before and after renditions
were made fast, and print the ratio:

    .venv/bin/python -m bench.renditions

"Before" is the rendition code as it was (kept below as
``previous_make_renditions``: every width resized from the full image with
Lanczos, PNG with ``optimize=True``); its upload check only read the image's
header, a few milliseconds, so it is left out. "After" is the current code,
timed twice: the renditions alone, and the whole upload (``validate_image``,
which now also removes the metadata, the store, then ``make_renditions``).
Each figure is the best of BENCH_REPEAT runs (3), before and after taking
turns so a busy machine slows both alike, in wall-clock and in CPU seconds
(the work is single-threaded, so on an idle machine they agree; on a busy one
the CPU seconds are the steadier measure).

The images are made here, about 40 megapixels each: a 6300 x 6300 PNG with
16 bits a channel showing a drawing (4 MB, under the 10 MB upload limit); the
same with a photo's grain (about 100 MB: a scan or an export from a photo
editor, which only a site with MAX_IMAGE_UPLOAD_MB raised accepts; the limit
is raised here); and a 7296 x 5472 JPEG photo from a phone held upright
(EXIF orientation 6, with a GPS position).
"""

import io
import os
import shutil
import struct
import sys
import tempfile
import time
import zlib
from pathlib import PurePath

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "armcms.settings")
os.environ.setdefault("SECRET_KEY", "benchmark-only-key")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.core.files.base import ContentFile, File  # noqa: E402
from django.core.files.storage import FileSystemStorage  # noqa: E402
from django.db.models import ImageField  # noqa: E402
from django.db.models.fields.files import ImageFieldFile  # noqa: E402
from PIL import Image, ImageDraw, ImageFilter, ImageOps  # noqa: E402

from armcms.content.files import validate_image  # noqa: E402
from armcms.content.images import make_renditions  # noqa: E402

REPEAT = int(os.environ.get("BENCH_REPEAT", "3"))


def previous_make_renditions(field_file) -> dict:
    """The rendition code before it was made fast, for comparison."""
    storage = field_file.storage
    with field_file.open("rb") as handle:
        source = Image.open(handle)
        lossless = source.format in ("PNG", "GIF")
        image = ImageOps.exif_transpose(source)
        image.load()
    has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    image = image.convert("RGBA" if lossless and has_alpha else "RGB")
    fallback_format, fallback_ext = ("PNG", "png") if lossless else ("JPEG", "jpg")
    stem = PurePath(field_file.name)
    folder = f"renditions/{stem.parent}"
    widths = [w for w in (480, 960, 1600) if w < image.width] or [image.width]
    renditions = {"source": field_file.name, "fallback": [], "webp": []}
    for width in widths:
        height = round(image.height * width / image.width)
        resized = image.resize((width, height), Image.Resampling.LANCZOS)
        for key, image_format, ext in (
            ("fallback", fallback_format, fallback_ext),
            ("webp", "WEBP", "webp"),
        ):
            buffer = io.BytesIO()
            resized.save(buffer, image_format, quality=80, optimize=True)
            name = storage.save(
                f"{folder}/{stem.stem}-{width}.{ext}", ContentFile(buffer.getvalue())
            )
            renditions[key].append([width, height, name])
    return renditions


def drawing(size: tuple[int, int]) -> Image.Image:
    """Flat bands of colour and shapes: a chart or a poster."""
    width, height = size
    gradient = Image.linear_gradient("L").point(lambda v: v // 16 * 16)
    image = Image.merge(
        "RGB",
        [
            gradient.transpose(turn).resize(size)
            for turn in (
                Image.Transpose.FLIP_LEFT_RIGHT,
                Image.Transpose.ROTATE_90,
                Image.Transpose.FLIP_TOP_BOTTOM,
            )
        ],
    )
    draw = ImageDraw.Draw(image)
    for i in range(40):
        x, y = (i * 997) % width, (i * 1531) % height
        colour = ((i * 37) % 256, (i * 91) % 256, (i * 53) % 256)
        draw.ellipse((x, y, x + width // 8, y + height // 8), fill=colour)
    return image


def grainy(image: Image.Image) -> Image.Image:
    """``image`` with a photo's grain."""
    grain = Image.effect_noise(image.size, 40).convert("RGB")
    return Image.blend(image, grain, 0.3)


def png_16_bit(image: Image.Image, level: int = 6) -> bytes:
    """``image`` as a PNG of 16 bits a channel (Pillow writes only 8)."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + body))
        return struct.pack(">I", len(body)) + kind + body + crc

    width, height = image.size
    pixels = image.tobytes()
    compressor = zlib.compressobj(level)
    parts, row = [], bytearray(width * 6 + 1)  # Filter byte 0, then pixels.
    for y in range(height):
        line = pixels[y * width * 3 : (y + 1) * width * 3]
        row[1::2] = line  # High byte, and the same as low byte: v * 257.
        row[2::2] = line
        parts.append(compressor.compress(bytes(row)))
    parts.append(compressor.flush())
    header = struct.pack(">IIBBBBB", width, height, 16, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", b"".join(parts))
        + chunk(b"IEND", b"")
    )


def phone_photo(size: tuple[int, int]) -> bytes:
    """A JPEG with a photo's grain, turned (orientation 6), with GPS."""
    small = drawing((size[0] // 8, size[1] // 8)).filter(ImageFilter.GaussianBlur(6))
    image = small.resize(size, Image.Resampling.BICUBIC)
    image = Image.blend(image, Image.effect_noise(size, 24).convert("RGB"), 0.12)
    exif = Image.Exif()
    exif[0x0112] = 6
    exif[0x010F] = "PhoneMaker"
    gps = exif.get_ifd(0x8825)
    gps.update({1: "N", 2: (48.0, 51.0, 29.0), 3: "E", 4: (2.0, 17.0, 40.0)})
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85, exif=exif)
    return buffer.getvalue()


def timed(function, *args) -> tuple[float, float]:
    """Wall-clock and CPU seconds of one call."""
    wall, cpu = time.perf_counter(), time.process_time()
    function(*args)
    return time.perf_counter() - wall, time.process_time() - cpu


def upload(storage, field, filename: str, data: bytes) -> None:
    """What saving a new image costs now: check (and clean), store, renditions."""
    new = File(io.BytesIO(data), name=filename)
    validate_image(new)
    name = storage.save(f"images/{filename}", new)
    make_renditions(ImageFieldFile(None, field, name))


def main() -> None:
    folder = tempfile.mkdtemp(prefix="bench-renditions-")
    try:
        run(folder)
    finally:
        shutil.rmtree(folder)


def run(folder: str) -> None:
    storage = FileSystemStorage(location=folder)
    field = ImageField(storage=storage)
    field.name = "image"
    print("Making the images...", file=sys.stderr, flush=True)
    poster = drawing((6300, 6300))
    cases = [
        ("PNG 16-bit 6300x6300, drawing", "poster.png", png_16_bit(poster)),
        ("PNG 16-bit 6300x6300, photo", "scan.png", png_16_bit(grainy(poster), 1)),
        ("JPEG 7296x5472, EXIF", "photo.jpg", phone_photo((7296, 5472))),
    ]
    del poster
    settings.MAX_IMAGE_UPLOAD_MB = (max(len(data) for _l, _f, data in cases) >> 20) + 1
    rows = []
    for label, filename, data in cases:
        original = storage.save(f"images/{filename}", ContentFile(data))
        stored = ImageFieldFile(None, field, original)
        runs = {"before": [], "renditions": [], "upload": []}
        for _ in range(REPEAT):
            runs["before"].append(timed(previous_make_renditions, stored))
            runs["renditions"].append(timed(make_renditions, stored))
            runs["upload"].append(timed(upload, storage, field, filename, data))
        # Best of the runs, wall clock and CPU apart.
        best = {
            key: [min(t[i] for t in times) for i in (0, 1)]
            for key, times in runs.items()
        }
        row = [label, f"{len(data) / 1e6:.1f} MB"]
        for key in ("before", "renditions", "upload"):
            row.append("{:.2f} / {:.2f}".format(*best[key]))
            if key != "before":
                row.append(
                    "{:.1f}x / {:.1f}x".format(
                        *(best["before"][i] / best[key][i] for i in (0, 1))
                    )
                )
        rows.append(row)
    header = ["image", "file", "before", "renditions", "faster", "upload", "faster"]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        cells = zip(row, widths, strict=True)
        print("  ".join(cell.ljust(width) for cell, width in cells).rstrip())
    print(
        f"Seconds as wall clock / CPU, best of {REPEAT}. renditions: make_renditions "
        "alone; upload: validate_image (which now removes the metadata), store, "
        "make_renditions."
    )


if __name__ == "__main__":
    main()
