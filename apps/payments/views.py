"""Storefront payment pages: thin, over the same services as the API."""
import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from apps.core.errors import DomainError, NotFound
from apps.payments import selectors, services
from apps.payments.forms import RefundForm, StripeStartForm
from apps.payments.gateways.bank_transfer import qr_png_data_uri
from apps.payments.models import PaymentStatus, Provider

PAID = ("paid", "refunded", "partially_refunded")


def _buyer_order(request, order_id):
    from apps.orders.selectors import order_for_buyer

    return order_for_buyer(request.user, order_id)


def _not_found():
    return Http404()


def _order_or_404(request, order_id):
    try:
        return _buyer_order(request, order_id)
    except NotFound:
        raise _not_found() from None


def _stripe_context(request, order, body: dict, *, saved_method=None) -> dict:
    return {
        "stripe_publishable_key": settings.STRIPE_PUBLISHABLE_KEY,
        "client_secret": body.get("client_secret", ""),
        "saved_method": saved_method,
        "saved_methods": selectors.saved_methods_for_user(request.user),
        "start_form": StripeStartForm(),
        "return_url": request.build_absolute_uri(reverse("payments:return", kwargs={"order_id": order.pk})),
    }


@login_required
@require_GET
def pay(request, order_id):
    """The pay page of an order, one per method."""
    order = _order_or_404(request, order_id)
    if order.payment_status in PAID:
        return redirect("payments:success", order_id=order.pk)
    context = {"order": order, "method": order.payment_method, "error": ""}
    if order.status != "pending" and order.payment_method not in (Provider.COD, Provider.BANK_TRANSFER):
        context["error"] = _("This order can no longer be paid.")
        return render(request, "payments/pay.html", context, status=409)
    try:
        if order.payment_method in (Provider.COD, Provider.BANK_TRANSFER):
            payment = services.payment_offline_open(order=order)
            context["payment"] = payment
            if payment.next_action.get("qr_payload"):
                context["qr_image"] = qr_png_data_uri(payment.next_action["qr_payload"])
        elif order.payment_method == Provider.STRIPE:
            payment, body = services.payment_intent_create(order=order, buyer=request.user, provider=Provider.STRIPE)
            if payment.status == PaymentStatus.FAILED:
                return redirect("payments:failed", order_id=order.pk)
            context.update(payment=payment, **_stripe_context(request, order, body))
        elif order.payment_method == Provider.PAYPAL:
            context["paypal_client_id"] = settings.PAYPAL_CLIENT_ID
            from apps.payments.gateways.paypal import PayPalGateway

            amount, currency = PayPalGateway.provider_money(order.total, order.currency)
            context.update(paypal_currency=currency, paypal_amount=amount)
    except DomainError as exc:
        context["error"] = exc.message
        return render(request, "payments/pay.html", context, status=exc.status)
    return render(request, "payments/pay.html", context)


@login_required
@require_POST
def pay_start(request, order_id):
    """Start a redirect payment (PayPal approval page, MoMo pay page) or a Stripe card payment with options."""
    order = _order_or_404(request, order_id)
    try:
        if order.payment_method == Provider.STRIPE:
            form = StripeStartForm(request.POST)
            form.is_valid()
            saved_id = form.cleaned_data.get("saved_method_id")
            payment, body = services.payment_intent_create(
                order=order, buyer=request.user, provider=Provider.STRIPE,
                save_payment_method=bool(form.cleaned_data.get("save_payment_method")), saved_method_id=saved_id)
            saved = selectors.saved_methods_for_user(request.user).filter(pk=saved_id).first() if saved_id else None
            return render(request, "payments/pay.html", {"order": order, "method": order.payment_method,
                                                         "payment": payment,
                                                         **_stripe_context(request, order, body, saved_method=saved)})
        _payment, body = services.payment_intent_create(order=order, buyer=request.user, provider=order.payment_method)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("payments:failed", order_id=order.pk)
    target = body.get("approval_url") or body.get("pay_url")
    if not target:
        messages.error(request, _("The payment could not be started. Please try again."))
        return redirect("payments:failed", order_id=order.pk)
    return redirect(target)


@login_required
@require_POST
def paypal_create(request, order_id):
    """For the PayPal buttons' createOrder: the PayPal order id."""
    order = _order_or_404(request, order_id)
    try:
        payment, _body = services.payment_intent_create(order=order, buyer=request.user, provider=Provider.PAYPAL)
    except DomainError as exc:
        return JsonResponse({"error": str(exc.message)}, status=exc.status)
    return JsonResponse({"paypal_order_id": payment.provider_reference})


