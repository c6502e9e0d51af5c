"""Storefront pages of accounts: thin, over the same services as the API."""
from datetime import UTC, datetime
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import login, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.accounts import forms, selectors, services
from apps.accounts.errors import RateLimited
from apps.accounts.services import otp
from apps.accounts.services.auth import not_verified_error
from apps.accounts.services.social import providers_configured
from apps.core.errors import DomainError, PermissionDenied

PENDING_PHONE = "accounts_pending_phone"
RESET_PHONE = "accounts_reset_phone"
BACKEND = "apps.accounts.backends.PhoneOrEmailBackend"

account_required = login_required(login_url="accounts:login")


def _next_url(request, default="/"):
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(candidate, allowed_hosts={request.get_host()},
                                                     require_https=request.is_secure()):
        return candidate
    return default


def _client(request):
    return services.ClientInfo.from_request(request)


def _entrance_context(request, **extra):
    return {"next": _next_url(request, ""), "social_providers": providers_configured(), **extra}


# --- sign-up and verification -------------------------------------------------------------------

def signup(request):
    """Sign up with a phone number (our OTP) or an e-mail address (django-allauth, link by e-mail)."""
    if request.user.is_authenticated:
        return redirect("accounts:profile")
    from allauth.account.forms import SignupForm

    tab = "email" if request.GET.get("tab") == "email" else "phone"
    form = forms.PhoneSignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.user_register(phone_number=data["phone_number"], password=data["password1"],
                                   full_name=data["full_name"], email=data["email"] or None)
        except RateLimited as exc:
            form.add_error(None, str(exc.message))
        except DomainError as exc:
            forms.form_add_domain_error(form, exc, {"password": "password1"})
        else:
            request.session[PENDING_PHONE] = data["phone_number"]
            messages.success(request, _("We sent a 6-digit code to %(phone)s.") % {"phone": data["phone_number"]})
            next_url = _next_url(request, "")
            return redirect(f"{reverse('accounts:verify')}?{urlencode({'next': next_url})}" if next_url
                            else reverse("accounts:verify"))
    status = 400 if request.method == "POST" else 200
    return render(request, "accounts/signup.html",
                  _entrance_context(request, form=form, email_form=SignupForm(), tab=tab), status=status)


def _resend_at_iso(phone_number):
    at = otp.otp_resend_available_at(phone_number=phone_number, purpose=otp.PURPOSE_VERIFY)
    return datetime.fromtimestamp(at, UTC).isoformat() if at else ""


def verify(request):
    """Enter the SMS code; on success the account is verified and signed in."""
    phone_number = request.session.get(PENDING_PHONE)
    if not phone_number:
        messages.info(request, _("Sign up or sign in first."))
        return redirect("accounts:signup")
    form = forms.OtpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.user_verify_phone(phone_number=phone_number, code=form.cleaned_data["otp"],
                                              client=_client(request))
        except DomainError as exc:
            forms.form_add_domain_error(form, exc)
        else:
            request.session.pop(PENDING_PHONE, None)
            login(request, user, backend=BACKEND)
            messages.success(request, _("Your phone number is verified. Welcome to Chợ!"))
            return redirect(_next_url(request, reverse("accounts:profile")))
    return render(request, "accounts/verify.html",
                  {"form": form, "phone_number": phone_number, "resend_at": _resend_at_iso(phone_number),
                   "next": _next_url(request, "")}, status=400 if form.errors else 200)


@require_POST
def verify_resend(request):
    phone_number = request.session.get(PENDING_PHONE)
    if not phone_number:
        return redirect("accounts:signup")
    try:
        services.otp_resend(phone_number=phone_number)
    except RateLimited as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("We sent a new code to %(phone)s.") % {"phone": phone_number})
    return redirect("accounts:verify")


# --- sign-in ------------------------------------------------------------------------------------

