"""Checking and cleaning an uploaded image before anything is stored.

What a browser says a file is counts for nothing: Pillow reads the file's own header (``Image.open`` reads only
that), and the file must be a JPEG, PNG or WebP whose name says so. The pixel count is checked from the header
before any pixel is decoded, so a decompression bomb (a small file that unpacks to gigapixels) is refused
without being unpacked; Pillow's own bomb check (``MAX_IMAGE_PIXELS``, set in ``apps.py``) is a second guard at
the same limit. The image is then decoded once, turned upright by its EXIF orientation, shrunk to
``IMAGE_MAX_WIDTH`` and encoded afresh without any metadata: EXIF (camera, GPS location), XMP and comments are not
copied.
"""

import io
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

FORMATS = {"JPEG": (".jpg", ".jpeg"), "PNG": (".png",), "WEBP": (".webp",)}


def clean_upload(upload):
    """A ContentFile of the cleaned image, its width and height; a ValidationError saying what is wrong."""
    if upload.size > settings.IMAGE_MAX_BYTES:
        raise ValidationError(
            _("This file is %(size)s MB; images may be at most %(limit)s MB."),
            params={"size": round(upload.size / 2**20, 1), "limit": settings.IMAGE_MAX_BYTES // 2**20},
            code="too_large",
        )
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            kind, (width, height) = image.format, image.size
            _check(upload.name, kind, width, height)
            image.load()
            cleaned = _reencode(image, kind)
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError, ValueError) as error:
        if isinstance(error, Image.DecompressionBombError):
            raise ValidationError(_("This image has too many pixels to open safely."), code="bomb") from None
        raise ValidationError(
            _("This file is not an image we can read (JPEG, PNG or WebP), or it is damaged."), code="not_image"
        ) from None
    name = PurePath(get_valid_filename(PurePath(upload.name).stem) or "image").with_suffix(FORMATS[kind][0]).name
    return ContentFile(cleaned.getvalue(), name=name), cleaned.width, cleaned.height


def _check(name, kind, width, height):
    if kind not in FORMATS:
        raise ValidationError(
            _("This file is a %(kind)s image; upload a JPEG, PNG or WebP."), params={"kind": kind}, code="format"
        )
    suffix = PurePath(name or "").suffix.lower()
    if suffix not in FORMATS[kind]:
        raise ValidationError(
            _("This file is a %(kind)s image but its name ends in “%(suffix)s”. Rename it to end in %(right)s."),
            params={"kind": kind, "suffix": suffix or _("(nothing)"), "right": FORMATS[kind][0]},
            code="mistyped",
        )
    if width * height > settings.IMAGE_MAX_PIXELS:
        raise ValidationError(
            _("This image is %(width)d × %(height)d pixels; at most %(limit)s million pixels are accepted."),
            params={"width": width, "height": height, "limit": settings.IMAGE_MAX_PIXELS // 1_000_000},
            code="bomb",
        )


class Cleaned(io.BytesIO):
    width = height = 0


def _reencode(image, kind):
    image = ImageOps.exif_transpose(image)  # upright, as the camera meant; the orientation tag goes with the rest
    if image.width > settings.IMAGE_MAX_WIDTH:
        image = image.resize(
            (settings.IMAGE_MAX_WIDTH, round(image.height * settings.IMAGE_MAX_WIDTH / image.width)),
            Image.Resampling.LANCZOS,
        )
    if kind == "JPEG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    out = Cleaned()
    options = {"JPEG": {"quality": 88, "optimize": True}, "PNG": {"optimize": True}, "WEBP": {"quality": 85}}[kind]
    image.save(out, format=kind, **options)  # no exif=, no pnginfo=: nothing but pixels is written
    out.width, out.height = image.size
    return out
