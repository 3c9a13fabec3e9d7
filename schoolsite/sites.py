"""Which unit a request is for.

One query finds the unit and its Wagtail Site together and primes Wagtail's own
per-request site cache, so `Site.find_for_request` costs nothing afterwards.
Named aliases (SITE_HOST_ALIASES, e.g. `localhost` in development) show an
existing unit's site; there is no catch-all default site.
"""

from django.conf import settings
from django.http.request import split_domain_port

from .models import Unit

_UNSET = object()


def request_hostname(request):
    return split_domain_port(request._get_raw_host())[0].lower()


def unit_for_request(request):
    """The Unit whose site this request addresses (active or not), or None."""
    cached = getattr(request, "_sgddt_unit", _UNSET)
    if cached is not _UNSET:
        return cached
    hostname = request_hostname(request)
    units = Unit.objects.select_related("site__root_page")
    alias_code = settings.SITE_HOST_ALIASES.get(hostname)
    if alias_code:
        unit = units.filter(code=alias_code).first()
    else:
        unit = units.filter(site__hostname=hostname).first()
    if unit is not None and unit.site is not None:
        request._wagtail_site = unit.site
    request._sgddt_unit = unit
    return unit
