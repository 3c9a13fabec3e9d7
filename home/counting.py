"""Statistics counted in memory and written in batches (page views, searches).

A page answered from the cache takes a fraction of a millisecond; a database
write per view or per search would be most of it. Each process adds counts up
in memory and writes them in one statement at most every
STATISTICS_FLUSH_SECONDS (and when it exits): a restart loses at most those
seconds of counts.
"""

import atexit
import contextlib
import threading
import time

from django.conf import settings


class BufferedCounts:
    """{key: (n1, n2, …)} summed in memory; `write(counts)` stores a batch (an upsert that adds)."""

    def __init__(self, write):
        self.write = write
        self.lock = threading.Lock()
        self.pending = {}
        self.flushed_at = time.monotonic()
        atexit.register(self._flush_at_exit)

    def add(self, key, amounts):
        with self.lock:
            current = self.pending.get(key, (0,) * len(amounts))
            self.pending[key] = tuple(a + b for a, b in zip(current, amounts, strict=True))
            due = time.monotonic() - self.flushed_at >= settings.STATISTICS_FLUSH_SECONDS
        if due:
            self.flush()

    def flush(self):
        with self.lock:
            counts, self.pending = self.pending, {}
            self.flushed_at = time.monotonic()
        if counts:
            self.write(counts)

    def _flush_at_exit(self):
        # The database may already be gone while the process stops; the counts are statistics.
        with contextlib.suppress(Exception):
            self.flush()
