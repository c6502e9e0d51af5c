from django.utils.translation import gettext_lazy as _

from apps.core.errors import NotFound
from apps.shops.models import Shop, ShopFollow


def public_shops():
    return Shop.objects.active()


def shop_public_get(*, shop_id=None, slug=None) -> Shop:
    lookup = {"pk": shop_id} if shop_id is not None else {"slug": slug}
    try:
        return public_shops().get(**lookup)
    except (Shop.DoesNotExist, ValueError):
        raise NotFound(_("Shop not found.")) from None


def shop_of(user) -> Shop | None:
    """The user's own shop (any status), or None."""
    if not user or not user.is_authenticated:
        return None
    return Shop.objects.filter(owner=user).first()


def is_following(*, shop, user) -> bool:
    return bool(user and user.is_authenticated and ShopFollow.objects.filter(shop=shop, user=user).exists())
