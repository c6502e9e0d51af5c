"""Order use cases: checkout summary, placement, status changes, cancellation, payment bookkeeping.

Transactions are short and live here. Stock is taken once per placement through catalog's stock_take,
which locks the variant rows ordered by pk, so concurrent buyers queue on the rows instead of overselling
or deadlocking; a placement computes everything before its transaction and takes that lock last, so the
rows stay locked for a few statements. Notifications and other side effects are queued with
transaction.on_commit.
"""
import logging
import uuid
from collections.abc import Iterable, Sequence

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.catalog.selectors import image_file_url
from apps.core.errors import (
    BusinessRuleViolation,
    DomainError,
    NotFound,
    OutOfStock,
    ValidationFailed,
    VoucherInvalid,
)
from apps.orders.domain import (
    ONLINE_PAYMENT_METHODS,
    Actor,
    OrderStatus,
    PaymentStatus,
    ShippingMethod,
    ensure_actor_may,
    ensure_transition,
    estimated_delivery_date,
    order_number_generate,
)
from apps.orders.locks import orders_qs_select_for_update
from apps.orders.models import Order, OrderItem, OrderStatusHistory
from apps.orders.selectors import (
    orders_for_idempotency_key,
    orders_with_details_loaded,
    payment_methods_available,
)

logger = logging.getLogger(__name__)

ORDER_NUMBER_ATTEMPTS = 8
MAX_IDEMPOTENCY_KEY_LENGTH = 100


# --- checkout ---------------------------------------------------------------------------------
def checkout_validate_methods(*, shipping_method: str, payment_method: str | None) -> None:
    errors = {}
    if shipping_method not in ShippingMethod.values:
        errors["shipping_method"] = [_("Choose standard or express delivery.")]
    if payment_method is not None and payment_method not in payment_methods_available():
        errors["payment_method"] = [_("This payment method is not available.")]
    if errors:
        raise ValidationFailed(next(iter(errors.values()))[0], details=errors)


def checkout_summary(*, buyer, shipping_method: str = ShippingMethod.STANDARD, voucher_codes: Sequence[str] = (),
                     payment_method: str | None = None):
    """Price the buyer's cart as it would be ordered now (cart_quote). Creates nothing."""
    from apps.cart.services import cart_get_for_user, cart_quote

    checkout_validate_methods(shipping_method=shipping_method, payment_method=payment_method)
    cart = cart_get_for_user(buyer)
    return cart_quote(cart=cart, user=buyer, shipping_method=shipping_method,
                      voucher_codes=_clean_codes(voucher_codes))


def _clean_codes(codes: Iterable[str]) -> tuple[str, ...]:
    seen: list[str] = []
    for code in codes or ():
        code = (code or "").strip().upper()
        if code and code not in seen:
            seen.append(code)
    return tuple(seen)


def _ensure_quote_placeable(quote, requested_codes: tuple[str, ...]) -> None:
    """Something orderable, and every voucher the buyer asked for accepted (they would pay more otherwise).

    Lines the quote marks unavailable stay in the cart and are left out, as in the summary's totals.
    """
    lines = [line for shop in quote.shops for line in shop.lines]
    if not lines:
        raise BusinessRuleViolation(_("Your cart is empty."), code="cart_empty")
    if not any(line.available for line in lines):
        line = lines[0]
        raise OutOfStock(
            _("“%(title)s” is no longer available in the quantity you chose.") % {"title": line.title},
            details={"variant_id": str(line.variant_id), "available": 0},
        )
    refused = {code: reason for code, reason in (quote.refused_vouchers or {}).items() if code in requested_codes}
    if refused:
        code, reason = next(iter(refused.items()))
        raise VoucherInvalid(_("Voucher %(code)s cannot be used: %(reason)s") % {"code": code, "reason": reason},
                             details={"voucher_codes": {c: str(r) for c, r in refused.items()}})


def _orderable(quote) -> list[tuple[object, list]]:
    """(shop quote, its available lines) for every shop with something to order."""
    result = []
    for shop_quote in quote.shops:
        lines = [line for line in shop_quote.lines if line.available]
        if lines:
            result.append((shop_quote, lines))
    return result


def _variants_for_snapshots(items: dict) -> dict:
    """{variant id: variant} of the priced cart lines (cart.selectors.cart_lines_for_checkout read what the
    snapshots and the placed orders' shop need in the same query), each with `image_name`, the product's main
    image file."""
    variants = {}
    for item in items.values():
        item.variant.image_name = item.image_name
        variants[item.variant_id] = item.variant
    return variants


