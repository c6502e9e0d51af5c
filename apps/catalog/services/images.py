"""Product images: checked by content (Pillow), at most 5 MB and 10 per product; thumbnails in the background."""
import io
from pathlib import PurePath

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from apps.catalog import domain
from apps.catalog.cache import catalog_changed
from apps.catalog.models import ProductImage
from apps.core.errors import BusinessRuleViolation, NotFound, ValidationFailed

THUMBNAIL_SIZE = (400, 400)
_EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}


def _invalid(message) -> ValidationFailed:
    return ValidationFailed(message, details={"file": [str(message)]})


def image_validate(file) -> str:
    """Return the image format; refuse anything that is not a real JPEG/PNG/WebP/GIF of at most 5 MB."""
    size = getattr(file, "size", None)
    if size is None:
        file.seek(0, io.SEEK_END)
        size = file.tell()
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


def image_add(*, product, by, file, alt: str = "") -> ProductImage:
    fmt = image_validate(file)
    with transaction.atomic():
        # Lock the product row so two uploads cannot both pass the count check.
        type(product).objects.select_for_update().filter(pk=product.pk).first()
        existing = product.images.count()
        if existing >= domain.MAX_IMAGES_PER_PRODUCT:
            raise BusinessRuleViolation(_("A product can have at most %(n)s images.")
                                        % {"n": domain.MAX_IMAGES_PER_PRODUCT})
        position = (product.images.aggregate(m=Max("position"))["m"] or 0) + 1 if existing else 0
        image = ProductImage(product=product, alt=(alt or product.title)[:200], position=position)
        # The stored name ends in the real format's extension, whatever the upload was called: "page.html"
        # holding a PNG is saved as "page.png" and so served as image/png, never as text/html.
        stem = PurePath(getattr(file, "name", "") or "image").stem[-70:] or "image"
        image.image.save(f"{stem}.{_EXTENSIONS[fmt]}", file, save=False)
        image.save()
        from apps.catalog.tasks import make_thumbnail

        transaction.on_commit(lambda: make_thumbnail.delay(image_id=str(image.pk)))
        catalog_changed()
    return image


def image_make_thumbnail(*, image: ProductImage) -> None:
    """Write a 400 px JPEG thumbnail next to the image."""
    with image.image.open("rb") as fh, Image.open(fh) as img:
        img = img.convert("RGB")
        img.thumbnail(THUMBNAIL_SIZE)
        out = io.BytesIO()
        img.save(out, "JPEG", quality=82, optimize=True)
    name = PurePath(image.image.name).stem + "-thumb.jpg"
    image.thumbnail.save(name, ContentFile(out.getvalue()), save=False)
    image.save(update_fields=["thumbnail", "updated_at"])
    catalog_changed()


def image_update(*, image: ProductImage, alt: str) -> ProductImage:
    image.alt = (alt or "")[:200]
    image.save(update_fields=["alt", "updated_at"])
    catalog_changed()
    return image


def image_reorder(*, product, image_ids) -> list[ProductImage]:
    """Put the product's images in the given order (the list must name each of its images once)."""
    images = {str(i.pk): i for i in product.images.all()}
    ids = [str(i) for i in image_ids]
    if sorted(ids) != sorted(images):
        raise ValidationFailed(_("List every image of the product exactly once."),
                               details={"image_ids": [_("List every image of the product exactly once.")]})
    for position, pk in enumerate(ids):
        images[pk].position = position
    ProductImage.objects.bulk_update(images.values(), ["position"])
    catalog_changed()
    return [images[pk] for pk in ids]


def image_delete(*, image: ProductImage) -> None:
    storage_names = [f.name for f in (image.image, image.thumbnail) if f]
    storage = image.image.storage
    image.delete()
    catalog_changed()
    transaction.on_commit(lambda: [storage.delete(n) for n in storage_names])


def image_for_seller(*, shop, image_id) -> ProductImage:
    try:
        return ProductImage.objects.select_related("product").get(pk=image_id, product__shop=shop,
                                                                  product__is_deleted=False)
    except (ProductImage.DoesNotExist, ValueError, TypeError, DjangoValidationError):
        raise NotFound(_("Image not found.")) from None
