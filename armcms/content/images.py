"""
Uploaded images: what is kept of them, and the smaller copies pages show.

Metadata. A photo carries more than its pixels: where it was taken (GPS),
the camera and its owner, the date, editing history (XMP), captions and
credits (IPTC), comments. None of it is published: ``without_metadata``
gives the image back with only its pixels, its colour profile and, for
animations, its frames and timing. The camera's orientation is applied to
the pixels first, so the picture stands as it did on the phone.

Renditions. ``make_renditions`` saves smaller copies of a stored image, in
its own kind (JPEG for photos, PNG for drawings) and in WebP, when the image
is saved, so no visitor waits for them; templates print them as ``srcset``
so a phone never downloads a desktop-size image. A 40-megapixel upload is
first shrunk cheaply (JPEG decodes at a fraction of its size, other images
are averaged down by whole factors) and each smaller width is made from the
one above it, so the costly filter only ever sees a few megapixels.

Body images (those put in rich text through the editor) get the same
renditions when they are uploaded, described in a small JSON file beside
them that pages read (through the cache) to print ``srcset``.
"""

import io
import json
import logging
import math
import os
import struct
from concurrent.futures import ThreadPoolExecutor
from hashlib import md5
from pathlib import PurePath

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageOps, ImageSequence, JpegImagePlugin

logger = logging.getLogger(__name__)

ENCODING_THREADS = min(4, os.cpu_count() or 1)
RENDITION_WIDTHS = (480, 960, 1600)
RENDITION_QUALITY = 80
# Before the Lanczos filter, a large image is averaged down by a whole factor
# (Pillow's reduce, a box filter and fast) while it stays at least this many
# times the target size; the filter then smooths the last step. From a grainy
# 40-megapixel photo, the 1600-pixel copy differs from Lanczos on the full
# image by under 2 levels in 255 (root mean square; 44 dB PSNR), made in a
# third of the time.
REDUCING_GAP = 1.2
# Browsers that cannot show WebP (almost none now) get the fallback, so it
# is compressed quickly; zlib's level 9 ("optimize") took seconds on large
# photographic PNGs.
PNG_COMPRESS_LEVEL = 1
# WebP effort (0 fast .. 6 small): what nearly every visitor downloads.
WEBP_METHOD = 4
# For a JPEG original whose own quantisation tables cannot be reused.
JPEG_QUALITY = 92
ORIENTATION = 0x0112
# Crops cut around the focal point: (name, width / height, widths).
CROPS = (("card", 16 / 9, (480, 960)), ("share", 1200 / 630, (1200,)))
SHARE_FORMAT = ("JPEG", "jpg", {"quality": RENDITION_QUALITY, "optimize": True})
BODY_IMAGE_CACHE_SECONDS = 30 * 24 * 60 * 60
# What Pillow raises for a file it cannot decode.
UNREADABLE_IMAGE_ERRORS = (
    OSError,
    ValueError,
    SyntaxError,
    EOFError,
    struct.error,
    Image.DecompressionBombError,
)


# Metadata


def strip_metadata(file) -> ContentFile:
    """
    A copy of the uploaded image ``file`` (a Django File) with no metadata,
    in the same format and under the same name. Raises one of
    ``UNREADABLE_IMAGE_ERRORS`` when the image cannot be decoded.
    """
    file.seek(0)
    data = file.read()
    file.seek(0)
    return ContentFile(without_metadata(data), name=file.name)


def without_metadata(data: bytes) -> bytes:
    """
    The image in ``data`` without EXIF (GPS included), XMP, IPTC, comments or
    any other metadata, its orientation applied to the pixels. JPEG is
    encoded again with the original's own quantisation tables (the quality
    it came with); PNG, GIF and WebP keep their compressed pixels as they
    are, with only the metadata blocks dropped (lossless and fast, 16-bit
    depth and animation included), unless their orientation must be applied.
    """
    with Image.open(io.BytesIO(data)) as image:
        image_format = image.format
    if image_format in ("JPEG", "MPO"):
        return _jpeg_without_metadata(data)
    strip_container = {
        "PNG": _png_without_metadata,
        "GIF": _gif_without_metadata,
        "WEBP": _webp_without_metadata,
    }.get(image_format)
    if strip_container is None:
        raise ValueError(f"Cannot remove the metadata of a {image_format} image.")
    try:
        stripped, exif = strip_container(data)
        with Image.open(io.BytesIO(stripped)) as check:
            if check.format != image_format:
                raise ValueError("The image changed format.")
    except (*UNREADABLE_IMAGE_ERRORS, IndexError):
        # A file the block reader does not understand is drawn again.
        return _encoded_again(data)
    if _orientation(exif) != 1:
        return _encoded_again(data)
    return stripped


