"""Seller centre pages for products: list, create, edit, stock and variants, images, CSV import, low stock."""
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.catalog import selectors, services
from apps.catalog.forms import (
    DefaultVariantForm,
    ImageUploadForm,
    ImportForm,
    ProductForm,
    StockAdjustForm,
    VariantForm,
    attributes_to_text,
)
from apps.catalog.models import ImportStatus, ProductImport, ProductStatus
from apps.core.errors import DomainError, NotFound
from apps.shops.decorators import apply_domain_error, seller_required


def _own_product(request, pk):
    try:
        return services.product_for_seller(shop=request.shop, product_id=pk)
    except NotFound:
        raise Http404(_("Product not found.")) from None


@seller_required
def product_list(request):
    qs = selectors.seller_products(shop=request.shop)
    status = request.GET.get("status", "")
    if status in ProductStatus.values:
        qs = qs.filter(status=status)
    q = (request.GET.get("q") or "").strip()
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(variants__sku__iexact=q)).distinct()
    page = Paginator(qs, 20).get_page(request.GET.get("page"))
    return render(request, "catalog/seller/product_list.html", {
        "shop": request.shop, "page": page, "products": page.object_list, "status": status, "q": q,
        "statuses": ProductStatus.choices})


@seller_required
def product_create(request):
    form = ProductForm(request.POST or None)
    variant_form = DefaultVariantForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and variant_form.is_valid():
        try:
            product = services.product_create(shop=request.shop, by=request.user,
                                              variants=[{**variant_form.cleaned_data, "name": "Default"}],
                                              **form.to_service())
        except DomainError as exc:
            apply_domain_error(variant_form if "sku" in exc.details or "variants" in exc.details else form, exc)
        else:
            messages.success(request, _("Product created. Add images and variants next."))
            return redirect("catalog:seller-product-images", pk=product.pk)
    return render(request, "catalog/seller/product_form.html", {
        "shop": request.shop, "form": form, "variant_form": variant_form, "creating": True})


@seller_required
def product_edit(request, pk):
    product = _own_product(request, pk)
    form = ProductForm(request.POST or None, initial=ProductForm.initial_for(product))
    if request.method == "POST" and form.is_valid():
        fields = form.to_service()
        if product.status == ProductStatus.BANNED:
            fields.pop("status", None)
        try:
            services.product_update(product=product, by=request.user, **fields)
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            messages.success(request, _("Product saved."))
            return redirect("catalog:seller-product-edit", pk=product.pk)
    return render(request, "catalog/seller/product_form.html", {
        "shop": request.shop, "form": form, "product": product, "creating": False})


@seller_required
@require_POST
def product_delete(request, pk):
    product = _own_product(request, pk)
    services.product_delete(product=product, by=request.user)
    messages.success(request, _("“%(title)s” was deleted.") % {"title": product.title})
    return redirect("catalog:seller-products")


@seller_required
def product_stock(request, pk):
    """Variants of a product: adjust stock, add a variant, delete one."""
    product = _own_product(request, pk)
    add_form = VariantForm(prefix="new")
    adjust_errors: dict = {}
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "adjust":
                variant = services.variant_for_seller(shop=request.shop, variant_id=request.POST.get("variant"))
                form = StockAdjustForm(request.POST)
                if form.is_valid():
                    services.stock_adjust(variant=variant, delta=form.cleaned_data["delta"],
                                          reason=form.cleaned_data["reason"], by=request.user)
                    messages.success(request, _("Stock of %(sku)s updated.") % {"sku": variant.sku})
                    return redirect("catalog:seller-product-stock", pk=product.pk)
                adjust_errors[str(variant.pk)] = _("Enter a whole number.")
            elif action == "add":
                add_form = VariantForm(request.POST, prefix="new")
                if add_form.is_valid():
                    services.variant_create(product=product, by=request.user, **add_form.cleaned_data)
                    messages.success(request, _("Variant added."))
                    return redirect("catalog:seller-product-stock", pk=product.pk)
            elif action == "delete":
                variant = services.variant_for_seller(shop=request.shop, variant_id=request.POST.get("variant"))
                services.variant_delete(variant=variant, by=request.user)
                messages.success(request, _("Variant deleted."))
                return redirect("catalog:seller-product-stock", pk=product.pk)
        except NotFound:
            raise Http404(_("Variant not found.")) from None
        except DomainError as exc:
            if action == "add":
                apply_domain_error(add_form, exc)
            elif action == "adjust":
                adjust_errors[request.POST.get("variant", "")] = str(exc.message)
            else:
                messages.error(request, str(exc.message))
    variants = list(product.variants.filter(is_deleted=False).order_by("position", "created_at"))
    for v in variants:
        v.adjust_error = adjust_errors.get(str(v.pk), "")
        v.attributes_text = attributes_to_text(v.attributes)
    return render(request, "catalog/seller/product_stock.html", {
        "shop": request.shop, "product": product, "variants": variants, "add_form": add_form,
        "adjust_form": StockAdjustForm()})


