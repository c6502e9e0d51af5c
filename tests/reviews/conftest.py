import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tests.factories.accounts import UserFactory
from tests.factories.catalog import ProductFactory
from tests.factories.reviews import delivered_order
from tests.factories.shops import ShopFactory


@pytest.fixture
def buyer(db):
    return UserFactory(full_name="Nguyễn Văn An")


@pytest.fixture
def other_buyer(db):
    return UserFactory(full_name="Trần Thị Bình")


@pytest.fixture
def shop(db):
    return ShopFactory(name="Điện Thoại Sài Gòn")


@pytest.fixture
def product(shop):
    return ProductFactory(shop=shop, title="Điện thoại X")


@pytest.fixture
def order(buyer, product):
    """A delivered order of `buyer` with `product`."""
    return delivered_order(buyer=buyer, product=product)


def image_bytes(fmt: str = "JPEG", size=(40, 30), exif=None) -> bytes:
    out = io.BytesIO()
    img = Image.new("RGB", size, "red")
    kwargs = {"exif": exif} if exif is not None else {}
    img.save(out, fmt, **kwargs)
    return out.getvalue()


@pytest.fixture
def make_image():
    """make_image(name="a.jpg", fmt="JPEG") → an uploaded image file."""

    def _make(name: str = "photo.jpg", fmt: str = "JPEG", **kwargs):
        content_type = {"JPEG": "image/jpeg", "PNG": "image/png", "GIF": "image/gif", "WEBP": "image/webp"}[fmt]
        return SimpleUploadedFile(name, image_bytes(fmt, **kwargs), content_type=content_type)

    return _make
