from django.urls import path
from django.views.generic import TemplateView

app_name = "core"

urlpatterns = [
    path("robots.txt", TemplateView.as_view(template_name="robots.txt", content_type="text/plain"), name="robots"),
]
