"""Which unit a request is for.

One query finds the unit and its Wagtail Site together and primes Wagtail's own
per-request site cache, so `Site.find_for_request` costs nothing afterwards.
Named aliases (SITE_HOST_ALIASES, e.g. `localhost` in development) show an
existing unit's site; there is no catch-all default site.
"""

import time
import uuid

from django.conf import settings
from django.http.request import split_domain_port

from .models import DEPARTMENT_CODE, Unit

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


UNITS_STAMP_KEY = "sgddt:units-stamp"
_units_memo = {"stamp": None}


_stamp_memo = {"value": None, "read_at": 0.0}


def units_changed(**kwargs):
    """A unit, its site or its home page changed: every process rebuilds its map on its next request."""
    from django.core.cache import cache

    stamp = uuid.uuid4().hex
    cache.set(UNITS_STAMP_KEY, stamp, None)
    _stamp_memo.update(value=stamp, read_at=time.monotonic())  # this process at once, the others within a second


def _units_stamp():
    """The shared stamp, read from the cache at most every UNITS_STAMP_RECHECK_SECONDS per process.

    Every request needs it (host validation, the page cache, page owners); a cached page is answered in
    a fraction of a millisecond, so a round trip to Redis for it on each request would be a large share.
    """
    from django.core.cache import cache

    now = time.monotonic()
    if _stamp_memo["value"] is not None and now - _stamp_memo["read_at"] < settings.UNITS_STAMP_RECHECK_SECONDS:
        return _stamp_memo["value"]
    stamp = cache.get(UNITS_STAMP_KEY)
    if stamp is None:
        cache.add(UNITS_STAMP_KEY, uuid.uuid4().hex, None)
        stamp = cache.get(UNITS_STAMP_KEY)
    _stamp_memo.update(value=stamp, read_at=now)
    return stamp


def unit_hostnames():
    """Every hostname of a unit's site (active or closed)."""
    return _units()["hostnames"]


def site_id_for_hostname(hostname):
    """The Wagtail Site id of an active unit's hostname (None for aliases, unknown and closed units)."""
    return _units()["sites"].get(hostname)


def units_by_home_path():
    """{home page path: Unit}: a page's unit without a query per page."""
    return _units()["by_home_path"]


def department_unit():
    """The department's Unit (DEPARTMENT_CODE), or None before provisioning."""
    return _units()["department"]


def _units():
    """What every request asks of the units, from one query kept in this process's memory.

    Only a stamp is shared through the cache, so a search over 660 units does not
    unpickle them all each time; the maps are rebuilt when the stamp changes.
    """
    stamp = _units_stamp()
    if _units_memo["stamp"] != stamp or stamp is None:
        units = list(Unit.objects.select_related("home_page", "site"))
        with_site = [u for u in units if u.site is not None]
        _units_memo.update(
            by_home_path={u.home_page.path: u for u in units if u.home_page is not None},
            hostnames=frozenset(u.site.hostname.lower() for u in with_site),
            sites={u.site.hostname.lower(): u.site_id for u in with_site if u.is_active},
            department=next((u for u in units if u.code == DEPARTMENT_CODE), None),
            stamp=stamp,
        )
    return _units_memo