def _orientation(exif: bytes | None) -> int:
    if not exif:
        return 1
    info = Image.Exif()
    try:
        info.load(exif)
    except (SyntaxError, ValueError, struct.error, OSError):
        return 1
    return info.get(ORIENTATION, 1)


def _jpeg_without_metadata(data: bytes) -> bytes:
    # Only the first picture of an MPO (a camera's "3D" or depth pair) is
    # kept; the others carry metadata of their own.
    with Image.open(io.BytesIO(data)) as source:
        icc_profile = source.info.get("icc_profile")
        options = {"quality": JPEG_QUALITY}
        tables = getattr(source, "quantization", None)
        if tables:
            options = {"qtables": tables}
            subsampling = JpegImagePlugin.get_sampling(source)
            if subsampling != -1:
                options["subsampling"] = subsampling
        source.load()
        ImageOps.exif_transpose(source, in_place=True)
        source.info = {}
        buffer = io.BytesIO()
        source.save(buffer, "JPEG", icc_profile=icc_profile, **options)
    return buffer.getvalue()


def _encoded_again(data: bytes) -> bytes:
    """A PNG, GIF or WebP drawn again from its pixels, upright, every frame."""
    with Image.open(io.BytesIO(data)) as source:
        image_format = source.format
        icc_profile = source.info.get("icc_profile")
        loop = source.info.get("loop", 0)
        frames, durations = [], []
        for frame in ImageSequence.Iterator(source):
            upright = ImageOps.exif_transpose(frame)
            kept = {"transparency"} & upright.info.keys()
            upright.info = {key: upright.info[key] for key in kept}
            frames.append(upright)
            durations.append(frame.info.get("duration", 0))
    options = {"icc_profile": icc_profile} if icc_profile else {}
    if image_format == "WEBP":
        lossless = data[12:16] == b"VP8L" or (
            data[12:16] == b"VP8X" and b"VP8 " not in data
        )
        options.update(lossless=lossless, quality=100 if lossless else JPEG_QUALITY)
    if image_format == "GIF":
        options["comment"] = b""
    if len(frames) > 1:
        options.update(
            save_all=True, append_images=frames[1:], duration=durations, loop=loop
        )
    buffer = io.BytesIO()
    frames[0].save(buffer, image_format, **options)
    return buffer.getvalue()


PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# Chunks that decide how the pixels look: the picture itself, colour,
# transparency and animation. Text (tEXt, zTXt, iTXt: XMP and comments),
# eXIf, tIME and private chunks are dropped.
PNG_KEPT_CHUNKS = {
    b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"cHRM", b"gAMA", b"iCCP",
    b"sBIT", b"sRGB", b"cICP", b"mDCV", b"mDCv", b"cLLI", b"cLLi", b"bKGD",
    b"pHYs", b"acTL", b"fcTL", b"fdAT",
}  # fmt: skip


def _png_without_metadata(data: bytes) -> tuple[bytes, bytes | None]:
    if not data.startswith(PNG_SIGNATURE):
        raise ValueError("Not a PNG file.")
    kept, exif, position = [PNG_SIGNATURE], None, len(PNG_SIGNATURE)
    while True:
        length, kind = struct.unpack_from(">I4s", data, position)
        end = position + 12 + length
        if end > len(data):
            raise ValueError("Truncated PNG chunk.")
        if kind == b"eXIf":
            exif = data[position + 8 : end - 4]
        elif kind in PNG_KEPT_CHUNKS:
            kept.append(data[position:end])
        elif not kind[0] & 0x20:
            raise ValueError(f"Unknown critical PNG chunk {kind!r}.")
        position = end
        if kind == b"IEND":
            # Whatever follows the end of the image goes too.
            return b"".join(kept), exif


