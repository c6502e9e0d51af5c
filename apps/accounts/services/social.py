"""Social sign-in for the API: exchange a Google or GitHub access token (or authorization code) for
our tokens. Identities are stored as django-allauth SocialAccounts, so the storefront's social
buttons and the mobile app find the same user."""
import logging
from dataclasses import dataclass

import requests
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.conf import settings
from django.contrib.auth import user_logged_in
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from apps.accounts.errors import InvalidCredentials
from apps.accounts.models import User
from apps.accounts.services.audit import ClientInfo
from apps.accounts.services.auth import user_mark_verified
from apps.accounts.services.tokens import suspended_error
from apps.core.errors import Conflict, PermissionDenied, ServiceUnavailable, ValidationFailed

logger = logging.getLogger("apps.accounts.social")

TIMEOUT = 10
PROVIDERS = ("google", "github")
PROVIDER_NAMES = {"google": "Google", "github": "GitHub"}

GOOGLE_TOKEN_URL = "https://oauth2.googleapis.com/token"
GOOGLE_TOKENINFO_URL = "https://oauth2.googleapis.com/tokeninfo"
GOOGLE_USERINFO_URL = "https://openidconnect.googleapis.com/v1/userinfo"
GITHUB_TOKEN_URL = "https://github.com/login/oauth/access_token"
GITHUB_API = "https://api.github.com"


@dataclass(frozen=True)
class ProviderProfile:
    provider: str
    uid: str
    email: str | None
    email_verified: bool
    full_name: str
    extra_data: dict


def provider_app(provider: str) -> dict:
    """{client_id, secret} from settings.SOCIALACCOUNT_PROVIDERS (read from the environment)."""
    apps = (getattr(settings, "SOCIALACCOUNT_PROVIDERS", {}).get(provider) or {}).get("APPS") or [{}]
    app = apps[0]
    if not app.get("client_id"):
        raise ServiceUnavailable(_("Sign-in with %(provider)s is not available.") % {"provider": PROVIDER_NAMES[provider]})
    return app


def providers_configured() -> list[str]:
    configured = []
    for provider in PROVIDERS:
        try:
            provider_app(provider)
        except ServiceUnavailable:
            continue
        configured.append(provider)
    return configured


def _rejected(provider: str) -> InvalidCredentials:
    return InvalidCredentials(_("%(provider)s did not accept this sign-in. Try again.") % {"provider": PROVIDER_NAMES[provider]})


def _call(provider: str, method: str, url: str, **kwargs) -> requests.Response:
    try:
        return requests.request(method, url, timeout=TIMEOUT, **kwargs)
    except requests.RequestException:
        logger.warning("%s unreachable at %s", provider, url)
        raise ServiceUnavailable(_("%(provider)s cannot be reached right now. Try again later.")
                                 % {"provider": PROVIDER_NAMES[provider]})


def _json(provider: str, response: requests.Response):
    if response.status_code >= 500:
        raise ServiceUnavailable(_("%(provider)s cannot be reached right now. Try again later.")
                                 % {"provider": PROVIDER_NAMES[provider]})
    if response.status_code >= 400:
        raise _rejected(provider)
    try:
        return response.json()
    except ValueError:
        raise _rejected(provider)


def _google_profile(*, access_token: str | None, code: str | None, redirect_uri: str | None) -> ProviderProfile:
    app = provider_app("google")
    if code:
        token = _json("google", _call("google", "POST", GOOGLE_TOKEN_URL, data={
            "code": code, "client_id": app["client_id"], "client_secret": app.get("secret", ""),
            "redirect_uri": redirect_uri or "", "grant_type": "authorization_code"}))
        access_token = token.get("access_token")
        if not access_token:
            raise _rejected("google")
    else:
        # The token must have been issued to one of our clients (web, Android, iOS), not to another app.
        info = _json("google", _call("google", "GET", GOOGLE_TOKENINFO_URL, params={"access_token": access_token}))
        audiences = {app["client_id"], *getattr(settings, "GOOGLE_EXTRA_CLIENT_IDS", [])}
        if info.get("aud") not in audiences and info.get("azp") not in audiences:
            raise _rejected("google")
    data = _json("google", _call("google", "GET", GOOGLE_USERINFO_URL,
                                 headers={"Authorization": f"Bearer {access_token}"}))
    if not data.get("sub"):
        raise _rejected("google")
    verified = data.get("email_verified") in (True, "true")
    return ProviderProfile("google", str(data["sub"]), (data.get("email") or "").lower() or None, verified,
                           data.get("name") or "", data)


