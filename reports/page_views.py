"""Page views counted in memory and written in batches.

Cached pages are answered in well under a millisecond; a database write per
view would be most of that time. Each process adds views up in memory and
writes them in one statement at most every PAGE_VIEWS_FLUSH_SECONDS (and when
it exits), so a restart loses at most those seconds of counts.
"""

import atexit
import contextlib
import threading
import time
from collections import Counter

from django.conf import settings
from django.utils import timezone

_lock = threading.Lock()
_pending = Counter()
_last_flush = [time.monotonic()]


def record_view(page_id, unit_id):
    with _lock:
        _pending[(int(page_id), int(unit_id), timezone.localdate())] += 1
        due = time.monotonic() - _last_flush[0] >= settings.PAGE_VIEWS_FLUSH_SECONDS
    if due:
        flush()


def flush():
    """Write the views counted so far (called by record_view when due, and at exit)."""
    from .models import PageViewDay

    with _lock:
        counts = dict(_pending)
        _pending.clear()
        _last_flush[0] = time.monotonic()
    if counts:
        PageViewDay.add_views(counts)


def _flush_at_exit():
    # The database may already be gone while the process stops; the counts are statistics.
    with contextlib.suppress(Exception):
        flush()


atexit.register(_flush_at_exit)
