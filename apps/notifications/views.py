"""Storefront pages of notifications (filled in below the first commit)."""
from django.http import HttpResponse


def _todo(request, *args, **kwargs):
    return HttpResponse(status=501)


notification_list = bell = mark_all_read = notification_open = preferences = unsubscribe = _todo
newsletter_signup = newsletter_confirm_view = newsletter_unsubscribe = _todo
