"""Query budgets of the cart API: adding to a cart, changing a line, applying a voucher and reading the cart cost a
fixed number of queries, the same for a cart of 1 line as for 10 lines from 3 shops (every product with an image),
without and with running promotions and vouchers on the cart. The running promotions come from the cache (as for
every request but the first after a promotion changes), so they cost no query here."""
import pytest
from django.urls import reverse

from apps.cart.models import Cart, CartItem
from apps.vouchers.selectors import PromotionSnapshot
from tests.factories.catalog import CategoryFactory, ProductImageFactory, VariantFactory
from tests.factories.shops import ShopFactory
from tests.factories.vouchers import CategoryDiscountFactory, FlashSaleItemFactory, VoucherFactory

pytestmark = pytest.mark.django_db

SIZES = [1, 10]

# user (JWT), cart, variant with product/shop/category, line upsert, cart touch,
# the cart's lines with product, shop, category and main image
ADD = 6
# user (JWT), cart, the line, line update and cart touch (one transaction: in
# production BEGIN and COMMIT, which Django does not count; here the test's, joined without a savepoint), the cart's
# lines
CHANGE = 6
# user (JWT), cart, the cart's lines
READ = 3
# with vouchers on the cart: the vouchers, the categories of the category-scoped one, the buyer's uses of those with
# a per-user limit, whether the buyer ordered before, the ancestors of the lines' categories
VOUCHERS = 5
# POST /cart/vouchers prices the cart once, for the check and the answer: user (JWT), cart, the code's voucher and
# the buyer's uses of it, the cart's lines, the cart's codes (the vouchers, the
# buyer's uses, whether the buyer ordered before), saving the codes
APPLY = 9


@pytest.fixture
def category():
    return CategoryFactory(parent=CategoryFactory())


def _variant(shop, category):
    variant = VariantFactory(product__shop=shop, product__category=category, stock=50)
    ProductImageFactory(product=variant.product)
    return variant


def _cart(user, category, size, *, offers: bool) -> tuple[Cart, list, object]:
    """A cart of `size` lines (10: from 3 shops) and a variant of the first shop that is not in it."""
    shops = [ShopFactory() for _ in range(3)]
    variants = [_variant(shops[i % 3] if size > 1 else shops[0], category) for i in range(size + 1)]
    cart = Cart.objects.create(user=user)
    CartItem.objects.bulk_create([CartItem(cart=cart, variant=v, quantity=1, unit_price_at_add=v.price)
                                  for v in variants[:size]])
    if offers:
        FlashSaleItemFactory(variant=variants[0], sale_price=variants[0].price - 10000, quantity_limit=20)
        CategoryDiscountFactory(category=category.get_parent(), percent=5)
        shop_voucher = VoucherFactory(shop=shops[0], scope="categories", per_user_limit=None)
        shop_voucher.categories.add(category.get_parent())
        VoucherFactory(code="ALL5", value=5, per_user_limit=2)
        cart.voucher_codes = [shop_voucher.code, "ALL5"]
        cart.save(update_fields=["voucher_codes"])
    PromotionSnapshot()  # what any earlier request did: the running promotions are in the cache
    return cart, variants[:size], variants[size]


@pytest.mark.parametrize("offers", [False, True], ids=["plain", "offers"])
@pytest.mark.parametrize("size", SIZES)
def test_adding_to_the_cart(auth_client, django_assert_num_queries, category, size, offers):
    cart, lines, new = _cart(auth_client.user, category, size, offers=offers)
    budget = ADD + (VOUCHERS if offers else 0)
    url = reverse("api:cart-items")
    with django_assert_num_queries(budget):
        response = auth_client.post(url, {"variant_id": str(new.pk), "quantity": 1}, format="json")
    assert response.status_code == 201
    assert response.json()["item_count"] == size + 1
    if offers:
        assert len(response.json()["vouchers"]) == 2
    with django_assert_num_queries(budget):  # again: onto the line just made
        response = auth_client.post(url, {"variant_id": str(new.pk), "quantity": 2}, format="json")
    assert response.json()["item_count"] == size + 3


@pytest.mark.parametrize("offers", [False, True], ids=["plain", "offers"])
@pytest.mark.parametrize("size", SIZES)
def test_changing_a_line(auth_client, django_assert_num_queries, category, size, offers):
    cart, lines, _new = _cart(auth_client.user, category, size, offers=offers)
    item = CartItem.objects.get(cart=cart, variant=lines[-1])
    with django_assert_num_queries(CHANGE + (VOUCHERS if offers else 0)):
        response = auth_client.patch(reverse("api:cart-item", kwargs={"pk": item.pk}), {"quantity": 3}, format="json")
    assert response.status_code == 200
    assert response.json()["item_count"] == size + 2


@pytest.mark.parametrize("offers", [False, True], ids=["plain", "offers"])
@pytest.mark.parametrize("size", SIZES)
def test_reading_the_cart(auth_client, django_assert_num_queries, category, size, offers):
    _cart(auth_client.user, category, size, offers=offers)
    with django_assert_num_queries(READ + (VOUCHERS if offers else 0)):
        response = auth_client.get(reverse("api:cart"))
    body = response.json()
    assert body["item_count"] == size
    assert all(line["image"] for shop in body["shops"] for line in shop["items"])
    if offers:
        assert body["discount"] != "0.00"
        assert body["shops"][0]["items"][0]["regular_price"] is not None


@pytest.mark.parametrize("size", SIZES)
def test_applying_a_voucher(auth_client, django_assert_num_queries, category, size):
    cart, _lines, _new = _cart(auth_client.user, category, size, offers=True)
    cart.voucher_codes = []
    cart.save(update_fields=["voucher_codes"])
    with django_assert_num_queries(APPLY):
        response = auth_client.post(reverse("api:cart-vouchers"), {"code": "ALL5"}, format="json")
    assert response.status_code == 200
    assert response.content == auth_client.get(reverse("api:cart")).content  # what GET /cart then answers
    assert [v["code"] for v in response.json()["vouchers"]] == ["ALL5"]