# Application extensions that change how a GIF plays or looks: looping and
# its colour profile. Comments, XMP and other applications' data are dropped.
GIF_KEPT_APPLICATIONS = {b"NETSCAPE2.0", b"ANIMEXTS1.0", b"ICCRGBG1012"}
GIF_GRAPHIC_CONTROL, GIF_PLAIN_TEXT, GIF_APPLICATION = 0xF9, 0x01, 0xFF


def _gif_without_metadata(data: bytes) -> tuple[bytes, None]:
    if data[:6] not in (b"GIF87a", b"GIF89a"):
        raise ValueError("Not a GIF file.")
    position = _after_colour_table(data, 13, data[10])
    kept = [data[:position]]
    while True:
        block = data[position]
        if block == 0x3B:  # Trailer; anything after it goes too.
            kept.append(b";")
            return b"".join(kept), None
        start = position
        if block == 0x2C:  # An image: descriptor, colour table, LZW data.
            position = _after_colour_table(data, position + 10, data[position + 9])
            position = _after_sub_blocks(data, position + 1)
            kept.append(data[start:position])
        elif block == 0x21:  # An extension.
            label = data[position + 1]
            position = _after_sub_blocks(data, position + 2)
            application = data[start + 3 : start + 14]
            if label in (GIF_GRAPHIC_CONTROL, GIF_PLAIN_TEXT) or (
                label == GIF_APPLICATION and application in GIF_KEPT_APPLICATIONS
            ):
                kept.append(data[start:position])
        else:
            raise ValueError("Unknown GIF block.")


def _after_colour_table(data: bytes, position: int, flags: int) -> int:
    return position + (3 * 2 ** ((flags & 7) + 1) if flags & 0x80 else 0)


def _after_sub_blocks(data: bytes, position: int) -> int:
    while size := data[position]:
        position += 1 + size
    return position + 1


# What a WebP file keeps: the picture (lossy, lossless, alpha), animation and
# the colour profile. EXIF, XMP and unknown chunks are dropped, and the
# header's flags saying there are EXIF and XMP chunks are cleared.
WEBP_KEPT_CHUNKS = {b"VP8 ", b"VP8L", b"VP8X", b"ALPH", b"ANIM", b"ANMF", b"ICCP"}
WEBP_EXIF_AND_XMP_FLAGS = 0x08 | 0x04


def _webp_without_metadata(data: bytes) -> tuple[bytes, bytes | None]:
    if data[:4] != b"RIFF" or data[8:12] != b"WEBP":
        raise ValueError("Not a WebP file.")
    end = min(8 + struct.unpack_from("<I", data, 4)[0], len(data))
    kept, exif, position = [b"WEBP"], None, 12
    while position + 8 <= end:
        kind, length = struct.unpack_from("<4sI", data, position)
        body = data[position + 8 : position + 8 + length]
        if len(body) < length:
            raise ValueError("Truncated WebP chunk.")
        if kind == b"EXIF":
            exif = body
        elif kind in WEBP_KEPT_CHUNKS:
            if kind == b"VP8X":
                body = bytes([body[0] & ~WEBP_EXIF_AND_XMP_FLAGS]) + body[1:]
            kept.append(data[position : position + 8] + body + b"\0" * (length & 1))
        position += 8 + length + (length & 1)
    payload = b"".join(kept)
    return b"RIFF" + struct.pack("<I", len(payload)) + payload, exif


# Renditions


def make_renditions(field_file, focal=None) -> dict:
    """
    Save renditions of ``field_file`` beside it and describe them:
    ``{"source": name, "fallback": [[width, height, name], ...], "webp": [...],
    "card": {"fallback": [...], "webp": [...]}, "share": [[w, h, name]]}``.
    The card (16:9) and share (1200 by 630) crops are cut around ``focal``,
    the focal point as fractions of the width and height (the centre when
    None).
    """
    with field_file.open("rb") as handle:
        return _save_renditions(
            field_file.storage, field_file.name, handle, focal=focal, crops=True
        )


def rendition_names(renditions: dict) -> list[str]:
    """Every stored file ``renditions`` names (see ``make_renditions``)."""
    lists = [
        renditions.get("fallback"),
        renditions.get("webp"),
        renditions.get("share"),
    ]
    card = renditions.get("card") or {}
    lists += [card.get("fallback"), card.get("webp")]
    return [name for found in lists if found for _w, _h, name in found]


