"""Plain dicts of a quote, saved items and wishlist items, shared by the API serializers and the pages."""
from django.conf import settings

from apps.catalog.selectors import image_file_url


def image_url(product) -> str:
    image = product.main_image
    if not image:
        return ""
    field = image.thumbnail or image.image
    try:
        return field.url
    except ValueError:
        return ""


def product_url(product) -> str:
    try:
        return product.get_absolute_url()
    except Exception:  # noqa: BLE001 - the catalog's page may not be routed; the cart still renders
        return f"/p/{product.slug}/"


def line_data(line, item) -> dict:
    product = item.variant.product if item is not None else None
    return {
        "id": line.item_id, "variant_id": line.variant_id, "product_id": line.product_id,
        "product_slug": product.slug if product else "", "title": line.title, "variant_name": line.variant_name,
        "image": image_file_url(item.image_name) if product else "", "quantity": line.quantity, "unit_price": line.unit_price,
        "regular_price": line.regular_price, "line_total": line.line_total, "available": line.available,
        "unavailable_reason": str(line.unavailable_reason), "price_changed_from": line.price_changed_from,
        "stock": line.stock, "saved_for_later": False, "promotion_ends_at": line.promotion_ends_at,
        "item": item, "url": product_url(product) if product else "",
    }


def cart_data(quote, items_by_id: dict, *, adjustments=None) -> dict:
    shops = []
    for shop in quote.shops:
        shops.append({
            "shop": {"id": shop.shop_id, "name": shop.shop_name},
            "items": [line_data(line, items_by_id.get(line.item_id)) for line in shop.lines],
            "subtotal": shop.subtotal, "shipping_fee": shop.shipping_fee, "discount": shop.discount, "tax": shop.tax,
            "total": shop.total, "voucher_codes": list(shop.voucher_codes),
            "estimated_delivery_days": shop.estimated_delivery_days,
            "amount_to_free_shipping": shop.amount_to_free_shipping,
            "shipping_discount": shop.shipping_discount,
        })
    data = {
        "shops": shops, "subtotal": quote.subtotal, "shipping_fee": quote.shipping_fee, "discount": quote.discount,
        "tax": quote.tax, "total": quote.total, "currency": quote.currency,
        "prices_include_tax": quote.prices_include_tax, "shipping_method": quote.shipping_method,
        "item_count": quote.item_count,
        "vouchers": [{"code": v.code, "title": v.title, "type": v.type, "shop_id": v.shop_id, "amount": v.amount}
                     for v in quote.vouchers],
        "refused_vouchers": {code: str(reason) for code, reason in quote.refused_vouchers.items()},
    }
    if adjustments is not None:
        data["adjustments"] = [a.as_dict() for a in adjustments]
    return data


def saved_item_data(item, snapshot) -> dict:
    variant = item.variant
    product = variant.product
    return {
        "id": item.pk, "variant_id": variant.pk, "product_id": product.pk, "product_slug": product.slug,
        "title": product.title, "variant_name": variant.name, "image": image_file_url(item.image_name),
        "quantity": item.quantity, "unit_price": snapshot.for_variant(variant).price,
        "currency": settings.DEFAULT_CURRENCY, "in_stock": variant.stock > 0 and variant.is_active, "item": item,
        "url": product_url(product),
    }


def wishlist_item_data(item, snapshot) -> dict:
    product = item.product
    price = snapshot.for_product(product)
    return {
        "id": item.pk, "added_at": item.created_at,
        "product": {
            "id": product.pk, "title": product.title, "slug": product.slug, "price": price.price,
            "compare_at_price": price.regular_price if price.is_discounted else product.compare_at_price,
            "currency": settings.DEFAULT_CURRENCY, "image": image_url(product), "in_stock": product.in_stock,
            "shop": {"id": product.shop_id, "name": product.shop.name}, "url": product_url(product),
        },
    }
