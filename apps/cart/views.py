"""Storefront pages of the cart and the wishlist: thin, over the same services as the API.

htmx requests get the re-rendered part of the page and an `HX-Trigger: cart-changed` (or
`wishlist-changed`) header so the header badges refresh; plain form posts redirect with a message."""
import json

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from apps.cart import presenters, selectors, services
from apps.cart.pricing import SHIPPING_METHODS
from apps.core.errors import DomainError
from apps.vouchers.selectors import PromotionSnapshot


def _trigger(response, event: str):
    response["HX-Trigger"] = json.dumps({event: True})
    return response


def _shipping_method(request) -> str:
    """The delivery method chosen on the cart page (remembered in the session for the next changes)."""
    method = request.GET.get("shipping_method") or request.POST.get("shipping_method")
    if method in SHIPPING_METHODS:
        request.session["cart_shipping_method"] = method
        return method
    method = request.session.get("cart_shipping_method")
    return method if method in SHIPPING_METHODS else "standard"


def _cart_context(request, *, error: str = "") -> dict:
    cart = services.cart_for_request(request)
    user = request.user if request.user.is_authenticated else None
    snapshot = PromotionSnapshot()
    quote, items = services.cart_quote_for_display(cart=cart, user=user, shipping_method=_shipping_method(request),
                                                   promotions=snapshot)
    saved = [presenters.saved_item_data(item, snapshot) for item in selectors.saved_lines(cart)]
    return {"cart": presenters.cart_data(quote, items), "quote": quote, "saved": saved, "error": error,
            "shipping_method": quote.shipping_method, "voucher_codes": list(cart.voucher_codes) if cart else []}


def cart_page(request):
    return render(request, "cart/cart.html", _cart_context(request))


def _after_change(request, *, error: str = "", success: str = ""):
    """htmx: the cart's body again (with the error, if any); otherwise back to the cart page."""
    if request.htmx:
        response = render(request, "cart/_cart_body.html", _cart_context(request, error=error))
        return _trigger(response, "cart-changed")
    if error:
        messages.error(request, error)
    elif success:
        messages.success(request, success)
    return redirect("cart:page")


def _run(request, action, *, success: str = ""):
    try:
        action()
    except DomainError as exc:
        return _after_change(request, error=str(exc.message))
    return _after_change(request, success=success)


def _cart(request):
    return services.cart_for_request(request, create=True)


@require_POST
def cart_add(request):
    """Add-to-cart for product pages: `variant_id`, `quantity`. htmx gets a small confirmation."""
    cart = _cart(request)
    error = ""
    item = None
    try:
        item = services.cart_add(cart=cart, variant_id=request.POST.get("variant_id", ""),
                                 quantity=request.POST.get("quantity") or 1)
    except DomainError as exc:
        error = str(exc.message)
    if request.htmx:
        # 200 even for a refusal: htmx swaps only successful responses, and the message is the answer.
        response = render(request, "cart/_added.html", {"item": item, "error": error,
                                                        "count": selectors.cart_item_count(cart)})
        return _trigger(response, "cart-changed") if item else response
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("“%(title)s” is in your cart.") % {"title": item.variant.product.title})
    nxt = request.POST.get("next", "")
    if nxt and url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()},
                                               require_https=request.is_secure()):
        return redirect(nxt)
    return redirect("cart:page")


@require_POST
def item_quantity(request, pk):
    cart = _cart(request)
    step = request.POST.get("step")
    quantity = request.POST.get("quantity")
    if step in ("up", "down"):
        current = cart.items.filter(pk=pk).values_list("quantity", flat=True).first() or 0
        quantity = current + (1 if step == "up" else -1)
    return _run(request, lambda: services.cart_update_quantity(cart=cart, item_id=pk, quantity=quantity))


@require_POST
def item_remove(request, pk):
    cart = _cart(request)
    return _run(request, lambda: services.cart_remove_item(cart=cart, item_id=pk), success=_("Removed from your cart."))


@require_POST
def item_save(request, pk):
    cart = _cart(request)
    return _run(request, lambda: services.cart_save_for_later(cart=cart, item_id=pk), success=_("Saved for later."))


@require_POST
def saved_move(request, pk):
    cart = _cart(request)
    return _run(request, lambda: services.cart_move_to_cart(cart=cart, item_id=pk), success=_("Moved to your cart."))


@require_POST
def cart_clear(request):
    cart = _cart(request)
    return _run(request, lambda: services.cart_clear(cart=cart), success=_("Your cart is empty."))


@require_POST
def voucher_apply(request):
    cart = _cart(request)
    user = request.user if request.user.is_authenticated else None
    code = request.POST.get("code", "")
    return _run(request, lambda: services.cart_apply_voucher(cart=cart, user=user, code=code,
                                                             shipping_method=_shipping_method(request)),
                success=_("Voucher applied."))


@require_POST
def voucher_remove(request, code):
    cart = _cart(request)
    return _run(request, lambda: services.cart_remove_voucher(cart=cart, code=code), success=_("Voucher removed."))


@require_GET
def cart_count(request):
    """The header badge: just the number of units, or nothing when the cart is empty."""
    count = selectors.cart_item_count(services.cart_for_request(request))
    return HttpResponse(str(count) if count else "", content_type="text/html; charset=utf-8")


# --- wishlist -------------------------------------------------------------------------------------
def wishlist_page(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    snapshot = PromotionSnapshot()
    rows = [presenters.wishlist_item_data(item, snapshot) for item in selectors.wishlist_items(request.user)]
    return render(request, "cart/wishlist.html", {"rows": rows})


@require_GET
def wishlist_count(request):
    count = selectors.wishlist_count(request.user)
    return HttpResponse(str(count) if count else "", content_type="text/html; charset=utf-8")


@require_POST
def wishlist_toggle(request, product_id):
    """Heart buttons: toggles and answers with the button in its new state."""
    if not request.user.is_authenticated:
        login = f"{reverse('account_login')}?next={request.headers.get('HX-Current-URL', '/')}"
        if request.htmx:
            response = HttpResponse(status=204)
            response["HX-Redirect"] = login
            return response
        return redirect_to_login(request.POST.get("next") or "/")
    try:
        in_wishlist = services.wishlist_toggle(user=request.user, product_id=product_id)
    except DomainError as exc:
        if request.htmx:
            return HttpResponse(str(exc.message), status=exc.status)
        messages.error(request, str(exc.message))
        return redirect("cart:wishlist")
    if request.htmx:
        response = render(request, "cart/_heart.html", {"product_id": product_id, "in_wishlist": in_wishlist})
        return _trigger(response, "wishlist-changed")
    messages.success(request, _("Added to your wishlist.") if in_wishlist else _("Removed from your wishlist."))
    return redirect("cart:wishlist")


@require_POST
def wishlist_move(request, product_id):
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("cart:wishlist"))
    try:
        services.wishlist_move_to_cart(user=request.user, product_id=product_id,
                                       variant_id=request.POST.get("variant_id") or None)
    except DomainError as exc:
        messages.error(request, str(exc.message))
        return redirect("cart:wishlist")
    messages.success(request, _("Moved to your cart."))
    return redirect("cart:page")


@require_POST
def wishlist_remove(request, product_id):
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("cart:wishlist"))
    try:
        services.wishlist_remove(user=request.user, product_id=product_id)
    except DomainError as exc:
        messages.error(request, str(exc.message))
    return redirect("cart:wishlist")