@seller_required
def variant_edit(request, pk):
    try:
        variant = services.variant_for_seller(shop=request.shop, variant_id=pk)
    except NotFound:
        raise Http404(_("Variant not found.")) from None
    initial = {"name": variant.name, "sku": variant.sku, "attributes": attributes_to_text(variant.attributes),
               "price": variant.price, "compare_at_price": variant.compare_at_price, "stock": variant.stock,
               "low_stock_threshold": variant.low_stock_threshold}
    form = VariantForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.variant_update(variant=variant, by=request.user, **form.cleaned_data)
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            messages.success(request, _("Variant saved."))
            return redirect("catalog:seller-product-stock", pk=variant.product_id)
    return render(request, "catalog/seller/variant_form.html", {
        "shop": request.shop, "variant": variant, "product": variant.product, "form": form})


@seller_required
def product_images(request, pk):
    product = _own_product(request, pk)
    form = ImageUploadForm()
    if request.method == "POST":
        action = request.POST.get("action", "upload")
        try:
            if action == "upload":
                form = ImageUploadForm(request.POST, request.FILES)
                if form.is_valid():
                    services.image_add(product=product, by=request.user, file=form.cleaned_data["file"],
                                       alt=form.cleaned_data["alt"])
                    messages.success(request, _("Image added."))
                    return redirect("catalog:seller-product-images", pk=product.pk)
            elif action in ("up", "down", "delete"):
                image = services.image_for_seller(shop=request.shop, image_id=request.POST.get("image"))
                if action == "delete":
                    services.image_delete(image=image)
                else:
                    ids = [str(i) for i in product.images.order_by("position", "created_at")
                           .values_list("pk", flat=True)]
                    i = ids.index(str(image.pk))
                    j = i - 1 if action == "up" else i + 1
                    if 0 <= j < len(ids):
                        ids[i], ids[j] = ids[j], ids[i]
                    services.image_reorder(product=product, image_ids=ids)
                return redirect("catalog:seller-product-images", pk=product.pk)
        except NotFound:
            raise Http404(_("Image not found.")) from None
        except DomainError as exc:
            apply_domain_error(form, exc)
    images = list(product.images.order_by("position", "created_at"))
    return render(request, "catalog/seller/product_images.html", {
        "shop": request.shop, "product": product, "images": images, "form": form,
        "can_add": len(images) < 10})


@seller_required
def low_stock(request):
    page = Paginator(selectors.low_stock_variants(shop=request.shop), 50).get_page(request.GET.get("page"))
    return render(request, "catalog/seller/low_stock.html", {"shop": request.shop, "page": page,
                                                             "variants": page.object_list})


@seller_required
def import_start(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = services.product_import_start(shop=request.shop, by=request.user, file=form.cleaned_data["file"])
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            return redirect("catalog:seller-import-detail", pk=job.pk)
    recent = ProductImport.objects.filter(shop=request.shop).order_by("-created_at")[:10]
    from apps.catalog.domain import IMPORT_COLUMNS

    return render(request, "catalog/seller/import.html", {"shop": request.shop, "form": form, "recent": recent,
                                                          "columns": IMPORT_COLUMNS})


@seller_required
def import_template(request):
    response = HttpResponse(services.product_import_template(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="cho-products-template.csv"'
    return response


@seller_required
def import_detail(request, pk):
    job = ProductImport.objects.filter(pk=pk, shop=request.shop).first()
    if job is None:
        raise Http404(_("Import not found."))
    context = {"shop": request.shop, "job": job, "progress": services.product_import_progress(job),
               "finished": job.status in (ImportStatus.DONE, ImportStatus.FAILED),
               "poll_url": reverse("catalog:seller-import-detail", kwargs={"pk": job.pk})}
    if request.htmx:
        return render(request, "catalog/seller/_import_progress.html", context)
    return render(request, "catalog/seller/import_detail.html", context)
