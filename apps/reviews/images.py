"""Review photos: checked by content with Pillow (not by name or browser-sent type), at most 5 MB each and
5 per review; re-encoded on the way in so the shopper's camera metadata (GPS position, device) is dropped."""
import io
from pathlib import PurePath

from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from apps.core.errors import ValidationFailed
from apps.reviews import domain

MAX_SIDE = 2000


def _invalid(message) -> ValidationFailed:
    return ValidationFailed(message, details={"images": [str(message)]})


def _size(file) -> int:
    size = getattr(file, "size", None)
    if size is None:
        file.seek(0, io.SEEK_END)
        size = file.tell()
        file.seek(0)
    return size


def image_validate(file) -> str:
    """The image format of `file`; ValidationFailed unless it is a real JPEG/PNG/WebP/GIF of at most 5 MB."""
    size = _size(file)
    if size > domain.MAX_IMAGE_BYTES:
        raise _invalid(_("An image may be at most 5 MB."))
    if size == 0:
        raise _invalid(_("The file is empty."))
    try:
        file.seek(0)
        with Image.open(file) as img:
            fmt = img.format
            img.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise _invalid(_("The file is not an image we accept (JPEG, PNG, WebP or GIF).")) from None
    finally:
        file.seek(0)
    if fmt not in domain.ALLOWED_IMAGE_FORMATS:
        raise _invalid(_("The file is not an image we accept (JPEG, PNG, WebP or GIF)."))
    return fmt


def images_validate(files, *, existing: int = 0) -> list:
    """Validate every file and the total count (existing + new ≤ 5); returns the files as a list."""
    files = [f for f in (files or []) if f]
    if existing + len(files) > domain.MAX_IMAGES:
        raise _invalid(_("A review can have at most %(n)s images.") % {"n": domain.MAX_IMAGES})
    for file in files:
        image_validate(file)
    return files


def image_clean(file) -> ContentFile:
    """The image without metadata, upright, at most 2000 px a side. GIFs are kept as they are (animation)."""
    fmt = image_validate(file)
    stem = PurePath(getattr(file, "name", "") or "image").stem[:60] or "image"
    if fmt == "GIF":
        file.seek(0)
        return ContentFile(file.read(), name=f"{stem}.gif")
    file.seek(0)
    with Image.open(file) as img:
        img = ImageOps.exif_transpose(img)
        img.thumbnail((MAX_SIDE, MAX_SIDE))
        out = io.BytesIO()
        if fmt == "JPEG":
            img.convert("RGB").save(out, "JPEG", quality=88, optimize=True)
            ext = "jpg"
        elif fmt == "PNG":
            img.save(out, "PNG", optimize=True)
            ext = "png"
        else:
            img.save(out, "WEBP", quality=88)
            ext = "webp"
    file.seek(0)
    return ContentFile(out.getvalue(), name=f"{stem}.{ext}")
