"""Storefront pages of checkout, the buyer's orders and the seller centre's orders. Thin: the same
services and selectors as the API; domain errors become messages."""
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from apps.core.errors import DomainError, NotFound
from apps.orders import selectors, services
from apps.orders.api.serializers import quote_data
from apps.orders.domain import Actor, OrderStatus, allowed_targets
from apps.orders.forms import NEW_ADDRESS, CancelForm, CheckoutForm, SellerStatusForm, SummaryForm

PAGE_SIZE = 10
STATUS_TABS = [("", gettext_lazy("All"))] + [(value, label) for value, label in OrderStatus.choices]


def _addresses(user):
    from apps.accounts.models import Address

    return list(Address.objects.filter(user=user).order_by("-is_default", "-created_at"))


def _summary_context(request, *, shipping_method, voucher_codes):
    try:
        quote = services.checkout_summary(buyer=request.user, shipping_method=shipping_method,
                                          voucher_codes=voucher_codes)
    except DomainError as exc:
        return {"summary_error": exc.message, "summary": None}
    summary = quote_data(quote, shipping_method=shipping_method,
                         payment_methods=selectors.payment_methods_available(), today=timezone.localdate())
    return {"summary": summary, "quote": quote}


@login_required
@require_http_methods(["GET", "POST"])
def checkout(request):
    addresses = _addresses(request.user)
    form = CheckoutForm(request.POST or None, addresses=addresses,
                        payment_methods=selectors.payment_methods_available())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            address = form.selected_address()
            if data["address"] == NEW_ADDRESS:
                from apps.accounts.services import address_create

                address = address_create(user=request.user, **form.new_address_fields())
            orders = services.order_place(
                buyer=request.user, address=address, shipping_method=data["shipping_method"],
                payment_method=data["payment_method"], voucher_codes=data["voucher_codes"], notes=data["notes"],
                idempotency_key=data["idempotency_key"] or None,
            )
        except DomainError as exc:
            for field, errors in (exc.details or {}).items():
                if field in form.fields and isinstance(errors, list):
                    form.add_error(field, [str(e) for e in errors])
            messages.error(request, exc.message)
        else:
            return redirect("orders:checkout-done", checkout_id=orders[0].checkout_id)
    shipping_method = form["shipping_method"].value() or "standard"
    codes = SummaryForm({"voucher_codes": form["voucher_codes"].value() or ""})
    codes.is_valid()
    context = {"form": form, "addresses": addresses, "NEW_ADDRESS": NEW_ADDRESS,
               **_summary_context(request, shipping_method=shipping_method,
                                  voucher_codes=codes.cleaned_data.get("voucher_codes", []))}
    return render(request, "orders/checkout.html", context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def checkout_summary(request):
    """The summary panel alone, refreshed by htmx when the delivery method or the vouchers change."""
    form = SummaryForm(request.POST or request.GET)
    form.is_valid()
    context = _summary_context(request, shipping_method=form.cleaned_data.get("shipping_method") or "standard",
                               voucher_codes=form.cleaned_data.get("voucher_codes") or [])
    return render(request, "orders/_checkout_summary.html", context)


@login_required
@require_GET
def checkout_done(request, checkout_id):
    orders = selectors.orders_for_checkout(request.user, checkout_id)
    if not orders:
        raise Http404
    total = sum((o.total for o in orders), start=orders[0].total * 0)
    return render(request, "orders/checkout_done.html", {"orders": orders, "total": total,
                                                          "currency": orders[0].currency})


def _tabs(counts: dict) -> list[dict]:
    return [{"value": value, "label": label, "count": counts.get(value or "all", 0)} for value, label in STATUS_TABS]


def _payment_panel(request, order) -> str:
    """The payments app's box for this order (pay now, bank details, refunds), when it provides one.

    Rendered by name, without importing payments (which sits to the right of orders); our plain payment
    summary shows instead when the tag library is not there.
    """
    from django.template import TemplateSyntaxError, engines

    try:
        template = engines["django"].from_string("{% load payment_tags %}{% order_payment_panel order %}")
    except TemplateSyntaxError:
        return ""
    return template.render({"order": order}, request)


def _page(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


@login_required
@require_GET
def order_list(request):
    status = request.GET.get("status", "")
    page = _page(request, selectors.orders_for_buyer(request.user, status=status or None))
    return render(request, "orders/order_list.html", {
        "page": page, "orders": page.object_list, "status": status,
        "tabs": _tabs(selectors.order_status_counts(buyer=request.user)),
    })


def _buyer_order(request, pk):
    try:
        return selectors.order_for_buyer(request.user, pk)
    except NotFound:
        raise Http404


@login_required
@require_GET
def order_detail(request, pk):
    order = _buyer_order(request, pk)
    return render(request, "orders/order_detail.html", {
        "order": order, "tracking": selectors.order_tracking(order), "cancel_form": CancelForm(),
        "payment_panel": _payment_panel(request, order),
        "can_cancel": OrderStatus.CANCELLED in allowed_targets(order.status, Actor.BUYER),
    })


@login_required
@require_POST
def order_cancel(request, pk):
    order = _buyer_order(request, pk)
    form = CancelForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please tell the shop why you cancel."))
        return redirect(order)
    try:
        services.order_transition(order=order, to_status=OrderStatus.CANCELLED, by=request.user,
                                  note=form.cleaned_data["reason"], actor=Actor.BUYER)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Order %(number)s was cancelled.") % {"number": order.order_number})
    return redirect(order)


@login_required
@require_GET
def order_invoice(request, pk):
    from apps.orders.invoices import invoice_pdf

    try:
        order = selectors.order_for_viewer(request.user, pk)
    except NotFound:
        raise Http404
    response = HttpResponse(invoice_pdf(order), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{order.order_number}.pdf"'
    return response


# --- seller centre -----------------------------------------------------------------------------
def _seller_shop_or_redirect(request):
    shop = selectors.seller_shop(request.user)
    if shop is None:
        messages.info(request, _("Open a shop to sell on Chợ."))
    return shop


def _seller_order(request, pk):
    shop = selectors.seller_shop(request.user)
    try:
        return shop, selectors.order_for_seller(shop, pk)
    except NotFound:
        raise Http404


@login_required
@require_GET
def seller_order_list(request):
    shop = _seller_shop_or_redirect(request)
    if shop is None:
        return redirect("/seller/register/")
    status = request.GET.get("status", "")
    page = _page(request, selectors.orders_for_shop(shop, status=status or None))
    return render(request, "orders/seller_order_list.html", {
        "shop": shop, "page": page, "orders": page.object_list, "status": status,
        "tabs": _tabs(selectors.order_status_counts(shop=shop)),
    })


@login_required
@require_GET
def seller_order_detail(request, pk):
    shop, order = _seller_order(request, pk)
    actions = allowed_targets(order.status, Actor.SELLER)
    return render(request, "orders/seller_order_detail.html", {
        "shop": shop, "order": order, "tracking": selectors.order_tracking(order), "actions": actions,
        "payment_panel": _payment_panel(request, order),
        "status_form": SellerStatusForm(initial={"tracking_number": order.tracking_number,
                                                 "carrier": order.carrier}),
    })


@login_required
@require_POST
def seller_order_status(request, pk):
    _shop, order = _seller_order(request, pk)
    form = SellerStatusForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.order_transition(order=order, to_status=data["status"], by=request.user, note=data["note"],
                                      tracking_number=data["tracking_number"], carrier=data["carrier"],
                                      actor=Actor.SELLER)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Order %(number)s updated.") % {"number": order.order_number})
    else:
        messages.error(request, _("Please check the form."))
    return redirect("orders:seller-detail", pk=order.pk)


@login_required
@require_POST
def seller_orders_bulk_confirm(request):
    shop = _seller_shop_or_redirect(request)
    if shop is None:
        return redirect("/seller/register/")
    ids = []
    for value in request.POST.getlist("order_ids"):
        try:
            ids.append(uuid.UUID(value))
        except ValueError:
            continue
    if not ids:
        messages.error(request, _("Select the orders to confirm."))
    else:
        confirmed, refused = services.orders_bulk_confirm(shop=shop, order_ids=ids, by=request.user)
        if confirmed:
            messages.success(request, _("%(n)d order(s) confirmed.") % {"n": len(confirmed)})
        for reason in sorted(set(refused.values())):
            messages.warning(request, reason)
    return redirect(f"{reverse('orders:seller-list')}?status={OrderStatus.PENDING}")


@login_required
@require_GET
def seller_packing_slip(request, pk):
    shop, order = _seller_order(request, pk)
    return render(request, "orders/packing_slip.html", {"shop": shop, "order": order})