def _github_profile(*, access_token: str | None, code: str | None, redirect_uri: str | None) -> ProviderProfile:
    app = provider_app("github")
    if code:
        payload = {"client_id": app["client_id"], "client_secret": app.get("secret", ""), "code": code}
        if redirect_uri:
            payload["redirect_uri"] = redirect_uri
        token = _json("github", _call("github", "POST", GITHUB_TOKEN_URL, data=payload,
                                      headers={"Accept": "application/json"}))
        access_token = token.get("access_token")
        if not access_token:  # GitHub answers 200 {"error": "bad_verification_code"}
            raise _rejected("github")
    else:
        # The token must belong to our OAuth app (GitHub answers 404 otherwise).
        _json("github", _call("github", "POST", f"{GITHUB_API}/applications/{app['client_id']}/token",
                              auth=(app["client_id"], app.get("secret", "")), json={"access_token": access_token},
                              headers={"Accept": "application/vnd.github+json"}))
    headers = {"Authorization": f"Bearer {access_token}", "Accept": "application/vnd.github+json"}
    data = _json("github", _call("github", "GET", f"{GITHUB_API}/user", headers=headers))
    if not data.get("id"):
        raise _rejected("github")
    emails = _json("github", _call("github", "GET", f"{GITHUB_API}/user/emails", headers=headers))
    verified = [e for e in emails if isinstance(e, dict) and e.get("verified") and e.get("email")]
    primary = next((e for e in verified if e.get("primary")), verified[0] if verified else None)
    email = primary["email"].lower() if primary else None
    return ProviderProfile("github", str(data["id"]), email, bool(primary), data.get("name") or data.get("login") or "",
                           data)


FETCHERS = {"google": _google_profile, "github": _github_profile}


def social_profile_fetch(*, provider: str, access_token: str | None = None, code: str | None = None,
                         redirect_uri: str | None = None) -> ProviderProfile:
    if provider not in FETCHERS:
        raise ValidationFailed(details={"provider": [_("Unknown provider.")]})
    if not access_token and not code:
        raise ValidationFailed(_("Send an access_token or a code."),
                               details={"access_token": [_("Send an access_token or a code.")]})
    return FETCHERS[provider](access_token=access_token, code=code, redirect_uri=redirect_uri)


def _user_for_profile(profile: ProviderProfile) -> tuple[User, bool]:
    """The user of this identity: already linked; else the account with the same provider-verified
    e-mail (linked now); else a new, verified account. Returns (user, created)."""
    linked = SocialAccount.objects.select_related("user").filter(provider=profile.provider, uid=profile.uid).first()
    if linked is not None:
        linked.extra_data = profile.extra_data
        linked.save(update_fields=["extra_data", "last_login"])
        return linked.user, False
    existing = User.objects.by_email(profile.email).first() if profile.email else None
    if existing is not None and not profile.email_verified:
        raise Conflict(_("An account with this e-mail address exists. Sign in with your password, then connect "
                         "%(provider)s.") % {"provider": PROVIDER_NAMES[profile.provider]})
    if existing is None and not (profile.email and profile.email_verified):
        raise ValidationFailed(_("Your %(provider)s account has no verified e-mail address.")
                               % {"provider": PROVIDER_NAMES[profile.provider]},
                               details={"email": [_("A verified e-mail address is required.")]})
    created = existing is None
    if created:
        user = User(email=profile.email, full_name=profile.full_name[:150], is_verified=False)
        user.set_unusable_password()
        user.save()
        EmailAddress.objects.create(user=user, email=profile.email, primary=True, verified=True)
    else:
        user = existing
        EmailAddress.objects.filter(user=user, email__iexact=profile.email).update(verified=True)
    SocialAccount.objects.create(user=user, provider=profile.provider, uid=profile.uid, extra_data=profile.extra_data)
    return user, created


def social_login(*, provider: str, access_token: str | None = None, code: str | None = None,
                 redirect_uri: str | None = None, request=None) -> User:
    """Sign in (or up) with a provider. Raises InvalidCredentials when the provider refuses the token."""
    profile = social_profile_fetch(provider=provider, access_token=access_token, code=code, redirect_uri=redirect_uri)
    try:
        with transaction.atomic():
            user, _created = _user_for_profile(profile)
    except IntegrityError:  # the same identity signed in twice at once: the other request linked it
        user, _created = _user_for_profile(profile)
    if not user.is_active:
        raise PermissionDenied(_("This account has been closed."), details={"reason": "account_closed"})
    if user.is_suspended:
        raise suspended_error()
    if not user.is_verified:
        user_mark_verified(user=user, client=ClientInfo.from_request(request))
    user_logged_in.send(sender=user.__class__, request=request, user=user)
    return user
