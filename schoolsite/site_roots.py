"""Which sites a page belongs to, found by its URL path instead of by scanning every site.

Wagtail's `Page._get_relevant_site_root_paths` compares a page's URL path with the
root path of every site, for every link it renders: with 660 sites, a home page's
twenty links cost over ten thousand comparisons, most of the time of rendering it.
Every unit's site is rooted at a depth-2 page, so its root path is one segment
("/thpt-chuyen/"): an index by that segment, built once per request, gives the
same answer (same sites, same order) in a dictionary lookup. Sites rooted
elsewhere are still compared one by one. Installed by SchoolsiteConfig.ready().
"""

from wagtail.models import Page

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
    holder = cache_object if cache_object is not None else self
    index = getattr(holder, INDEX_ATTRIBUTE, None)
    if index is None or index[0] is not site_root_paths:
        index = _index(site_root_paths)
        setattr(holder, INDEX_ATTRIBUTE, index)
    _paths, by_segment, other = index
    segments = (self.url_path or "").split("/")
    candidates = by_segment.get(segments[1], []) if len(segments) > 2 else []
    return tuple(
        srp
        for _position, srp in sorted(candidates + other, key=lambda item: item[0])
        if self.url_path.startswith(srp.root_path)
    )


def install():
    Page._get_relevant_site_root_paths = relevant_site_root_paths
