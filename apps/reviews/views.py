"""Storefront pages of reviews: the product's reviews (htmx fragments), votes, writing and editing one's
reviews, reviewing an order, and the seller centre's reviews page. Thin: the same services and selectors
as the API; domain errors become messages or form errors."""
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from apps.core.errors import DomainError, NotFound
from apps.reviews import domain, selectors, services
from apps.reviews.domain import ReviewSort, ReviewStatus
from apps.reviews.forms import ReplyForm, ReportForm, ReviewEditForm, ReviewForm
from apps.shops.decorators import apply_domain_error, seller_required

PAGE_SIZE = 10
TRUE_VALUES = {"1", "true", "yes", "on"}


def _safe_next(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return default


# --- the product's reviews -------------------------------------------------------------------------

def reviews_block_context(request, product, *, params=None) -> dict:
    """Everything the reviews block shows: summary bars, filters, one page of reviews with the user's votes.
    Fixed number of queries: count, page, images, votes."""
    params = params if params is not None else {}
    rating = domain.normalise_rating(params.get("rating"))
    sort = domain.normalise_sort(params.get("sort"))
    with_images = str(params.get("with_images") or "").lower() in TRUE_VALUES
    queryset = selectors.product_reviews(product_id=product.pk, rating=rating, sort=sort, with_images=with_images)
    page = Paginator(queryset, PAGE_SIZE).get_page(params.get("page"))
    reviews = list(page.object_list)
    votes = selectors.votes_of(request.user, [r.pk for r in reviews])
    for review in reviews:
        review.my_vote = votes.get(review.pk)
    filters = {k: v for k, v in (("rating", rating or ""), ("sort", "" if sort == ReviewSort.NEWEST else sort),
                                 ("with_images", "1" if with_images else "")) if v}
    return {
        "product": product, "reviews": reviews, "page": page, "filter_query": urlencode(filters),
        "next": f"{product.get_absolute_url()}#product-reviews",
        "rows": domain.distribution_rows(product.rating_distribution, product.review_count),
        "rating": rating, "sort": sort, "with_images": with_images, "sorts": ReviewSort.choices,
        "ratings": list(reversed(domain.RATINGS)),
        "list_url": reverse("reviews:product", kwargs={"product_id": product.pk}),
    }


@require_GET
def product_reviews(request, product_id):
    """htmx: the filtered/sorted list fragment; without htmx, a whole page (links work without JavaScript)."""
    try:
        product = selectors.public_product(product_id)
    except NotFound:
        raise Http404(_("Product not found.")) from None
    context = reviews_block_context(request, product, params=request.GET)
    if request.htmx:
        return render(request, "reviews/_review_list.html", context)
    return render(request, "reviews/product_reviews.html", context)


@require_POST
def review_vote(request, pk):
    back = _safe_next(request, "/")
    if not request.user.is_authenticated:
        if request.htmx:
            response = HttpResponse(status=204)
            response["HX-Redirect"] = f"{resolve_url(settings.LOGIN_URL)}?next={back}"
            return response
        return redirect_to_login(back)
    helpful = request.POST.get("helpful", "") in TRUE_VALUES
    error = None
    try:
        review = services.review_vote(review_id=pk, user=request.user, helpful=helpful)
        review.my_vote = helpful
    except DomainError as exc:
        error = exc.message
        try:
            review = selectors.review_public(pk)
        except NotFound:
            raise Http404(_("Review not found.")) from None
        review.my_vote = selectors.votes_of(request.user, [review.pk]).get(review.pk)
    if request.htmx:
        return render(request, "reviews/_vote_buttons.html", {"review": review, "vote_error": error,
                                                              "next": back})
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("Thank you for your feedback."))
    return redirect(back)


# --- the buyer's reviews -------------------------------------------------------------------------------

@login_required
@require_GET
def order_reviews(request, order_id):
    """Review an order: each product of it with "write a review" or the review already written."""
    try:
        order, lines = selectors.order_for_review(request.user, order_id)
    except NotFound:
        raise Http404(_("Order not found.")) from None
    reviewable = order.status in services.REVIEWABLE_STATUSES
    return render(request, "reviews/order_reviews.html", {"order": order, "lines": lines, "reviewable": reviewable})


