"""django-allauth adapter: suspended users are turned away at the door, whichever door they use
(password, e-mail link, Google, GitHub). Set ACCOUNT_ADAPTER = "apps.accounts.adapters.AccountAdapter"."""
from allauth.account.adapter import DefaultAccountAdapter
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _


class AccountAdapter(DefaultAccountAdapter):
    def pre_login(self, request, user, **kwargs):
        if getattr(user, "is_suspended", False):
            messages.error(request, _("This account is suspended. Contact support."))
            return redirect("accounts:login")
        return super().pre_login(request, user, **kwargs)