def _snapshots(variant) -> tuple[dict, dict]:
    product = variant.product
    product_snapshot = {
        "id": str(product.pk), "title": product.title, "slug": product.slug,
        "shop_id": str(product.shop_id), "shop_name": product.shop.name,
        "category_id": product.category_id, "category": product.category.name if product.category_id else "",
        "brand": product.brand.name if product.brand_id else "", "condition": product.condition,
        "image": image_file_url(variant.image_name),
    }
    variant_snapshot = {
        "id": str(variant.pk), "name": variant.name, "sku": variant.sku, "attributes": variant.attributes,
        "price": str(variant.price),
        "compare_at_price": str(variant.compare_at_price) if variant.compare_at_price is not None else None,
    }
    return product_snapshot, variant_snapshot


def _orders_insert_with_numbers(orders: list[Order], today) -> None:
    """Give the orders fresh readable numbers; the unique constraint decides, we retry all on a clash."""
    for _attempt in range(ORDER_NUMBER_ATTEMPTS):
        for order in orders:
            order.order_number = order_number_generate(today)
        try:
            with transaction.atomic():
                Order.objects.bulk_create(orders)
            return
        except IntegrityError as exc:
            if "order_number" not in str(exc):
                raise
    raise BusinessRuleViolation(_("Could not allocate an order number. Please try again."))


def order_place(*, buyer, address, shipping_method: str, payment_method: str, voucher_codes: Sequence[str] = (),
                notes: str = "", idempotency_key: str | None = None) -> list[Order]:
    """Turn the buyer's cart into one pending order per shop, returned with their shop, items and status history
    loaded (oldest first, as selectors.orders_for_checkout reads them).

    Same buyer + same Idempotency-Key → the orders of the first call, nothing new.
    """
    key = (idempotency_key or "").strip()
    if len(key) > MAX_IDEMPOTENCY_KEY_LENGTH:
        raise ValidationFailed(_("The Idempotency-Key is too long."),
                               details={"idempotency_key": [_("At most 100 characters.")]})
    if key and (existing := orders_for_idempotency_key(buyer, key)):
        return existing

    try:
        return _orders_create(buyer=buyer, address=address, shipping_method=shipping_method,
                              payment_method=payment_method, voucher_codes=voucher_codes, notes=notes, key=key)
    except (IntegrityError, DomainError):
        # A concurrent request with the same Idempotency-Key committed first (its insert won the unique
        # constraint, or it emptied the cart before we priced it): answer with its orders.
        if key and (existing := orders_for_idempotency_key(buyer, key)):
            return existing
        raise


def _orders_create(*, buyer, address, shipping_method, payment_method, voucher_codes, notes, key) -> list[Order]:
    """Price and build everything first; the transaction only writes, and takes the contended rows last
    (flash-sale caps, stock, then vouchers, each in pk order), so they stay locked for a few statements."""
    from apps.cart.services import cart_get_for_user, cart_quote_for_checkout, cart_remove_variants
    from apps.catalog.services import stock_take
    from apps.vouchers.services import promotions_record_sales, vouchers_redeem

    checkout_validate_methods(shipping_method=shipping_method, payment_method=payment_method)
    if address is None or address.user_id != buyer.pk:
        raise ValidationFailed(_("Choose one of your addresses."),
                               details={"address_id": [_("Choose one of your addresses.")]})

    codes = _clean_codes(voucher_codes)
    cart = cart_get_for_user(buyer)
    quote, cart_items = cart_quote_for_checkout(cart=cart, user=buyer, shipping_method=shipping_method,
                                                voucher_codes=codes)
    _ensure_quote_placeable(quote, codes)

    orderable = _orderable(quote)
    ordered = [line for _shop, lines in orderable for line in lines]
    variant_ids = [line.variant_id for line in ordered]
    variants = _variants_for_snapshots(cart_items)
    checkout_id = uuid.uuid4()
    address_snapshot = address.snapshot()
    today = timezone.localdate()
    orders: list[Order] = []
    items: list[OrderItem] = []
    history: list[OrderStatusHistory] = []
    vouchers: list[tuple[Order, tuple[str, ...], object]] = []
    for shop_quote, lines in orderable:
        order = Order(
            checkout_id=checkout_id, buyer=buyer, shop=variants[lines[0].variant_id].product.shop,
            status=OrderStatus.PENDING, payment_method=payment_method, payment_status=PaymentStatus.UNPAID,
            shipping_address=address_snapshot, shipping_method=shipping_method,
            estimated_delivery_date=estimated_delivery_date(today, shop_quote.estimated_delivery_days),
            subtotal=shop_quote.subtotal, shipping_fee=shop_quote.shipping_fee, discount=shop_quote.discount,
            tax=shop_quote.tax, total=shop_quote.total, currency=quote.currency,
            voucher_codes=list(shop_quote.voucher_codes), notes=(notes or "").strip(), idempotency_key=key,
        )
        orders.append(order)
        history.append(OrderStatusHistory(order=order, status=OrderStatus.PENDING, by=buyer, actor=Actor.BUYER))
        if shop_quote.voucher_codes:
            # The amount per code when pricing says it (beyond the contract), else the order's discount.
            per_code = dict(getattr(shop_quote, "voucher_discounts", ()) or ())
            vouchers.append((order, tuple(shop_quote.voucher_codes), per_code or shop_quote.discount))
        for line in lines:
            variant = variants[line.variant_id]
            product_snapshot, variant_snapshot = _snapshots(variant)
            items.append(OrderItem(
                order=order, product_id=variant.product_id, variant=variant,
                product_snapshot=product_snapshot, variant_snapshot=variant_snapshot,
                quantity=line.quantity, unit_price=line.unit_price, subtotal=line.line_total,
            ))
    sold = sorted((line.variant_id, line.quantity) for line in ordered)
    # Only the lines the quote priced with a flash sale count against (and can be refused by) its cap.
    flash_sold = [(line.flash_sale_item_id, line.quantity) for line in ordered if line.flash_sale_item_id is not None]

    with transaction.atomic():
        _orders_insert_with_numbers(orders, today)
        for entry in history:
            entry.at = entry.order.created_at
        OrderItem.objects.bulk_create(items)
        OrderStatusHistory.objects.bulk_create(history)
        cart_remove_variants(cart=cart, variant_ids=variant_ids)
        promotions_record_sales(items=flash_sold)
        stock_take(items=sold, reason="order", reference=str(checkout_id), by=buyer)
        if vouchers:
            vouchers_redeem(user=buyer, order_vouchers=vouchers)
        _after_placement(orders)
    return orders_with_details_loaded(orders, items=items, history=history)


