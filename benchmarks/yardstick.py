"""The machine's yardstick: a Django project as `startproject` makes it (its seven middleware, no database
access), answering one JsonResponse. The issue's reference numbers were measured on a machine where such a view
serves about 4,500 requests/s; what it serves here, under the same gunicorn settings, tells how this machine
compares (benchmarks/run.py measures it at the start and the end of every run).

    gunicorn benchmarks.yardstick:application
"""
from django.conf import settings

settings.configure(
    DEBUG=False, SECRET_KEY="yardstick-only-" + "x" * 40, ALLOWED_HOSTS=["127.0.0.1", "localhost"],
    ROOT_URLCONF=__name__, USE_TZ=True,
    INSTALLED_APPS=["django.contrib.contenttypes", "django.contrib.auth", "django.contrib.sessions",
                    "django.contrib.messages"],
    MIDDLEWARE=[
        "django.middleware.security.SecurityMiddleware",
        "django.contrib.sessions.middleware.SessionMiddleware",
        "django.middleware.common.CommonMiddleware",
        "django.middleware.csrf.CsrfViewMiddleware",
        "django.contrib.auth.middleware.AuthenticationMiddleware",
        "django.contrib.messages.middleware.MessageMiddleware",
        "django.middleware.clickjacking.XFrameOptionsMiddleware",
    ],
    DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}},
)

import django  # noqa: E402 - settings first

django.setup()

from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.http import JsonResponse  # noqa: E402
from django.urls import path  # noqa: E402


def bare(request):
    return JsonResponse({"ok": True})


urlpatterns = [path("bench/bare", bare)]
application = get_wsgi_application()
