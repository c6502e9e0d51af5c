from django import forms
from django.utils.translation import gettext_lazy as _

from apps.catalog import domain
from apps.catalog.models import Brand, Category, Condition, ProductStatus


class CategoryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return "— " * (obj.depth - 1) + obj.name


def _specs_to_text(specs) -> str:
    return "\n".join(f"{s['name']}: {s['value']}" for s in specs or [])


def _text_to_specs(text: str) -> list[dict]:
    out = []
    for line in (text or "").splitlines():
        if not line.strip():
            continue
        name, sep, value = line.partition(":")
        if not sep or not name.strip():
            raise forms.ValidationError(_('Write one specification per line as "Name: value".'))
        out.append({"name": name.strip(), "value": value.strip()})
    return out


def attributes_to_text(attrs) -> str:
    return "; ".join(f"{k}={v}" for k, v in (attrs or {}).items())


class ProductForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    category = CategoryChoiceField(label=_("Category"), queryset=Category.objects.filter(is_active=True)
                                   .order_by("path"))
    brand = forms.ModelChoiceField(label=_("Brand"), queryset=Brand.objects.order_by("name"), required=False)
    condition = forms.ChoiceField(label=_("Condition"), choices=Condition.choices, initial=Condition.NEW)
    status = forms.ChoiceField(label=_("Status"), initial=ProductStatus.ACTIVE, choices=[
        (ProductStatus.ACTIVE, _("Active")), (ProductStatus.DRAFT, _("Draft")), (ProductStatus.HIDDEN, _("Hidden"))])
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 8}),
                                  help_text=_("Basic HTML is kept (paragraphs, lists, bold, links); scripts are "
                                              "removed."))
    specifications = forms.CharField(label=_("Specifications"), required=False,
                                     widget=forms.Textarea(attrs={"rows": 5}),
                                     help_text=_('One per line, "Name: value", in the order shown to buyers.'))

    @classmethod
    def initial_for(cls, product) -> dict:
        return {"title": product.title, "category": product.category_id, "brand": product.brand_id,
                "condition": product.condition, "status": product.status, "description": product.description,
                "specifications": _specs_to_text(product.specifications)}

    def clean_specifications(self):
        return _text_to_specs(self.cleaned_data.get("specifications", ""))

    def to_service(self) -> dict:
        return dict(self.cleaned_data)


class DefaultVariantForm(forms.Form):
    """Price and stock of a product's first (default) variant on the create page."""

    sku = forms.CharField(label=_("SKU"), max_length=64)
    price = forms.DecimalField(label=_("Price"), min_value=0, max_digits=14, decimal_places=2)
    compare_at_price = forms.DecimalField(label=_("Compare-at price"), min_value=0, max_digits=14,
                                          decimal_places=2, required=False,
                                          help_text=_("The former price, shown struck through."))
    stock = forms.IntegerField(label=_("Stock"), min_value=0, initial=0)


class VariantForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120, help_text=_('For example "Black, 128 GB".'))
    sku = forms.CharField(label=_("SKU"), max_length=64)
    attributes = forms.CharField(label=_("Attributes"), required=False,
                                 help_text=_('For example "colour=Black; storage=128 GB".'))
    price = forms.DecimalField(label=_("Price"), min_value=0, max_digits=14, decimal_places=2)
    compare_at_price = forms.DecimalField(label=_("Compare-at price"), min_value=0, max_digits=14,
                                          decimal_places=2, required=False)
    stock = forms.IntegerField(label=_("Stock"), min_value=0, initial=0)
    low_stock_threshold = forms.IntegerField(label=_("Low-stock threshold"), min_value=0, initial=5)

    def clean_attributes(self):
        try:
            return domain.parse_attributes(self.cleaned_data.get("attributes", ""))
        except ValueError:
            raise forms.ValidationError(_('Write attributes as "name=value; name=value".')) from None


class StockAdjustForm(forms.Form):
    delta = forms.IntegerField(label=_("Change"), help_text=_("Positive to add, negative to remove."))
    reason = forms.ChoiceField(label=_("Reason"), choices=[("restock", _("Restock")),
                                                           ("adjustment", _("Adjustment"))])


class ImageUploadForm(forms.Form):
    file = forms.FileField(label=_("Image"), help_text=_("JPEG, PNG, WebP or GIF; at most 5 MB; at most 10 per "
                                                         "product."))
    alt = forms.CharField(label=_("Alt text"), max_length=200, required=False,
                          help_text=_("Describe the picture for people who cannot see it."))


class ImportForm(forms.Form):
    file = forms.FileField(label=_("CSV file"))
