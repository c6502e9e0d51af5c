from functools import wraps

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect

from apps.shops.models import Shop


def seller_required(view):
    """Signed in and owning a shop (any status): the view gets `request.shop`; others go to /seller/register/."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        shop = Shop.objects.filter(owner=request.user).first()
        if shop is None:
            return redirect("shops:register")
        request.shop = shop
        return view(request, *args, **kwargs)

    return wrapper


def apply_domain_error(form, exc) -> None:
    """Show a service's error next to the fields it names (or at the top of the form)."""
    placed = False
    for field, messages in (exc.details or {}).items():
        name = {"category_id": "category", "brand_id": "brand"}.get(field, field)
        if name in form.fields and isinstance(messages, list):
            for message in messages:
                form.add_error(name, str(message))
            placed = True
    if not placed:
        form.add_error(None, str(exc.message))
