"""SEO helpers: absolute URLs from SITE_URL, meta descriptions and schema.org Product JSON-LD."""
import json
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def site_url() -> str:
    return getattr(settings, "SITE_URL", "http://127.0.0.1:8000").rstrip("/")


def site_domain() -> tuple[str, str]:
    parts = urlsplit(site_url())
    return parts.scheme or "https", parts.netloc


def absolute(path: str) -> str:
    return path if path.startswith("http") else site_url() + path


def meta_description(html: str, limit: int = 160) -> str:
    text = " ".join(strip_tags(html or "").split())
    return Truncator(text).chars(limit)


def json_ld(data: dict) -> str:
    """JSON for a <script type="application/ld+json">: "<", ">" and "&" escaped so text cannot close the tag."""
    return mark_safe(json.dumps(data, ensure_ascii=False, default=str).translate(_JSON_ESCAPES))  # nosec B308, B703  # <, > and & are escaped


def product_json_ld(product, *, variants, images, request=None) -> str:
    def img_url(image):
        return absolute(image.image.url)

    offers = [{
        "@type": "Offer",
        "sku": v.sku,
        "name": v.name,
        "price": str(v.price),
        "priceCurrency": product.currency,
        "availability": "https://schema.org/InStock" if v.stock > 0 else "https://schema.org/OutOfStock",
        "itemCondition": {"new": "https://schema.org/NewCondition", "used": "https://schema.org/UsedCondition",
                          "refurbished": "https://schema.org/RefurbishedCondition"}[product.condition],
        "url": absolute(product.get_absolute_url()),
        "seller": {"@type": "Organization", "name": product.shop.name},
    } for v in variants]
    data = {
        "@context": "https://schema.org",
        "@type": "Product",
        "name": product.title,
        "description": meta_description(product.description, 500),
        "url": absolute(product.get_absolute_url()),
        "category": product.category.name,
        "image": [img_url(i) for i in images],
        "offers": offers[0] if len(offers) == 1 else {
            "@type": "AggregateOffer", "priceCurrency": product.currency, "offerCount": len(offers),
            "lowPrice": str(min((v.price for v in variants), default=product.price)),
            "highPrice": str(max((v.price for v in variants), default=product.price)), "offers": offers},
    }
    if variants:
        data["sku"] = variants[0].sku
    if product.brand_id:
        data["brand"] = {"@type": "Brand", "name": product.brand.name}
    if product.review_count:
        data["aggregateRating"] = {"@type": "AggregateRating", "ratingValue": str(product.average_rating),
                                   "reviewCount": product.review_count, "bestRating": "5", "worstRating": "1"}
    return json_ld(data)