def login_view(request):
    """Phone number or e-mail + password (django-axes counts the failures), plus Google/GitHub."""
    if request.user.is_authenticated:
        return redirect(_next_url(request, reverse("accounts:profile")))
    form = forms.LoginForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        identifier = form.cleaned_data["username"]
        try:
            user = services.user_authenticate(request=request, identifier=identifier,
                                              password=form.cleaned_data["password"])
        except PermissionDenied as exc:
            if exc.details.get("reason") == "account_not_verified":
                return _continue_verification(request, identifier)
            form.add_error(None, str(exc.message))
            status = 403
        except RateLimited as exc:
            # Our message on the form instead of axes' bare lockout page (the middleware would swap it in).
            request.axes_locked_out = False
            form.add_error(None, str(exc.message))
            status = 429
        except DomainError as exc:
            form.add_error(None, str(exc.message))
            status = 400
        else:
            from allauth.mfa.utils import is_mfa_enabled

            if is_mfa_enabled(user):
                # Two-factor users finish in allauth's login flow, which asks for their authenticator code.
                from allauth.account.utils import perform_login

                return perform_login(request, user, email_verification="none",
                                     redirect_url=_next_url(request, "/"))
            login(request, user)
            return redirect(_next_url(request, "/"))
    elif request.method == "POST":
        status = 400
    return render(request, "accounts/login.html", _entrance_context(request, form=form), status=status)


def _continue_verification(request, identifier):
    from apps.accounts.backends import find_user

    user = find_user(identifier)
    if user is not None and user.phone_number:
        request.session[PENDING_PHONE] = user.phone_number
        try:
            services.otp_resend(phone_number=user.phone_number)
            messages.info(request, _("Your phone number is not verified yet. We sent you a new code."))
        except RateLimited:
            messages.info(request, _("Your phone number is not verified yet. Enter the code we sent you."))
        return redirect("accounts:verify")
    if user is not None and user.email:
        from allauth.account.internal.flows.email_verification import send_verification_email_for_user

        send_verification_email_for_user(request, user)
    messages.warning(request, str(not_verified_error(user).message) if user else _("Verify your account first."))
    return redirect("accounts:login")


# --- forgotten password ---------------------------------------------------------------------------

def password_forgot(request):
    form = forms.ForgotPasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        identifier = form.cleaned_data["identifier"]
        kind = services.password_forgot(identifier=identifier, language=get_language() or "vi")
        if kind == "phone":
            request.session[RESET_PHONE] = identifier
            messages.info(request, _("If an account uses %(phone)s, we texted it a code. Enter it below with your "
                                     "new password.") % {"phone": identifier})
            return redirect("accounts:password_reset")
        messages.info(request, _("If an account uses %(email)s, we e-mailed it a link to reset the password.")
                      % {"email": identifier})
        return redirect("accounts:login")
    return render(request, "accounts/password_forgot.html", {"form": form}, status=400 if form.errors else 200)


def password_reset(request):
    """Phone: the code from the SMS (number remembered from the previous step). E-mail: the link's token."""
    email, token = request.GET.get("email", ""), request.GET.get("token", "")
    by_link = bool(email and token)
    initial = {"identifier": email, "code": token} if by_link else {"identifier": request.session.get(RESET_PHONE, "")}
    form = forms.ResetPasswordForm(request.POST or None, initial=initial, by_link=by_link)
    if not by_link:
        form.fields["identifier"].label = _("Phone number")
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.password_reset(identifier=data["identifier"], code=data["code"],
                                           new_password=data["new_password1"], client=_client(request))
        except DomainError as exc:
            forms.form_add_domain_error(form, exc, {"otp": "code", "new_password": "new_password1"})
        else:
            request.session.pop(RESET_PHONE, None)
            if request.user.is_authenticated and request.user.pk == user.pk:
                update_session_auth_hash(request, user)
            messages.success(request, _("Your password was changed. Sign in with the new password."))
            return redirect("accounts:login")
    return render(request, "accounts/password_reset.html", {"form": form, "by_link": by_link},
                  status=400 if form.errors else 200)


# --- profile --------------------------------------------------------------------------------------