def _after_placement(orders: list[Order]) -> None:
    from apps.orders import tasks

    order_ids = [str(o.pk) for o in orders]
    transaction.on_commit(lambda: tasks.orders_placed_follow_up.delay(order_ids=order_ids))


# --- status changes ---------------------------------------------------------------------------
def _actors_of(order: Order, by) -> list[str]:
    """The capacities in which `by` may act on `order` (most powerful first); NotFound if none."""
    if by is None:
        return [Actor.SYSTEM]
    actors = []
    if by.is_staff:
        actors.append(Actor.STAFF)
    if order.shop.owner_id == by.pk:
        actors.append(Actor.SELLER)
    if order.buyer_id == by.pk:
        actors.append(Actor.BUYER)
    if not actors:
        raise NotFound(_("Order not found."))
    return actors


def _pick_actor(actors: list[str], target: str) -> str:
    for actor in actors:
        try:
            ensure_actor_may(actor, target)
        except BusinessRuleViolation:
            continue
        return actor
    ensure_actor_may(actors[-1], target)  # raises, worded for the least powerful capacity
    return actors[-1]


def order_transition(*, order: Order, to_status: str, by, note: str = "", tracking_number: str = "",
                     carrier: str = "", actor: str | None = None, stock_reason: str = "cancellation") -> Order:
    """Move an order along the pipeline, as `by` (None = the system), keeping its history.

    Cancelling gives the stock and the vouchers back. InvalidTransition (422) for anything the pipeline
    or the actor's role forbids.
    """
    from apps.catalog.services import stock_release
    from apps.vouchers.services import vouchers_release

    note = (note or "").strip()
    with transaction.atomic():
        order = orders_qs_select_for_update(Order.objects.filter(pk=order.pk)).get()
        actor = actor or _pick_actor(_actors_of(order, by), to_status)
        ensure_actor_may(actor, to_status)
        ensure_transition(order.status, to_status)
        if (to_status == OrderStatus.CONFIRMED and order.payment_method in ONLINE_PAYMENT_METHODS
                and order.payment_status != PaymentStatus.PAID):
            raise BusinessRuleViolation(_("This order is paid online and has not been paid yet."),
                                        code="payment_required")
        from_status, now = order.status, timezone.now()
        order.status = to_status
        fields = ["status", "updated_at"]
        if to_status == OrderStatus.SHIPPING:
            order.tracking_number = (tracking_number or order.tracking_number).strip()
            order.carrier = (carrier or order.carrier).strip()
            fields += ["tracking_number", "carrier"]
        elif to_status == OrderStatus.DELIVERED:
            order.delivered_at = now
            fields.append("delivered_at")
        elif to_status == OrderStatus.COMPLETED:
            order.completed_at = now
            fields.append("completed_at")
        elif to_status == OrderStatus.CANCELLED:
            order.cancelled_at, order.cancellation_reason = now, note
            fields += ["cancelled_at", "cancellation_reason"]
            lines = sorted((item.variant_id, item.quantity) for item in order.items.all() if item.variant_id)
            if lines:
                stock_release(items=lines, reason=stock_reason, reference=order.order_number, by=by)
            vouchers_release(order=order)
        order.save(update_fields=fields)
        OrderStatusHistory.objects.create(order=order, status=to_status, by=by, actor=actor, note=note, at=now)
        _after_transition(order, from_status, to_status, by)
    return order


