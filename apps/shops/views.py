"""Shop pages: the shop directory and shop page, following, opening a shop, the seller centre shell."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from apps.core.errors import DomainError, NotFound
from apps.shops import selectors, services
from apps.shops.decorators import apply_domain_error, seller_required
from apps.shops.forms import ShopForm
from apps.shops.models import Shop

SHOP_SORTS = {"popular": ("-sold_count", "-created_at", "pk"), "newest": ("-created_at", "pk"),
              "price": ("price", "pk"), "-price": ("-price", "pk"), "rating": ("-average_rating", "pk")}


@require_GET
def shop_list(request):
    qs = selectors.public_shops().order_by("-follower_count", "name")
    q = (request.GET.get("q") or "").strip()
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(city__icontains=q))
    page = Paginator(qs, 24).get_page(request.GET.get("page"))
    return render(request, "shops/shop_list.html", {"page": page, "shops": page.object_list, "q": q})


@require_GET
def shop_detail(request, slug):
    from apps.catalog.selectors import product_list_qs, public_products
    from apps.catalog.seo import absolute, meta_description

    try:
        shop = selectors.shop_public_get(slug=slug)
    except NotFound:
        raise Http404(_("Shop not found.")) from None
    sort = request.GET.get("sort", "popular")
    sort = sort if sort in SHOP_SORTS else "popular"
    products = product_list_qs(public_products().filter(shop=shop)).order_by(*SHOP_SORTS[sort])
    page = Paginator(products, 24).get_page(request.GET.get("page"))
    return render(request, "shops/shop_detail.html", {
        "shop": shop, "page": page, "products": page.object_list, "sort": sort,
        "following": selectors.is_following(shop=shop, user=request.user),
        "meta_description": meta_description(shop.description) or shop.name,
        "canonical": absolute(shop.get_absolute_url())})


@login_required
@require_POST
def shop_follow(request, slug):
    try:
        shop = selectors.shop_public_get(slug=slug)
    except NotFound:
        raise Http404(_("Shop not found.")) from None
    if request.POST.get("action") == "unfollow":
        services.shop_unfollow(shop=shop, user=request.user)
        following = False
    else:
        services.shop_follow(shop=shop, user=request.user)
        following = True
    if request.htmx:
        return render(request, "shops/_follow_button.html", {"shop": shop, "following": following})
    return redirect(shop.get_absolute_url())


@login_required
def seller_register(request):
    existing = Shop.objects.filter(owner=request.user).first()
    if existing is not None:
        return redirect("shops:dashboard")
    form = ShopForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.shop_register(owner=request.user, **form.to_service())
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            messages.success(request, _("Your shop is registered. Staff will review it shortly; meanwhile you "
                                        "can add products."))
            return redirect("shops:dashboard")
    return render(request, "shops/register.html", {"form": form})


@seller_required
def seller_dashboard(request):
    from apps.catalog.models import Product
    from apps.catalog.selectors import low_stock_variants

    shop = request.shop
    products = Product.objects.filter(shop=shop, is_deleted=False)
    context = {"shop": shop, "product_count": products.count(),
               "active_count": products.filter(status="active").count(),
               "low_stock_count": low_stock_variants(shop=shop).count()}
    return render(request, "shops/seller/dashboard.html", context)


@seller_required
def seller_settings(request):
    shop = request.shop
    initial = {f: getattr(shop, f) for f in ShopForm.base_fields if f not in ("logo", "cover_image")}
    form = ShopForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.shop_update(shop=shop, **form.to_service())
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            messages.success(request, _("Shop settings saved."))
            return redirect("shops:settings")
    return render(request, "shops/seller/settings.html", {"shop": shop, "form": form})
