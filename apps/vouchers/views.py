"""Seller-centre pages for a shop's vouchers: list with results, create, edit, pause/resume."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.core.errors import DomainError
from apps.vouchers import selectors, services
from apps.vouchers.forms import SellerVoucherForm


def _shop(request):
    shop = getattr(request.user, "shop", None) if request.user.is_seller else None
    if shop is None:
        raise DjangoPermissionDenied(_("Register a shop first."))
    return shop


@login_required
def seller_voucher_list(request):
    shop = _shop(request)
    rows = selectors.voucher_report(shop=shop)
    return render(request, "vouchers/seller_list.html", {"shop": shop, "vouchers": rows})


def _save(request, form, *, voucher=None):
    if not form.is_valid():
        return False
    try:
        if voucher is None:
            services.voucher_create(shop=form.shop, by=request.user, **form.service_fields())
        else:
            services.voucher_update(voucher=voucher, by=request.user, **form.service_fields())
    except DomainError as exc:
        for field, errors in (exc.details or {}).items():
            target = field if field in form.fields else None
            for error in errors if isinstance(errors, list) else [errors]:
                form.add_error(target, str(error))
        if not exc.details:
            form.add_error(None, str(exc.message))
        return False
    return True


@login_required
def seller_voucher_create(request):
    shop = _shop(request)
    form = SellerVoucherForm(request.POST or None, shop=shop)
    form.shop = shop
    if request.method == "POST" and _save(request, form):
        messages.success(request, _("Voucher created."))
        return redirect("vouchers:seller-list")
    return render(request, "vouchers/seller_form.html", {"form": form, "shop": shop, "voucher": None})


@login_required
def seller_voucher_edit(request, pk):
    shop = _shop(request)
    try:
        voucher = selectors.voucher_for_shop(shop=shop, voucher_id=pk)
    except DomainError as exc:
        raise Http404 from exc
    form = SellerVoucherForm(request.POST or None, instance=voucher, shop=shop)
    form.shop = shop
    if request.method == "POST" and _save(request, form, voucher=voucher):
        messages.success(request, _("Voucher saved."))
        return redirect("vouchers:seller-list")
    return render(request, "vouchers/seller_form.html", {"form": form, "shop": shop, "voucher": voucher})


@login_required
@require_POST
def seller_voucher_pause(request, pk):
    shop = _shop(request)
    try:
        voucher = selectors.voucher_for_shop(shop=shop, voucher_id=pk)
    except DomainError as exc:
        raise Http404 from exc
    services.voucher_set_active(voucher=voucher, by=request.user, is_active=not voucher.is_active)
    messages.success(request, _("Voucher resumed.") if voucher.is_active else _("Voucher paused."))
    return redirect("vouchers:seller-list")
