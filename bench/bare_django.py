"""The framework's floor: a bare Django project whose one view returns a fixed HTML file.

Served by gunicorn exactly as the portal is (bench/throughput.py starts it):
    BARE_HTML=/path/page.html gunicorn --chdir bench bare_django:application
It has no database, no middleware and no templates, so its req/s is the most
any Django view can do on this machine; the portal's cached pages are compared with it.
"""

import os

from django.conf import settings

if not settings.configured:
    settings.configure(
        DEBUG=False,
        SECRET_KEY="bench-only-bare-django",
        ALLOWED_HOSTS=["*"],
        ROOT_URLCONF=__name__,
        MIDDLEWARE=[],
        INSTALLED_APPS=[],
        USE_I18N=False,
    )

from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.urls import re_path  # noqa: E402

with open(os.environ.get("BARE_HTML", os.devnull), "rb") as handle:
    HTML = handle.read()


def page(request):
    return HttpResponse(HTML, content_type="text/html; charset=utf-8")


urlpatterns = [re_path(r"", page)]
application = get_wsgi_application()
