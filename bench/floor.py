"""
The floor: a bare Django view returning a fixed HTML body, served by the same
gunicorn settings as the site. `BENCH_FLOOR_BYTES` sets the body's size.

    gunicorn bench.floor --workers 2
"""

import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.http import HttpResponse
from django.urls import path

BODY = ("<!doctype html><title>floor</title>" + "x" * 1_000_000)[
    : int(os.environ.get("BENCH_FLOOR_BYTES", "30000"))
]


def floor(request):
    return HttpResponse(BODY)


urlpatterns = [path("", floor)]

settings.configure(
    DEBUG=False,
    SECRET_KEY="bench-floor",
    ALLOWED_HOSTS=["127.0.0.1"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[],
    INSTALLED_APPS=[],
)
application = get_wsgi_application()
