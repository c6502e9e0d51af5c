"""The site-wide admin action "Export selected as CSV": the rows the staff member ticked, with the columns
of the change list they are looking at (list_display), streamed."""
import csv

from django.contrib.admin.utils import display_for_field, display_for_value, label_for_field, lookup_field
from django.core.exceptions import ObjectDoesNotExist
from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from apps.analytics.exports import _Echo


def _columns(modeladmin, request) -> list[str]:
    return [name for name in modeladmin.get_list_display(request) if name != "action_checkbox"]


def _value(name, obj, modeladmin) -> str:
    try:
        field, _attr, value = lookup_field(name, obj, modeladmin)
    except (AttributeError, ObjectDoesNotExist):
        return ""
    if field is not None and not getattr(field, "many_to_many", False):
        text = display_for_field(value, field, "")
    else:
        text = display_for_value(value, "", boolean=getattr(getattr(modeladmin, name, None), "boolean", False))
    return strip_tags(str(text))


def export_selected_csv(modeladmin, request, queryset):
    columns = _columns(modeladmin, request)
    related = modeladmin.get_list_select_related(request)
    if related is True:
        queryset = queryset.select_related()
    elif related:
        queryset = queryset.select_related(*related)
    writer = csv.writer(_Echo())
    model = modeladmin.model

    def rows():
        yield "\ufeff"
        yield writer.writerow([strip_tags(str(label_for_field(c, model, modeladmin))) for c in columns])
        for obj in queryset.iterator(chunk_size=500):
            yield writer.writerow([_value(c, obj, modeladmin) for c in columns])

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    name = f"{model._meta.app_label}_{model._meta.model_name}_{timezone.localdate():%Y%m%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


export_selected_csv.short_description = _("Export selected as CSV")
export_selected_csv.allowed_permissions = ("view",)
