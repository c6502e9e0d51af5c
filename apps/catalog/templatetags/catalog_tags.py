from django import template

register = template.Library()


@register.filter
def thumb_url(image):
    """The thumbnail of a ProductImage, or the image itself while the thumbnail is being made."""
    if not image:
        return ""
    return (image.thumbnail or image.image).url


@register.filter
def image_srcset(image):
    """srcset for a ProductImage: the 400 px thumbnail and the full picture (browsers pick by width)."""
    if not image or not image.thumbnail:
        return ""
    return f"{image.thumbnail.url} 400w, {image.image.url} 800w"


@register.filter
def discount_percent(compare_at, price):
    try:
        if compare_at and price is not None and compare_at > price:
            return round(100 * (compare_at - price) / compare_at)
    except TypeError:
        return ""
    return ""


@register.filter
def stars(rating):
    """4.3 → "★★★★☆"."""
    try:
        full = int(round(float(rating or 0)))
    except (TypeError, ValueError):
        full = 0
    full = max(0, min(5, full))
    return "★" * full + "☆" * (5 - full)


@register.simple_tag(takes_context=True)
def query_with(context, **kwargs):
    """The current query string with some parameters replaced (None removes one); page resets unless given."""
    params = context["request"].GET.copy()
    if "page" not in kwargs:
        params.pop("page", None)
    for key, value in kwargs.items():
        if value is None or value == "":
            params.pop(key, None)
        else:
            params[key] = value
    encoded = params.urlencode()
    return "?" + encoded if encoded else "?"