@login_required
@require_POST
def paypal_capture_view(request, order_id):
    """For the PayPal buttons' onApprove: capture, then where to go."""
    order = _order_or_404(request, order_id)
    try:
        data = json.loads(request.body or b"{}")
    except ValueError:
        data = {}
    try:
        payment = services.paypal_capture(buyer=request.user, paypal_order_id=str(data.get("paypal_order_id", "")))
    except DomainError as exc:
        return JsonResponse({"error": str(exc.message),
                             "redirect": reverse("payments:failed", kwargs={"order_id": order.pk})}, status=exc.status)
    target = "payments:success" if payment.is_paid else "payments:failed"
    return JsonResponse({"status": payment.status, "redirect": reverse(target, kwargs={"order_id": order.pk})})


@login_required
@require_GET
def pay_return(request, order_id):
    """Where providers send the buyer back: ask the provider (never trust the query string), then show
    the outcome."""
    order = _order_or_404(request, order_id)
    payment = selectors.payment_latest_for_order(order)
    if payment is None:
        return redirect("payments:pay", order_id=order.pk)
    try:
        if payment.provider == Provider.PAYPAL and request.GET.get("token") == payment.provider_reference:
            payment = services.paypal_capture(buyer=request.user, paypal_order_id=payment.provider_reference)
        else:
            payment = services.payment_settle(payment=payment)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("payments:failed", order_id=order.pk)
    if payment.is_paid:
        return redirect("payments:success", order_id=order.pk)
    if payment.status == PaymentStatus.FAILED:
        return redirect("payments:failed", order_id=order.pk)
    messages.info(request, _("Your payment is being processed. We will let you know as soon as it is confirmed."))
    return redirect(order.get_absolute_url())


@login_required
@require_GET
def pay_cancel(request, order_id):
    order = _order_or_404(request, order_id)
    messages.warning(request, _("You cancelled the payment. You can try again or choose another time."))
    return redirect("payments:failed", order_id=order.pk)


@login_required
@require_GET
def pay_success(request, order_id):
    order = _order_or_404(request, order_id)
    return render(request, "payments/success.html", {"order": order,
                                                     "payment": selectors.payment_latest_for_order(order)})


@login_required
@require_GET
def pay_failed(request, order_id):
    order = _order_or_404(request, order_id)
    payment = selectors.payment_latest_for_order(order)
    can_retry = order.status == "pending" and order.payment_status not in PAID
    return render(request, "payments/failed.html", {"order": order, "payment": payment, "can_retry": can_retry})


@login_required
@require_POST
def mark_received(request, order_id):
    """Staff or the shop's seller: the bank transfer arrived."""
    from apps.orders.models import Order

    order = Order.objects.select_related("shop").filter(pk=order_id).first()
    if order is None:
        raise _not_found()
    try:
        services.payment_bank_transfer_mark_received(order=order, by=request.user, note=request.POST.get("note", ""))
    except NotFound:
        raise _not_found() from None
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The transfer was marked as received; the order is paid."))
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        target = f"/seller/orders/{order.pk}/"
    return redirect(target)


@login_required
@require_GET
def history(request):
    page = Paginator(selectors.payments_for_buyer(request.user), 20).get_page(request.GET.get("page"))
    return render(request, "payments/history.html", {"page": page, "payments": page.object_list})


@login_required
@require_GET
def saved_cards(request):
    return render(request, "payments/cards.html", {"cards": selectors.saved_methods_for_user(request.user)})


@login_required
@require_POST
def saved_card_remove(request, pk):
    try:
        services.saved_method_remove(user=request.user, method_id=pk)
    except NotFound:
        raise _not_found() from None
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The card was removed."))
    return redirect("payments:cards")


@login_required
def refund(request, pk):
    """Staff or the shop's seller refund a payment, fully or in part."""
    try:
        payment = selectors.payment_for_manager(request.user, pk)
    except NotFound:
        raise _not_found() from None
    if not services.payment_may_refund(payment, request.user):
        raise _not_found()
    form = RefundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.payment_refund(payment=payment, by=request.user, amount=form.cleaned_data.get("amount"),
                                    reason=form.cleaned_data["reason"])
        except DomainError as exc:
            field = "amount" if "amount" in (exc.details or {}) else None
            form.add_error(field, str(exc.message))
        else:
            messages.success(request, _("The refund was made."))
            return redirect("payments:refund", pk=payment.pk)
    payment.refresh_from_db()
    return render(request, "payments/refund.html", {"payment": payment, "form": form,
                                                    "refunds": payment.refunds.order_by("created_at")},
                  status=400 if form.errors else 200)
