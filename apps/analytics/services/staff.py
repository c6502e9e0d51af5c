"""Staff actions of the back-office API (PATCH /admin/users/{id}/suspend, /admin/shops/{id}/status, ...).
Each calls the owning app's service and records the action in the admin's log (django.contrib.admin LogEntry),
which GET /admin/audit-log and the admin's history pages show."""
import json

from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from apps.core.errors import Conflict, NotFound, ValidationFailed

SHOP_STATUSES = ("active", "suspended")


def staff_action_log(*, by, obj, action_flag: int = CHANGE, message: str = "", details: dict | None = None):
    """Append one entry to the admin log (the staff audit trail). `message` is shown as is; details are kept
    as JSON next to it."""
    text = message if not details else f"{message} {json.dumps(details, ensure_ascii=False, default=str)}".strip()
    return LogEntry.objects.log_actions(user_id=by.pk, queryset=[obj], action_flag=action_flag,
                                        change_message=text, single_object=True)


def staff_user_suspend(*, user, by, reason: str = ""):
    from apps.accounts.services import user_suspend

    with transaction.atomic():
        user = user_suspend(user=user, by=by, reason=reason)
        staff_action_log(by=by, obj=user, message="Suspended (API).", details={"reason": reason})
    return user


def staff_user_unsuspend(*, user, by, reason: str = ""):
    from apps.accounts.services import user_unsuspend

    with transaction.atomic():
        user = user_unsuspend(user=user, by=by, reason=reason)
        staff_action_log(by=by, obj=user, message="Unsuspended (API).", details={"reason": reason})
    return user


def staff_shop_set_status(*, shop, status: str, by, reason: str = ""):
    """active approves (or reinstates) the shop; suspended suspends it with a reason."""
    from apps.shops.services import shop_approve, shop_suspend

    if status not in SHOP_STATUSES:
        raise ValidationFailed(_("Choose active or suspended."), details={"status": [_("Choose active or suspended.")]})
    with transaction.atomic():
        if status == "active":
            shop = shop_approve(shop=shop, by=by)
        else:
            shop = shop_suspend(shop=shop, by=by, reason=reason)
        staff_action_log(by=by, obj=shop, message=f"Status set to {status} (API).", details={"reason": reason})
    return shop


def staff_product_set_status(*, product, status: str, by, reason: str = ""):
    from apps.catalog.services import product_set_status

    with transaction.atomic():
        old = product.status
        product = product_set_status(product=product, status=status, by=by)
        staff_action_log(by=by, obj=product, message=f"Status changed from {old} to {status} (API).",
                         details={"reason": reason})
    return product


# --- categories -------------------------------------------------------------------------------------------------
CATEGORY_FIELDS = ("name", "slug", "icon", "description", "sort_order", "is_active")


def _category_parent(parent_id):
    from apps.catalog.models import Category

    if parent_id in (None, ""):
        return None
    try:
        return Category.objects.get(pk=parent_id)
    except (Category.DoesNotExist, ValueError, TypeError):
        raise ValidationFailed(_("This parent category does not exist."),
                               details={"parent_id": [_("This parent category does not exist.")]}) from None


def _category_slug(name: str, slug: str | None, *, exclude_pk=None) -> str:
    from apps.catalog.domain import slugify_vi
    from apps.catalog.models import Category

    qs = Category.objects.exclude(pk=exclude_pk) if exclude_pk else Category.objects.all()
    if slug:
        if qs.filter(slug=slug).exists():
            raise Conflict(_("A category with this slug exists."), details={"slug": [_("This slug is taken.")]})
        return slug
    base = slugify_vi(name, max_length=120) or "category"
    candidate, n = base, 2
    while qs.filter(slug=candidate).exists():
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def staff_category_create(*, by, name: str, parent_id=None, slug: str | None = None, **fields):
    from apps.catalog.models import Category

    name = (name or "").strip()
    if not name:
        raise ValidationFailed(_("A category needs a name."), details={"name": [_("This field is required.")]})
    fields = {k: v for k, v in fields.items() if k in CATEGORY_FIELDS}
    parent = _category_parent(parent_id)
    try:
        with transaction.atomic():
            data = {**fields, "name": name, "slug": _category_slug(name, slug)}
            category = parent.add_child(**data) if parent is not None else Category.add_root(**data)
            staff_action_log(by=by, obj=category, action_flag=ADDITION, message="Created (API).")
    except IntegrityError:
        raise Conflict(_("A category with this slug exists.")) from None
    return category


def staff_category_update(*, category, by, name: str, parent_id=None, slug: str | None = None, **fields):
    """Replace a category's fields (PUT). A new parent moves the category with its subtree; a category cannot
    move under itself or its descendants."""
    from apps.catalog.models import Category

    name = (name or "").strip()
    if not name:
        raise ValidationFailed(_("A category needs a name."), details={"name": [_("This field is required.")]})
    parent = _category_parent(parent_id)
    if parent is not None and (parent.pk == category.pk or parent.path.startswith(category.path)):
        raise ValidationFailed(_("A category cannot be moved under itself."),
                               details={"parent_id": [_("A category cannot be moved under itself.")]})
    try:
        with transaction.atomic():
            category.name = name
            if slug:
                category.slug = _category_slug(name, slug, exclude_pk=category.pk)
            for key, value in fields.items():
                if key in CATEGORY_FIELDS:
                    setattr(category, key, value)
            category.save()
            current_parent = category.get_parent()
            if (current_parent.pk if current_parent else None) != (parent.pk if parent else None):
                if parent is None:
                    category.move(Category.get_first_root_node(), pos="sorted-sibling")
                else:
                    category.move(parent, pos="sorted-child")
                category = Category.objects.get(pk=category.pk)
            staff_action_log(by=by, obj=category, message="Changed (API).",
                             details={"parent_id": parent.pk if parent else None})
    except IntegrityError:
        raise Conflict(_("A category with this slug exists.")) from None
    return category


def staff_category_delete(*, category, by) -> None:
    """Delete an empty category: one with products or subcategories is refused (409)."""
    if category.get_children_count():
        raise Conflict(_("This category has subcategories; move or delete them first."))
    if category.products.exists():
        raise Conflict(_("This category has products; move them to another category first."))
    with transaction.atomic():
        staff_action_log(by=by, obj=category, action_flag=DELETION, message="Deleted (API).")
        category.delete()


def staff_category_get(category_id):
    from apps.catalog.models import Category

    try:
        return Category.objects.get(pk=category_id)
    except (Category.DoesNotExist, ValueError):
        raise NotFound(_("Category not found.")) from None