def crop_box(size: tuple[int, int], ratio: float, focal=None) -> tuple[int, ...]:
    """
    The largest box of ``ratio`` (width / height) inside an image of
    ``size``, centred on ``focal`` (fractions) as far as the edges allow.
    """
    width, height = size
    fx, fy = focal or (0.5, 0.5)
    if width / height > ratio:
        box_width, box_height = max(1, round(height * ratio)), height
    else:
        box_width, box_height = width, max(1, round(width / ratio))
    left = min(max(round(fx * width - box_width / 2), 0), width - box_width)
    top = min(max(round(fy * height - box_height / 2), 0), height - box_height)
    return left, top, left + box_width, top + box_height


def _save_renditions(storage, name: str, handle, focal=None, crops=False) -> dict:
    image, (full_width, full_height), lossless = _upright_for_renditions(handle)
    cropped = {}
    if crops:
        for kind, ratio, widths in CROPS:
            box = crop_box(image.size, ratio, focal)
            cropped[kind] = (image.crop(box), widths, ratio)
    if lossless:
        fallback = ("PNG", "png", {"compress_level": PNG_COMPRESS_LEVEL})
    else:
        fallback = ("JPEG", "jpg", {"quality": RENDITION_QUALITY, "optimize": True})
    webp = ("WEBP", "webp", {"quality": RENDITION_QUALITY, "method": WEBP_METHOD})
    stem = PurePath(name)
    folder = f"renditions/{stem.parent}"
    widths = [w for w in RENDITION_WIDTHS if w < full_width] or [full_width]
    if image.mode == "RGBA":
        # Colours weighted by their opacity once, not at every resize.
        image = image.convert("RGBa")
    # The largest first, each from the one before: the filter's cost follows
    # the size of its input, and only the first one sees the big image.
    sized = {}
    for width in reversed(widths):
        height = max(1, round(full_height * width / full_width))
        image = _resized(image, (width, height))
        sized[width] = image.convert("RGBA") if image.mode == "RGBa" else image
    jobs = [
        (width, key, image_format, ext, options)
        for width in widths
        for key, (image_format, ext, options) in (
            ("fallback", fallback),
            ("webp", webp),
        )
    ]

    # The crops: each width from the crop of the largest rendition's size.
    crop_images = {}
    for kind, (crop, widths, ratio) in cropped.items():
        for width in sorted({min(width, crop.width) for width in widths}):
            size = (width, max(1, round(width / ratio)))
            resized = _resized(crop, size)
            if resized.mode == "RGBa":
                resized = resized.convert("RGBA")
            if kind == "share" and resized.mode != "RGB":
                resized = resized.convert("RGB")
            crop_images[(kind, width)] = resized
            formats = (("fallback", fallback), ("webp", webp))
            if kind == "share":
                # Shared links are read by sites that may not know WebP.
                formats = (("fallback", SHARE_FORMAT),)
            for key, (image_format, ext, options) in formats:
                jobs.append(((kind, width), key, image_format, ext, options))

    def encode(job) -> bytes:
        width, _key, image_format, _ext, options = job
        picture = crop_images[width] if isinstance(width, tuple) else sized[width]
        buffer = io.BytesIO()
        picture.save(buffer, image_format, **options)
        return buffer.getvalue()

    # Pillow lets go of the GIL while it encodes: the files are made side by
    # side, one per core, and stored in order.
    with ThreadPoolExecutor(max_workers=ENCODING_THREADS) as pool:
        encoded = list(pool.map(encode, jobs))
    renditions = {"source": name, "fallback": [], "webp": []}
    if cropped:
        renditions.update(card={"fallback": [], "webp": []}, share=[])
    for (width, key, _format, ext, _options), data in zip(jobs, encoded, strict=True):
        if isinstance(width, tuple):
            kind, width = width
            height = crop_images[(kind, width)].height
            saved = storage.save(
                f"{folder}/{stem.stem}-{kind}-{width}.{ext}", ContentFile(data)
            )
            target = renditions["share"] if kind == "share" else renditions[kind][key]
            target.append([width, height, saved])
            continue
        saved = storage.save(f"{folder}/{stem.stem}-{width}.{ext}", ContentFile(data))
        renditions[key].append([width, sized[width].height, saved])
    return renditions


