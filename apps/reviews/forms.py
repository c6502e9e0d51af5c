from django import forms
from django.utils.translation import gettext_lazy as _

from apps.reviews import domain


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleImageField(forms.FileField):
    """Several files from one input; the service checks each one's content and the total count."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp,image/gif"}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, (list, tuple)):
            return [super(MultipleImageField, self).clean(d, initial) for d in data if d]
        return [super().clean(data, initial)] if data else []


RATING_CHOICES = [(r, "★" * r) for r in reversed(domain.RATINGS)]


class ReviewForm(forms.Form):
    rating = forms.TypedChoiceField(label=_("Your rating"), choices=RATING_CHOICES, coerce=int,
                                    widget=forms.RadioSelect(attrs={"class": "rating-input"}),
                                    error_messages={"required": _("Choose a rating from 1 to 5 stars.")})
    title = forms.CharField(label=_("Title"), max_length=domain.TITLE_MAX, required=False,
                            widget=forms.TextInput(attrs={"placeholder": _("Sum it up in a few words")}))
    content = forms.CharField(label=_("Your review"), max_length=domain.CONTENT_MAX, required=False,
                              widget=forms.Textarea(attrs={"rows": 6, "placeholder": _(
                                  "What did you like or dislike? How is the quality, the fit, the delivery?")}))
    images = MultipleImageField(label=_("Photos"), help_text=_("Up to 5 photos (JPEG, PNG, WebP or GIF), 5 MB each."))


class ReviewEditForm(ReviewForm):
    remove_images = forms.MultipleChoiceField(label=_("Remove photos"), required=False,
                                              widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, review=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.review_images = list(review.images.all()) if review is not None else []
        self.fields["remove_images"].choices = [(str(img.pk), img.image.url) for img in self.review_images]
        if not self.review_images:
            del self.fields["remove_images"]
        self.fields["images"].label = _("Add photos")


class ReplyForm(forms.Form):
    content = forms.CharField(label=_("Your reply"), max_length=domain.REPLY_MAX,
                              widget=forms.Textarea(attrs={"rows": 3}))


class ReportForm(forms.Form):
    reason = forms.CharField(label=_("What is wrong with this review?"), max_length=domain.REPORT_REASON_MAX,
                             widget=forms.Textarea(attrs={"rows": 2}))
