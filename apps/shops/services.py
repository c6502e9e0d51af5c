"""Shop use cases: registration (the owner becomes a seller), staff approval and suspension, follows."""
import logging

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.catalog.domain import slugify_vi
from apps.core.errors import Conflict, InvalidTransition, ValidationFailed
from apps.shops.models import Shop, ShopFollow, ShopStatus

logger = logging.getLogger(__name__)

EDITABLE_FIELDS = ("name", "description", "logo", "cover_image", "address", "city", "phone_number", "email",
                   "shipping_fee", "express_shipping_fee", "free_shipping_threshold")


def _notify(user, kind, context, url=""):
    def send():
        try:
            from apps.notifications.services import notify
        except ImportError:
            logger.warning("notifications.notify missing; %s not sent", kind)
            return
        notify(user, kind, context=context, url=url)

    transaction.on_commit(send)


def _unique_slug(name: str, *, exclude_pk=None) -> str:
    base = slugify_vi(name, max_length=120)
    slug, n = base, 2
    qs = Shop.objects.exclude(pk=exclude_pk) if exclude_pk else Shop.objects.all()
    while qs.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def shop_register(*, owner, **fields) -> Shop:
    """Open a shop for `owner`: it waits for staff approval; the owner becomes a seller."""
    from apps.accounts.models import Role

    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationFailed(_("Unknown fields: %(f)s") % {"f": ", ".join(sorted(unknown))})
    name = (fields.get("name") or "").strip()
    if not name:
        raise ValidationFailed(_("A shop needs a name."), details={"name": [_("This field is required.")]})
    fields["name"] = name
    if Shop.objects.filter(owner=owner).exists():
        raise Conflict(_("You already have a shop."))
    if Shop.objects.filter(name__iexact=name).exists():
        raise Conflict(_("A shop with this name already exists."), details={"name": [_("This name is taken.")]})
    try:
        with transaction.atomic():
            shop = Shop.objects.create(owner=owner, slug=_unique_slug(name), status=ShopStatus.PENDING, **fields)
            if owner.role != Role.ADMIN:
                owner.role = Role.SELLER
                owner.save(update_fields=["role", "updated_at"])
    except IntegrityError as exc:
        raise Conflict(_("A shop with this name already exists.")) from exc
    return shop


def shop_update(*, shop: Shop, **fields) -> Shop:
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationFailed(_("Unknown fields: %(f)s") % {"f": ", ".join(sorted(unknown))})
    if "name" in fields:
        name = (fields["name"] or "").strip()
        if not name:
            raise ValidationFailed(_("A shop needs a name."), details={"name": [_("This field is required.")]})
        if Shop.objects.filter(name__iexact=name).exclude(pk=shop.pk).exists():
            raise Conflict(_("A shop with this name already exists."), details={"name": [_("This name is taken.")]})
        fields["name"] = name
    for key, value in fields.items():
        setattr(shop, key, value)
    try:
        with transaction.atomic():
            shop.save()
    except IntegrityError as exc:
        raise Conflict(_("A shop with this name already exists.")) from exc
    return shop


def shop_approve(*, shop: Shop, by) -> Shop:
    """Staff approve a pending (or reinstate a suspended) shop; the owner is told."""
    with transaction.atomic():
        shop = Shop.objects.select_for_update().get(pk=shop.pk)
        if shop.status == ShopStatus.ACTIVE:
            raise InvalidTransition(_("This shop is already active."))
        shop.status = ShopStatus.ACTIVE
        shop.approved_at = shop.approved_at or timezone.now()
        shop.suspension_reason = ""
        shop.save(update_fields=["status", "approved_at", "suspension_reason", "updated_at"])
        _notify(shop.owner, "shop.approved", {"shop_name": shop.name}, url="/seller/")
    _reindex_shop(shop)
    return shop


def shop_suspend(*, shop: Shop, by, reason: str) -> Shop:
    """Staff suspend a shop: its products leave the store at once; the owner is told why."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed(_("Give a reason for the suspension."),
                               details={"reason": [_("This field is required.")]})
    with transaction.atomic():
        shop = Shop.objects.select_for_update().get(pk=shop.pk)
        if shop.status == ShopStatus.SUSPENDED:
            raise InvalidTransition(_("This shop is already suspended."))
        shop.status = ShopStatus.SUSPENDED
        shop.suspension_reason = reason
        shop.save(update_fields=["status", "suspension_reason", "updated_at"])
        _notify(shop.owner, "shop.suspended", {"shop_name": shop.name, "reason": reason}, url="/seller/")
    _reindex_shop(shop)
    return shop


def _reindex_shop(shop: Shop) -> None:
    from apps.catalog.services.indexing import index_products_on_commit

    index_products_on_commit(list(shop.products.values_list("pk", flat=True)))


def shop_follow(*, shop: Shop, user) -> bool:
    """Follow a shop; True if this created the follow (following twice changes nothing)."""
    with transaction.atomic():
        _, created = ShopFollow.objects.get_or_create(shop=shop, user=user)
        if created:
            Shop.objects.filter(pk=shop.pk).update(follower_count=F("follower_count") + 1)
    shop.refresh_from_db(fields=["follower_count"])
    return created


def shop_unfollow(*, shop: Shop, user) -> bool:
    with transaction.atomic():
        deleted, _ = ShopFollow.objects.filter(shop=shop, user=user).delete()
        if deleted:
            Shop.objects.filter(pk=shop.pk, follower_count__gt=0).update(follower_count=F("follower_count") - 1)
    shop.refresh_from_db(fields=["follower_count"])
    return bool(deleted)