@account_required
def profile(request):
    user = request.user
    form = forms.ProfileForm(request.POST if request.POST.get("action") == "profile" else None,
                             initial={"full_name": user.full_name, "email": user.email,
                                      "marketing_opt_in": user.marketing_opt_in})
    avatar_form = forms.AvatarForm()
    if request.method == "POST" and request.POST.get("action") == "profile" and form.is_valid():
        try:
            services.user_profile_update(user=user, **form.cleaned_data)
        except DomainError as exc:
            forms.form_add_domain_error(form, exc)
        else:
            messages.success(request, _("Your profile was saved."))
            return redirect("accounts:profile")
    return render(request, "accounts/profile.html",
                  {"form": form, "avatar_form": avatar_form, "delete_form": forms.DeleteAccountForm()},
                  status=400 if form.errors else 200)


@account_required
@require_POST
def avatar_upload(request):
    form = forms.AvatarForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.user_avatar_set(user=request.user, upload=form.cleaned_data["file"])
        except DomainError as exc:
            forms.form_add_domain_error(form, exc)
        else:
            messages.success(request, _("Your photo was updated."))
            return redirect("accounts:profile")
    profile_form = forms.ProfileForm(initial={"full_name": request.user.full_name, "email": request.user.email,
                                              "marketing_opt_in": request.user.marketing_opt_in})
    return render(request, "accounts/profile.html",
                  {"form": profile_form, "avatar_form": form, "delete_form": forms.DeleteAccountForm()}, status=400)


@account_required
def account_delete(request):
    form = forms.DeleteAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_delete(user=request.user, password=form.cleaned_data["password"], client=_client(request))
        except DomainError as exc:
            forms.form_add_domain_error(form, exc)
        else:
            from django.contrib.auth import logout

            logout(request)
            messages.success(request, _("Your account was deleted. Goodbye!"))
            return redirect("/")
    return render(request, "accounts/account_delete.html", {"form": form}, status=400 if form.errors else 200)


# --- addresses ------------------------------------------------------------------------------------

@account_required
def addresses(request):
    form = forms.AddressForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.address_create(user=request.user, **form.cleaned_data)
        except DomainError as exc:
            forms.form_add_domain_error(form, exc)
        else:
            messages.success(request, _("The address was added."))
            return redirect("accounts:addresses")
    return render(request, "accounts/addresses.html",
                  {"addresses": selectors.addresses_for_user(request.user), "form": form},
                  status=400 if form.errors else 200)


@account_required
def address_edit(request, pk):
    address = _owned_address_or_404(request.user, pk) if request.method == "GET" else None
    initial = {f: getattr(address, f) for f in ("recipient_name", "phone_number", "street_address", "ward",
                                                 "district", "city", "is_default")} if address else None
    form = forms.AddressForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        is_default = True if data.pop("is_default") else None
        try:
            services.address_update(user=request.user, address_id=pk, is_default=is_default, **data)
        except DomainError as exc:
            if exc.status == 404:
                raise _http404(exc)
            forms.form_add_domain_error(form, exc)
        else:
            messages.success(request, _("The address was saved."))
            return redirect("accounts:addresses")
    if address is None:
        address = _owned_address_or_404(request.user, pk)
    return render(request, "accounts/address_edit.html", {"form": form, "address": address},
                  status=400 if form.errors else 200)


def _owned_address_or_404(user, pk):
    try:
        return selectors.address_for_user(user, pk)
    except DomainError as exc:
        raise _http404(exc)


def _http404(exc):
    from django.http import Http404

    return Http404(str(exc.message))


@account_required
@require_POST
def address_delete(request, pk):
    try:
        services.address_delete(user=request.user, address_id=pk)
    except DomainError as exc:
        if exc.status == 404:
            raise _http404(exc)
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("The address was deleted."))
    return _addresses_response(request)


@account_required
@require_POST
def address_make_default(request, pk):
    try:
        services.address_set_default(user=request.user, address_id=pk)
    except DomainError as exc:
        raise _http404(exc)
    messages.success(request, _("This is now your default address."))
    return _addresses_response(request)


def _addresses_response(request):
    """htmx swaps just the list (messages included); a plain POST goes back to the page."""
    if getattr(request, "htmx", False):
        return render(request, "accounts/_address_list.html", {"addresses": selectors.addresses_for_user(request.user)})
    return redirect("accounts:addresses")