def _upright_for_renditions(handle) -> tuple[Image.Image, tuple[int, int], bool]:
    """
    The image in ``handle`` upright, in RGB (RGBA for a drawing with
    transparency), decoded no larger than the largest rendition needs where
    the format allows it; its full size upright; whether its renditions stay
    lossless (PNG and GIF: drawings and logos).
    """
    source = Image.open(handle)
    lossless = source.format in ("PNG", "GIF")
    width, height = source.size
    if source.format in ("JPEG", "MPO"):
        # JPEG decodes at 1/2, 1/4 or 1/8 of its size in a fraction of the
        # time; ask for no less than the largest rendition needs.
        upright_width = height if _turned(source) else width
        largest = [w for w in RENDITION_WIDTHS if w < upright_width] or [upright_width]
        scale = largest[-1] / upright_width
        source.draft(None, (math.ceil(width * scale), math.ceil(height * scale)))
    source.load()
    full_size = (height, width) if _turned(source) else (width, height)
    ImageOps.exif_transpose(source, in_place=True)
    image = _eight_bit(source)
    has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    target = "RGBA" if lossless and has_alpha else "RGB"
    if image.mode != target:
        image = image.convert(target)
    return image, full_size, lossless


def _turned(image: Image.Image) -> bool:
    """Whether the image's orientation turns it a quarter (width and height swap)."""
    return image.getexif().get(ORIENTATION, 1) in (5, 6, 7, 8)


def _eight_bit(image: Image.Image) -> Image.Image:
    """16-bit greyscale scaled to 8 bits (a plain convert would clip it white)."""
    if image.mode.startswith("I;16") or image.mode == "I":
        return image.point(lambda value: value / 257, "L")
    return image


def _resized(image: Image.Image, size: tuple[int, int]) -> Image.Image:
    if image.size == size:
        return image
    return image.resize(size, Image.Resampling.LANCZOS, reducing_gap=REDUCING_GAP)


# Body images


def manifest_name(name: str) -> str:
    """Where the description of a body image's renditions is stored."""
    return f"renditions/{name}.json"


def _cache_key(name: str) -> str:
    return "armcms:body-image:" + md5(name.encode(), usedforsecurity=False).hexdigest()


def make_body_image_renditions(name: str, storage=default_storage) -> dict:
    """
    Make the renditions of the stored body image ``name``, and write their
    description beside them for pages to find. ``{}`` when the image cannot
    be read (it is then shown as it is).
    """
    try:
        with storage.open(name, "rb") as handle:
            renditions = _save_renditions(storage, name, handle)
    except UNREADABLE_IMAGE_ERRORS:
        logger.warning("No renditions for %s", name, exc_info=True)
        return {}
    publish_body_image_renditions(name, renditions, storage)
    return renditions


def publish_body_image_renditions(name: str, renditions: dict, storage=default_storage):
    """Write the renditions of the image stored as ``name`` where pages
    showing it in rich text find them (see ``body_image_renditions``)."""
    manifest = manifest_name(name)
    # The description's name follows the image's, so a leftover from a
    # deleted image of the same name is replaced.
    storage.delete(manifest)
    storage.save(manifest, ContentFile(json.dumps(renditions).encode()))
    cache.set(_cache_key(name), renditions, BODY_IMAGE_CACHE_SECONDS)


def forget_body_image(name: str, storage=default_storage) -> None:
    storage.delete(manifest_name(name))
    cache.delete(_cache_key(name))


def body_image_renditions(names, storage=default_storage) -> dict:
    """
    The renditions of each stored image in ``names`` (``{}`` for one that
    has none), from the cache, else from the description beside them.
    """
    keys = {_cache_key(name): name for name in names}
    found = cache.get_many(keys)
    result = {keys[key]: value for key, value in found.items()}
    missing = {}
    for key, name in keys.items():
        if key in found:
            continue
        renditions = {}
        try:
            with storage.open(manifest_name(name), "rb") as handle:
                renditions = json.load(handle)
        except FileNotFoundError:
            pass
        except Exception:  # A page never fails for want of smaller images.
            logger.warning("Unreadable renditions of %s", name, exc_info=True)
        result[name] = missing[key] = renditions
    if missing:
        cache.set_many(missing, BODY_IMAGE_CACHE_SECONDS)
    return result
