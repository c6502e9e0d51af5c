"""django-allauth adapters: suspended users are turned away at the door, whichever door they use
(password, e-mail link, Google, GitHub). Set ACCOUNT_ADAPTER / SOCIALACCOUNT_ADAPTER to these."""
from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _


class AccountAdapter(DefaultAccountAdapter):
    def pre_login(self, request, user, **kwargs):
        if getattr(user, "is_suspended", False):
            messages.error(request, _("This account is suspended. Contact support."))
            return redirect("accounts:login")
        return super().pre_login(request, user, **kwargs)


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def save_user(self, request, sociallogin, form=None):
        """A new account through Google or GitHub with a verified e-mail is a verified account."""
        user = super().save_user(request, sociallogin, form)
        if any(address.verified for address in sociallogin.email_addresses):
            from apps.accounts.services import ClientInfo, user_mark_verified

            user_mark_verified(user=user, client=ClientInfo.from_request(request))
        return user
