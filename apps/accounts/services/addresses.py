"""A user's delivery addresses. Exactly one is the default (a partial unique constraint guards it);
the first is the default; deleting the default promotes the most recent other; the last one stays.

Every change locks the owner's user row first, so two requests of one user never race each other."""
from django.db import transaction
from django.utils.translation import gettext as _

from apps.accounts.models import Address, User
from apps.accounts.services.auth import phone_normalize_or_fail
from apps.core.errors import Conflict, NotFound, ValidationFailed

ADDRESS_FIELDS = ("recipient_name", "phone_number", "street_address", "ward", "district", "city")


def _lock_owner(user: User) -> None:
    User.objects.select_for_update().only("pk").get(pk=user.pk)


def _clean(fields: dict) -> dict:
    cleaned = {}
    for name, value in fields.items():
        if name not in ADDRESS_FIELDS:
            continue
        value = (value or "").strip()
        if not value:
            raise ValidationFailed(details={name: [_("This field may not be blank.")]})
        cleaned[name] = phone_normalize_or_fail(value) if name == "phone_number" else value
    return cleaned


def _owned(user: User, address_id) -> Address:
    address = Address.objects.select_for_update().filter(user=user, pk=address_id).first()
    if address is None:
        raise NotFound(_("Address not found."))
    return address


def address_create(*, user: User, is_default: bool = False, **fields) -> Address:
    missing = [name for name in ADDRESS_FIELDS if not (fields.get(name) or "").strip()]
    if missing:
        raise ValidationFailed(details={name: [_("This field is required.")] for name in missing})
    data = _clean(fields)
    with transaction.atomic():
        _lock_owner(user)
        first = not Address.objects.filter(user=user).exists()
        if is_default and not first:
            Address.objects.filter(user=user, is_default=True).update(is_default=False)
        return Address.objects.create(user=user, is_default=first or bool(is_default), **data)


def address_update(*, user: User, address_id, is_default: bool | None = None, **fields) -> Address:
    """Change an address (PUT or PATCH). is_default=True makes it the default; un-setting the
    default is refused: choose another address as the default instead."""
    data = _clean(fields)
    with transaction.atomic():
        _lock_owner(user)
        address = _owned(user, address_id)
        if is_default is False and address.is_default:
            raise ValidationFailed(
                _("There must be one default address. Make another address the default instead."),
                details={"is_default": [_("Make another address the default instead.")]},
            )
        for name, value in data.items():
            setattr(address, name, value)
        if is_default and not address.is_default:
            Address.objects.filter(user=user, is_default=True).update(is_default=False)
            address.is_default = True
        address.save()
        return address


def address_set_default(*, user: User, address_id) -> Address:
    return address_update(user=user, address_id=address_id, is_default=True)


def address_delete(*, user: User, address_id) -> None:
    """Delete one address; 409 when it is the last; the most recent other becomes the default."""
    with transaction.atomic():
        _lock_owner(user)
        address = _owned(user, address_id)
        others = Address.objects.filter(user=user).exclude(pk=address.pk)
        if not others.exists():
            raise Conflict(_("You cannot delete your only address. Add another one first."))
        was_default = address.is_default
        address.delete()
        if was_default:
            newest = others.order_by("-created_at", "-pk").first()
            newest.is_default = True
            newest.save(update_fields=["is_default", "updated_at"])
