from django.conf import settings


def site(request):
    return {"SITE_NAME": "Chợ", "SITE_URL": settings.SITE_URL, "DEFAULT_CURRENCY": settings.DEFAULT_CURRENCY}
