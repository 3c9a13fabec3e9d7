"""Which sites a page belongs to, found by its URL path instead of by scanning every site.

Wagtail's `Page._get_relevant_site_root_paths` compares a page's URL path with the
root path of every site, for every link it renders: with 660 sites, a home page's
twenty links cost over ten thousand comparisons, most of the time of rendering it.
Every unit's site is rooted at a depth-2 page, so its root path is one segment
("/thpt-chuyen/"): an index by that segment, built once per request, gives the
same answer (same sites, same order) in a dictionary lookup. Sites rooted
elsewhere are still compared one by one. Installed by SchoolsiteConfig.ready().

`Site.get_site_root_paths()` itself reads 660 entries from the shared cache and
unpickles them each time a link is built without a request (the admin's listings
build dozens): each process keeps the list UNITS_STAMP_RECHECK_SECONDS (1 s), the
delay with which it also sees new units.
"""

import time

from django.conf import settings
from wagtail.models import Page, Site

INDEX_ATTRIBUTE = "_sgddt_site_root_index"


def _index(site_root_paths):
    by_segment, other = {}, []
    for position, srp in enumerate(site_root_paths):
        parts = srp.root_path.split("/")
        if len(parts) == 3 and parts[1]:  # "/segment/"
            by_segment.setdefault(parts[1], []).append((position, srp))
        else:
            other.append((position, srp))
    return site_root_paths, by_segment, other


def relevant_site_root_paths(self, cache_object=None):
    site_root_paths = self._get_site_root_paths(cache_object)
    if cache_object is None:  # no request to keep an index on: one scan, as Wagtail does
        return tuple(srp for srp in site_root_paths if self.url_path.startswith(srp.root_path))
    index = getattr(cache_object, INDEX_ATTRIBUTE, None)
    if index is None or index[0] is not site_root_paths:
        index = _index(site_root_paths)
        setattr(cache_object, INDEX_ATTRIBUTE, index)
    _paths, by_segment, other = index
    segments = (self.url_path or "").split("/")
    candidates = by_segment.get(segments[1], []) if len(segments) > 2 else []
    return tuple(
        srp
        for _position, srp in sorted(candidates + other, key=lambda item: item[0])
        if self.url_path.startswith(srp.root_path)
    )


_wagtail_site_root_paths = Site.get_site_root_paths
_roots_memo = {"value": None, "read_at": 0.0}


def site_root_paths():
    seconds = settings.UNITS_STAMP_RECHECK_SECONDS
    now = time.monotonic()
    if seconds and _roots_memo["value"] is not None and now - _roots_memo["read_at"] < seconds:
        return _roots_memo["value"]
    value = _wagtail_site_root_paths()
    _roots_memo.update(value=value, read_at=now)
    return value


def install():
    Page._get_relevant_site_root_paths = relevant_site_root_paths
    Site.get_site_root_paths = staticmethod(site_root_paths)
