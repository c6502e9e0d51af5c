"""Storefront pages: the header bell (htmx), the notification list, preferences, unsubscribe and the
newsletter sign-up. Thin: they call the same services and selectors as the API."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from apps.core.client_ip import client_ip
from apps.notifications import newsletter, selectors, services
from apps.notifications.forms import NewsletterForm, PreferencesForm
from apps.notifications.models import Category

BELL_SIZE = 5
PAGE_SIZE = 20
SIGNUPS_PER_HOUR_PER_IP = 10


@require_GET
def bell(request):
    """The header bell: unread count and the latest notifications. Replaces #notif-bell (outerHTML)."""
    return _bell_response(request)


def _bell_response(request):
    if not request.user.is_authenticated:
        return render(request, "notifications/_bell.html", {"anonymous": True})
    latest = list(selectors.notifications_for_user(request.user)[:BELL_SIZE])
    return render(request, "notifications/_bell.html", {
        "count": selectors.unread_count(request.user), "latest": latest,
    })


@login_required
@require_GET
def notification_list(request):
    page = Paginator(selectors.notifications_for_user(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "notifications/list.html", {
        "page": page, "unread": selectors.unread_count(request.user),
    })


@login_required
@require_POST
def mark_all_read(request):
    services.notifications_mark_all_read(user=request.user)
    if request.htmx:
        return _bell_response(request)
    messages.success(request, _("All notifications are marked as read."))
    return redirect("notifications:list")


@login_required
@require_GET
def notification_open(request, pk):
    """Mark one notification read and go to what it is about."""
    notification = selectors.notification_for_user(request.user, pk)
    if notification is None:
        raise Http404
    services.notification_mark_read(notification=notification)
    target = notification.url
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return redirect(target)
    return redirect("notifications:list")


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request):
    prefs = selectors.preferences_for_user(request.user)
    language = selectors.language_for(prefs)
    form = PreferencesForm(request.POST or None, preferences=prefs, language=language)
    if request.method == "POST" and form.is_valid():
        services.preferences_update(user=request.user, channels=form.channels(),
                                    language=form.cleaned_data["language"])
        messages.success(request, _("Your preferences are saved."))
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {
        "form": form, "marketing_opt_in": request.user.marketing_opt_in,
    })


def _unsubscribe_scope(data) -> str:
    if "s" in data:
        return _("the Chợ newsletter")
    try:
        return str(Category(data.get("c")).label).lower()
    except ValueError:
        return _("these e-mails")


@csrf_exempt  # one-click unsubscribe (RFC 8058): mail clients POST without a CSRF token; the signed token is the proof
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    try:
        data = services.unsubscribe_token_read(token)
    except signing.BadSignature:
        return render(request, "notifications/unsubscribe.html", {"invalid": True}, status=400)
    if request.method == "POST":
        services.unsubscribe_apply(token=token)
        return render(request, "notifications/unsubscribe.html", {"done": True, "scope": _unsubscribe_scope(data)})
    return render(request, "notifications/unsubscribe.html", {"token": token, "scope": _unsubscribe_scope(data)})


newsletter_unsubscribe = unsubscribe


@require_http_methods(["GET", "POST"])
def newsletter_signup(request):
    """The sign-up form (also an htmx-able footer form: with HX-Request the partial is returned)."""
    form = NewsletterForm(request.POST or None)
    template = "notifications/_newsletter_form.html" if request.htmx else "notifications/newsletter.html"
    if request.method == "POST" and form.is_valid():
        if not form.cleaned_data["website"] and _signup_allowed(request):
            newsletter.newsletter_subscribe(email=form.cleaned_data["email"], language=request.LANGUAGE_CODE)
        # The same answer whether or not the address was known (nothing to learn by probing).
        return render(request, template, {"form": NewsletterForm(), "sent": True})
    return render(request, template, {"form": form}, status=400 if form.errors else 200)


def _signup_allowed(request) -> bool:
    key = f"notifications:newsletter-signups:{client_ip(request) or ''}"
    cache.add(key, 0, 3600)
    try:
        count = cache.incr(key)
    except ValueError:
        count = 1
    return count <= SIGNUPS_PER_HOUR_PER_IP


@require_http_methods(["GET", "POST"])
def newsletter_confirm_view(request, token):
    """GET shows a button and POST confirms: mail scanners that open links do not subscribe anyone."""
    try:
        signing.loads(token, salt=newsletter.CONFIRM_SALT, max_age=newsletter.CONFIRM_MAX_AGE)
    except signing.SignatureExpired:
        return render(request, "notifications/newsletter_confirm.html", {"expired": True}, status=400)
    except signing.BadSignature:
        return render(request, "notifications/newsletter_confirm.html", {"invalid": True}, status=400)
    if request.method == "POST":
        try:
            newsletter.newsletter_confirm(token=token)
        except signing.BadSignature:
            return render(request, "notifications/newsletter_confirm.html", {"invalid": True}, status=400)
        return render(request, "notifications/newsletter_confirm.html", {"done": True})
    return render(request, "notifications/newsletter_confirm.html", {"token": token})


