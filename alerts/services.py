"""Which alerts show on which site now, and how the banner gets past the page cache.

The page cache (`schoolsite.page_cache`) keeps whole pages per site generation.
An alert must appear on already cached pages the moment it starts and leave
them the moment it ends, with no request or job at those instants. So the set
of alerts showing on a site is part of the page cache key: `cache_key_part`
names the alerts active on the site right now (and the version of the alerts),
so a page rendered with other alerts, or none, is never answered. When the last
alert of a site ends, its key is the plain one again: the pages cached before
the alert are still right and are served again.

What is active where comes from a small schedule kept in the shared cache: one
entry (start, end, alert, sites) per alert not yet ended. It is rebuilt after an
alert, a unit or a site is saved (a new stamp), never on a timer: times are
compared on each request, so an alert appears and ends exactly on time.
"""

import time
import uuid

STAMP_KEY = "sgddt:alerts:stamp"
SCHEDULE_KEY = "sgddt:alerts:schedule:{}"
SCHEDULE_SECONDS = 24 * 3600


def _cache():
    from schoolsite.page_cache import _cache as page_cache

    return page_cache()  # the shared cache, with the page cache's per-process front


def alerts_changed(**kwargs):
    """An alert, unit or site changed: every site's alerts are worked out again on its next request."""
    from django.db import transaction

    def new_stamp():
        _cache().set(STAMP_KEY, uuid.uuid4().hex[:12], None)

    # Now (this request sees it) and again once committed: a schedule another request built from the
    # data before the commit is dropped with the stamp it was stored under.
    new_stamp()
    transaction.on_commit(new_stamp)


def _stamp():
    cache = _cache()
    stamp = cache.get(STAMP_KEY)
    if stamp is None:
        cache.add(STAMP_KEY, uuid.uuid4().hex[:12], None)
        stamp = cache.get(STAMP_KEY)
    return stamp


def _build_schedule():
    from schoolsite.audience import Audience
    from schoolsite.models import Unit

    from .models import Alert

    entries = []
    for alert in Alert.objects.not_ended().prefetch_related("audience_units"):
        if alert.audience == Audience.ALL:
            sites = None  # every site
        elif alert.audience == Audience.SELECTED:
            units = Unit.objects.active().exclude(site=None).filter(alert.addressed_units_q())
            sites = frozenset(units.values_list("site_id", flat=True))
        else:
            continue
        entries.append((alert.starts_at.timestamp(), alert.ends_at.timestamp(), alert.pk, sites))
    return tuple(entries)


def schedule():
    """(stamp, entries) of the alerts not yet ended; entries are (start, end, alert id, site ids or None)."""
    stamp = _stamp()
    key = SCHEDULE_KEY.format(stamp)
    entries = _cache().get(key)
    if entries is None:
        entries = _build_schedule()
        _cache().set(key, entries, SCHEDULE_SECONDS)
    return stamp, entries


def _now():
    return time.time()


def active_alert_ids(site_id, now=None):
    """Ids of the alerts showing on this site at this moment (a timestamp, default now)."""
    stamp, entries = schedule()
    now = _now() if now is None else now
    ids = sorted(pk for start, end, pk, sites in entries if start <= now < end and (sites is None or site_id in sites))
    return stamp, ids


def cache_key_part(request, site_id):
    """The part of the page cache key that names the alerts showing on the site now ("" when none).

    The ids are kept on the request so that the banner shows exactly the alerts the key names,
    even when an alert starts or ends while the page is being rendered.
    """
    stamp, ids = active_alert_ids(site_id)
    request._sgddt_alert_ids = ids
    return f":alerts-{stamp}-{'.'.join(map(str, ids))}" if ids else ""


def alerts_for_request(request, unit):
    """The alerts to show on this request's page, the most serious first."""
    from .models import LEVEL_RANK, Alert

    ids = getattr(request, "_sgddt_alert_ids", None) if request is not None else None
    if ids is None:
        if unit is None or not unit.site_id:
            return []
        _stamp_value, ids = active_alert_ids(unit.site_id)
    if not ids:
        return []
    alerts = list(Alert.objects.filter(pk__in=ids).select_related("unit"))
    alerts.sort(key=lambda alert: (LEVEL_RANK.get(alert.level, 9), -alert.starts_at.timestamp(), -alert.pk))
    return alerts


def end_now(alert, user):
    """End an alert at once (an alert not yet started is called off): kept, with an audit-log entry."""
    from django.utils import timezone
    from wagtail.log_actions import log

    now = timezone.now()
    alert.ends_at = now
    alert.starts_at = min(alert.starts_at, now)
    alert.save(update_fields=["ends_at", "starts_at"])
    log(alert, "sgddt.alert_end", user=user)