def _after_transition(order: Order, from_status: str, to_status: str, by) -> None:
    from apps.orders import tasks
    from apps.orders.signals import order_status_changed

    order_id = str(order.pk)
    transaction.on_commit(lambda: tasks.orders_notify_status.delay(order_id=order_id, status=to_status))
    transaction.on_commit(lambda: order_status_changed.send(sender=Order, order=order, from_status=from_status,
                                                            to_status=to_status, by=by))


def order_cancel(*, order: Order, by, reason: str) -> Order:
    """Cancel a pending or confirmed order; its stock and vouchers come back."""
    return order_transition(order=order, to_status=OrderStatus.CANCELLED, by=by, note=reason)


def orders_bulk_confirm(*, shop, order_ids: Iterable, by) -> tuple[list[Order], dict[str, str]]:
    """Confirm several of the shop's orders; returns (confirmed, {order_id: why not})."""
    confirmed, refused = [], {}
    orders = Order.objects.filter(shop=shop, pk__in=list(order_ids)).select_related("shop").order_by("pk")
    found = {str(o.pk): o for o in orders}
    for order_id in order_ids:
        order = found.get(str(order_id))
        if order is None:
            refused[str(order_id)] = str(_("Order not found."))
            continue
        try:
            confirmed.append(order_transition(order=order, to_status=OrderStatus.CONFIRMED, by=by,
                                              actor=Actor.SELLER))
        except BusinessRuleViolation as exc:
            refused[str(order_id)] = str(exc.message)
    return confirmed, refused


def orders_auto_complete(*, now=None, after_days: int | None = None) -> int:
    """Complete delivered orders nobody complained about within ORDER_AUTO_COMPLETE_DAYS; returns how many."""
    from datetime import timedelta

    from django.conf import settings

    now = now or timezone.now()
    days = after_days if after_days is not None else getattr(settings, "ORDER_AUTO_COMPLETE_DAYS", 7)
    due = Order.objects.filter(status=OrderStatus.DELIVERED, delivered_at__lte=now - timedelta(days=days))
    count = 0
    for order in due.only("pk").iterator():
        try:
            order_transition(order=order, to_status=OrderStatus.COMPLETED, by=None, actor=Actor.SYSTEM,
                             note=_("Completed automatically after delivery."))
            count += 1
        except BusinessRuleViolation:
            continue  # changed meanwhile
    return count


# --- payments ---------------------------------------------------------------------------------
def order_expire_unpaid(*, order: Order) -> Order:
    """An online payment never arrived: cancel the still-pending order and give its stock back.

    A no-op for orders that were paid or moved on meanwhile, so the payments task may call it twice.
    """
    with transaction.atomic():
        current = orders_qs_select_for_update(Order.objects.filter(pk=order.pk)).get()
        if current.status != OrderStatus.PENDING or current.payment_status == PaymentStatus.PAID:
            return current
        return order_transition(order=current, to_status=OrderStatus.CANCELLED, by=None, actor=Actor.SYSTEM,
                                note=_("The payment was not received in time."), stock_reason="expiry")


def order_mark_paid(*, order: Order, by=None) -> Order:
    """Record that the order is paid (idempotent)."""
    with transaction.atomic():
        order = orders_qs_select_for_update(Order.objects.filter(pk=order.pk)).get()
        if order.payment_status != PaymentStatus.PAID:
            order.payment_status, order.paid_at = PaymentStatus.PAID, timezone.now()
            order.save(update_fields=["payment_status", "paid_at", "updated_at"])
    return order


def order_set_payment_status(*, order: Order, payment_status: str) -> Order:
    if payment_status not in PaymentStatus.values:
        raise ValidationFailed(_("Unknown payment status."), details={"payment_status": [payment_status]})
    if payment_status == PaymentStatus.PAID:
        return order_mark_paid(order=order)
    with transaction.atomic():
        order = orders_qs_select_for_update(Order.objects.filter(pk=order.pk)).get()
        if order.payment_status != payment_status:
            order.payment_status = payment_status
            order.save(update_fields=["payment_status", "updated_at"])
    return order
