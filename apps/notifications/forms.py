from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from apps.notifications.models import Category, Channel


class NewsletterForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"), max_length=254,
                             widget=forms.EmailInput(attrs={"autocomplete": "email", "placeholder": "ban@example.com"}))
    # A field people never see (hidden by CSS); bots that fill every field give themselves away.
    website = forms.CharField(required=False, label=_("Leave this empty"))


CATEGORY_HELP = {
    Category.ORDER_UPDATE: _("Review requests and other optional news about your orders."),
    Category.MESSAGE: _("Messages from shops and other shoppers."),
    Category.PROMOTION: _("Deals, price drops, back-in-stock alerts and the newsletter."),
    Category.SYSTEM: _("News about Chợ and your account."),
}


class PreferencesForm(forms.Form):
    """One switch per channel and category (field name "<channel>__<category>") and the language."""

    language = forms.ChoiceField(label=_("Language of e-mails"), choices=settings.LANGUAGES)

    def __init__(self, *args, preferences=None, language="vi", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].initial = language
        for channel in Channel:
            for category in Category:
                name = f"{channel.value}__{category.value}"
                pref = (preferences or {}).get(channel.value)
                self.fields[name] = forms.BooleanField(
                    required=False, label=category.label, help_text=CATEGORY_HELP[category],
                    initial=pref.allows(category.value) if pref is not None else True)

    def channel_rows(self):
        """[(channel label, [bound fields])] for the template."""
        return [(channel.label, [self[f"{channel.value}__{category.value}"] for category in Category])
                for channel in Channel]

    def channels(self) -> dict:
        data = self.cleaned_data
        return {channel.value: {category.value: data[f"{channel.value}__{category.value}"] for category in Category}
                for channel in Channel}