@login_required
@require_http_methods(["GET", "POST"])
def review_new(request, order_id, product_id):
    try:
        item = services.review_eligible_item(author=request.user, order_id=order_id, product_id=product_id)
    except NotFound:
        raise Http404(_("Order not found.")) from None
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("reviews:order", order_id=order_id)
    existing = selectors.reviews_of_author(request.user).filter(product_id=product_id).first()
    if existing is not None:
        messages.info(request, _("You have already reviewed this product. You can change your review here."))
        return redirect("reviews:edit", pk=existing.pk)
    form = ReviewForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            review = services.review_create(author=request.user, product_id=product_id, order_id=order_id,
                                            rating=data["rating"], title=data["title"], content=data["content"],
                                            images=data["images"])
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            if review.status == ReviewStatus.PENDING:
                messages.info(request, _("Thank you! Your review will appear once a moderator has checked it."))
            else:
                messages.success(request, _("Thank you! Your review is published."))
            return redirect("reviews:order", order_id=order_id)
    return render(request, "reviews/review_form.html", {"form": form, "item": item, "product": item.product,
                                                        "order": item.order, "editing": False})


@login_required
@require_http_methods(["GET", "POST"])
def review_edit(request, pk):
    try:
        review = selectors.review_for_author(request.user, pk)
    except NotFound:
        raise Http404(_("Review not found.")) from None
    deadline = domain.edit_deadline(review.created_at, services.edit_window_days())
    if timezone.now() > deadline:
        messages.error(request, _("Reviews can be changed for %(n)s days after they are written.")
                       % {"n": services.edit_window_days()})
        return redirect("reviews:mine")
    initial = {"rating": review.rating, "title": review.title, "content": review.content}
    form = ReviewEditForm(request.POST or None, request.FILES or None, initial=initial, review=review)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            review = services.review_update(review_id=review.pk, by=request.user, rating=data["rating"],
                                            title=data["title"], content=data["content"], images=data["images"],
                                            remove_image_ids=data.get("remove_images") or [])
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            if review.status == ReviewStatus.PENDING:
                messages.info(request, _("Your review is saved and will appear once a moderator has checked it."))
            else:
                messages.success(request, _("Your review is saved."))
            return redirect("reviews:mine")
    return render(request, "reviews/review_form.html", {"form": form, "review": review, "product": review.product,
                                                        "editing": True, "deadline": deadline})


@login_required
@require_POST
def review_delete(request, pk):
    try:
        services.review_delete(review_id=pk, by=request.user)
    except NotFound:
        raise Http404(_("Review not found.")) from None
    messages.success(request, _("Your review was deleted."))
    return redirect(_safe_next(request, reverse("reviews:mine")))


@login_required
@require_GET
def my_reviews(request):
    page = Paginator(selectors.reviews_of_author(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    now = timezone.now()
    for review in page.object_list:
        review.editable = domain.can_edit(created_at=review.created_at, now=now, days=services.edit_window_days())
    return render(request, "reviews/my_reviews.html", {"page": page, "reviews": page.object_list})


# --- seller centre -------------------------------------------------------------------------------------

@seller_required
@require_GET
def seller_reviews(request):
    rating = domain.normalise_rating(request.GET.get("rating"))
    state = request.GET.get("state") if request.GET.get("state") in selectors.SELLER_FILTERS else ""
    queryset = selectors.reviews_for_shop(request.shop, rating=rating, state=state)
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "reviews/seller_reviews.html", {
        "shop": request.shop, "page": page, "reviews": page.object_list, "rating": rating, "state": state,
        "ratings": list(reversed(domain.RATINGS)), "reply_form": ReplyForm(), "report_form": ReportForm(),
        "rows": domain.distribution_rows(request.shop.rating_distribution, request.shop.rating_count),
    })


@seller_required
@require_POST
def seller_reply(request, pk):
    form = ReplyForm(request.POST)
    back = _safe_next(request, reverse("reviews:seller-list"))
    if not form.is_valid():
        messages.error(request, _("Write your reply."))
        return redirect(back)
    try:
        services.review_reply(review_id=pk, seller=request.user, content=form.cleaned_data["content"])
    except NotFound:
        raise Http404(_("Review not found.")) from None
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Your reply is published under the review."))
    return redirect(back)


@seller_required
@require_POST
def seller_report(request, pk):
    form = ReportForm(request.POST)
    back = _safe_next(request, reverse("reviews:seller-list"))
    if not form.is_valid():
        messages.error(request, _("Tell us what is wrong with this review."))
        return redirect(back)
    try:
        services.review_report(review_id=pk, seller=request.user, reason=form.cleaned_data["reason"])
    except NotFound:
        raise Http404(_("Review not found.")) from None
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Thank you. Our team will look at this review."))
    return redirect(back)
