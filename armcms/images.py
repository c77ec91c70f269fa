"""
Image renditions: smaller copies of an uploaded image, in its own format and
in WebP, made when the image is saved so no visitor waits for them. Templates
print them as ``srcset`` so a phone never downloads a desktop-size image.
"""

import io
from pathlib import PurePath

from django.core.files.base import ContentFile
from PIL import Image, ImageOps

RENDITION_WIDTHS = (480, 960, 1600)


def make_renditions(field_file) -> dict:
    """
    Save renditions of ``field_file`` beside it and describe them:
    ``{"source": name, "fallback": [[width, height, name], ...], "webp": [...]}``.
    """
    storage = field_file.storage
    with field_file.open("rb") as handle:
        source = Image.open(handle)
        # Drawings and logos (PNG, GIF) stay lossless; photos become JPEG.
        lossless = source.format in ("PNG", "GIF")
        image = ImageOps.exif_transpose(source)
        image.load()
    has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    image = image.convert("RGBA" if lossless and has_alpha else "RGB")
    fallback_format, fallback_ext = ("PNG", "png") if lossless else ("JPEG", "jpg")
    stem = PurePath(field_file.name)
    folder = f"renditions/{stem.parent}"
    widths = [w for w in RENDITION_WIDTHS if w < image.width] or [image.width]
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
