"""The public page cache: Django's cache framework, one generation per site.

Anonymous GET requests for public pages are answered from the shared cache
(Redis with REDIS_URL, local memory otherwise) by Django's own cache middleware
(`UpdateCacheMiddleware`/`FetchFromCacheMiddleware`: key learning, Vary
headers, what may be cached). The only addition is the key prefix: it carries
a generation for the request's site and one for the whole portal. When
something a site shows changes, its generation moves on and every cached page
of that site is gone at once; what several sites show (sector-wide documents,
the department's announcements, the units themselves) moves the portal's.

What moves which generation (receivers connected in SchoolsiteConfig.ready):
- a page published, unpublished, moved or deleted: its site; a school's
  answered question also the department's (its list shows them);
- the department's news or documents (addressed downward) and sector-wide
  documents and procedures: every site;
- a school item approved, rejected or withdrawn for the department: the
  department's site;
- site settings: that site, the department's and the district office's (their directories);
  units and sites (names, hostnames, closing): every site;
- images and documents (files): the site of the unit owning their collection.
Emergency alerts need no invalidation: the alerts showing now are part of the key (alerts/services.py).

People with a session (editors, a visitor who just used a form) never get or
fill the cache, nor do responses that set a cookie or say private/no-store.
Browsers are told to revalidate HTML each time (ETag, 304 when unchanged), so
an invalidated page never lingers on a phone.
"""

import json
import pickle
import time
import uuid

from django.conf import settings
from django.core.cache import caches
from django.dispatch import Signal
from django.middleware.cache import FetchFromCacheMiddleware, UpdateCacheMiddleware
from django.utils import timezone
from django.utils.cache import get_cache_key, get_max_age, learn_cache_key, patch_cache_control

from .middleware import NON_SITE_PREFIXES
from .models import DEPARTMENT_CODE, HOME_PATH_LENGTH

# Sent when a page is answered from the cache, with `events`: what its view recorded through
# `repeat_on_hits` (a page view, a search), so that statistics count cached answers too.
page_served_from_cache = Signal()
EVENTS_HEADER = "X-Sgddt-Cache-Events"

ALL_SITES = "all"
GENERATION_KEY = "sgddt:page-cache:generation:{}"
# Paths that are not a site's public pages, and the API (its own Cache-Control, api/middleware.py).
UNCACHED_PREFIXES = (*NON_SITE_PREFIXES, "/api/")


class ProcessFrontCache:
    """The shared cache, with what this process read in the last PAGE_CACHE_LOCAL_SECONDS kept in memory.

    A cached page costs three reads (generations, the URL's header list, the page); over Redis these
    round trips are most of the time of a hit. Each process keeps them for a second: a change made
    through another application server is seen within that second (as behind nginx's micro-cache),
    one made through this process at once (writes go through both).
    """

    MAX_ENTRIES = 2000

    def __init__(self, shared):
        self.shared = shared
        self.local = {}

    def _fresh(self, key):
        entry = self.local.get(key)
        if entry is not None and time.monotonic() - entry[0] < settings.PAGE_CACHE_LOCAL_SECONDS:
            return entry
        return None

    def _keep(self, key, value):
        if settings.PAGE_CACHE_LOCAL_SECONDS and value is not None:
            if len(self.local) >= self.MAX_ENTRIES:
                self.local.clear()
            # Pickled: every request gets its own copy of a response to change headers on.
            self.local[key] = (time.monotonic(), pickle.dumps(value, pickle.HIGHEST_PROTOCOL))

    def get(self, key, default=None):
        entry = self._fresh(key)
        if entry is not None:
            return pickle.loads(entry[1])
        value = self.shared.get(key)
        self._keep(key, value)
        return default if value is None else value

    def get_many(self, keys):
        found = {key: pickle.loads(entry[1]) for key in keys if (entry := self._fresh(key)) is not None}
        missing = [key for key in keys if key not in found]
        if missing:
            for key, value in self.shared.get_many(missing).items():
                self._keep(key, value)
                found[key] = value
        return found

    def set(self, key, value, timeout=None):
        self.shared.set(key, value, timeout)
        self._keep(key, value)

    def set_many(self, values, timeout=None):
        self.shared.set_many(values, timeout)
        for key, value in values.items():
            self._keep(key, value)

    def add(self, key, value, timeout=None):
        self.local.pop(key, None)
        return self.shared.add(key, value, timeout)

    def clear_local(self):
        self.local.clear()


_front = {}


def _cache():
    shared = caches[settings.CACHE_MIDDLEWARE_ALIAS]
    front = _front.get("cache")
    if front is None or front.shared is not shared:  # caches are per thread in Django
        front = _front["cache"] = ProcessFrontCache(shared)
    return front


def _generations(site_id):
    """The portal's and the site's generation, created on first use."""
    keys = [GENERATION_KEY.format(ALL_SITES), GENERATION_KEY.format(site_id)]
    found = _cache().get_many(keys)
    for key in keys:
        if key not in found:
            _cache().add(key, uuid.uuid4().hex[:12], None)
            found[key] = _cache().get(key)
    return found[keys[0]], found[keys[1]]


def invalidate_sites(site_ids):
    """Every cached page of these sites is stale from now on."""
    values = {GENERATION_KEY.format(site_id): uuid.uuid4().hex[:12] for site_id in set(site_ids) if site_id}
    if values:
        _cache().set_many(values, None)


def invalidate_all():
    invalidate_sites([ALL_SITES])


def site_of_path(path):
    """The site id of the unit whose tree holds this page path, or None."""
    from .sites import units_by_home_path

    by_home = units_by_home_path()
    unit = by_home.get(path[:HOME_PATH_LENGTH])
    if unit is None and len(path) >= HOME_PATH_LENGTH:
        # A translation (/en/…, /hmn/…) lives in its own tree, under a translation of the unit's home page:
        # it is served on the same site, and its original's language switcher must learn of it.
        from wagtail.models import Page

        homes = Page.objects.filter(
            depth=2, translation_key__in=Page.objects.filter(path=path[:HOME_PATH_LENGTH]).values("translation_key")
        ).values_list("path", flat=True)
        unit = next((by_home[home] for home in homes if home in by_home), None)
    return unit.site_id if unit is not None else None


def department_site_id():
    from .sites import department_unit

    department = department_unit()
    return department.site_id if department is not None else None


def repeat_on_hits(request, kind, **data):
    """Record that answering this request counts something (kind, data) that each cached answer must count too."""
    events = getattr(request, "_cache_hit_events", None)
    if events is None:
        events = request._cache_hit_events = []
    events.append([kind, data])


def is_cacheable_request(request):
    if request.method not in ("GET", "HEAD") or not settings.PAGE_CACHE_SECONDS:
        return False
    if request.path.startswith(UNCACHED_PREFIXES):
        return False
    # A session means an editor (never served a cached page) or a visitor in the middle of a form.
    return not any(name in request.COOKIES for name in (settings.SESSION_COOKIE_NAME, "messages"))


def key_prefix(request):
    """Day, portal generation and site generation: the part of the key that invalidation moves."""
    from alerts.services import cache_key_part as alerts_key_part

    from .sites import request_hostname, site_id_for_hostname
    from .text_only import cache_key_part as text_only_key_part

    site_id = site_id_for_hostname(request_hostname(request))
    if site_id is None:
        return None
    portal, site = _generations(site_id)
    # The day is part of the key: lists that drop items at midnight (expired announcements) roll over.
    # Text-only pages (schoolsite/text_only.py) are kept apart from the pages with images, and so are the
    # emergency alerts showing on the site right now: they appear and end on time, cached or not.
    return (
        f"sgddt:page:{timezone.localdate().isoformat()}:{portal}:{site}"
        f"{text_only_key_part(request)}{alerts_key_part(request, site_id)}"
    )


def tell_browsers_to_revalidate(response):
    """Browsers ask again each time (a 304 when unchanged); a shared cache may keep it PROXY_CACHE_SECONDS."""
    if "Expires" in response:
        del response["Expires"]
    if "Cache-Control" in response:
        del response["Cache-Control"]
    # s-maxage is for shared caches only (nginx's micro-cache, Varnish); browsers revalidate (max-age=0).
    patch_cache_control(response, public=True, max_age=0, s_maxage=settings.PROXY_CACHE_SECONDS, must_revalidate=True)


class PageCacheUpdateMiddleware(UpdateCacheMiddleware):
    """Stores cacheable public responses under the site's current generation.

    Placed above every middleware that adds headers (security, CSP) so that the stored copy carries them.
    """

    @property
    def cache(self):
        return _cache()

    def __init__(self, get_response):
        super().__init__(get_response)
        self.cache_timeout = settings.PAGE_CACHE_SECONDS

    def process_response(self, request, response):
        prefix = getattr(request, "_page_cache_prefix", None)
        if prefix is None or not self._should_update_cache(request, response):
            return response
        if response.cookies or response.streaming or response.status_code != 200:
            return response
        cache_control = response.get("Cache-Control", "").lower()
        if any(word in cache_control for word in ("private", "no-cache", "no-store")) or get_max_age(response) == 0:
            return response
        cache_key = learn_cache_key(request, response, self.cache_timeout, prefix, cache=self.cache)
        events = getattr(request, "_cache_hit_events", None)
        if events:
            response[EVENTS_HEADER] = json.dumps(events)  # kept with the cached copy only
        self.cache.set(cache_key, response, self.cache_timeout)
        if events:
            del response[EVENTS_HEADER]
        response["X-Page-Cache"] = "MISS"
        tell_browsers_to_revalidate(response)
        return response


class PageCacheFetchMiddleware(FetchFromCacheMiddleware):
    """Answers from the cache when the site's generation still has the page (after authentication)."""

    @property
    def cache(self):
        return _cache()

    def process_request(self, request):
        request._cache_update_cache = False
        if not is_cacheable_request(request):
            return None
        prefix = key_prefix(request)
        if prefix is None:
            return None  # an unknown or alias host: served (or refused) normally, never cached
        request._page_cache_prefix = prefix
        request._cache_update_cache = True
        cache_key = get_cache_key(request, prefix, request.method, cache=self.cache)
        if cache_key is None and request.method == "HEAD":
            cache_key = get_cache_key(request, prefix, "GET", cache=self.cache)
        response = self.cache.get(cache_key) if cache_key else None
        if response is None:
            return None
        request._cache_update_cache = False
        events = response.get(EVENTS_HEADER)
        if events:
            del response[EVENTS_HEADER]
            page_served_from_cache.send(sender=type(self), request=request, events=json.loads(events))
        response["X-Page-Cache"] = "HIT"
        tell_browsers_to_revalidate(response)
        return response


# --- What invalidates what -------------------------------------------------------------------


def page_changed(sender, instance, **kwargs):
    """A page was published, unpublished, moved or deleted."""
    from legal_docs.models import LegalDocumentPage, ProcedurePage
    from news.models import NewsPage
    from questions.models import AnsweredQuestionPage

    sites = {site_of_path(instance.path)}
    old_path = kwargs.get("url_path_before") and getattr(kwargs.get("parent_page_before"), "path", None)
    if old_path:
        sites.add(site_of_path(old_path))
    department = department_site_id()
    specific_class = instance.specific_class or type(instance)
    if issubclass(specific_class, LegalDocumentPage | ProcedurePage):
        return invalidate_all()  # shared across the sector's libraries and procedure lists
    if issubclass(specific_class, NewsPage) and department in sites:
        return invalidate_all()  # the department's announcements appear on addressed schools' home pages
    if issubclass(specific_class, AnsweredQuestionPage | NewsPage):
        sites.add(department)  # the department lists answered questions and approved school news
    invalidate_sites(sites)


def department_review_changed(sender, instance, raw=False, **kwargs):
    if raw:  # loaddata (a hand-over archive): the related page may not be there yet
        return invalidate_all()
    invalidate_sites([department_site_id(), site_of_path(instance.page.path)])


def site_settings_changed(sender, instance, **kwargs):
    """A unit's site settings: its site, and the directories (Danh bạ) that show its contact details."""
    from .models import Unit, UnitType

    sites = {instance.site_id, department_site_id()}
    unit = Unit.objects.filter(site_id=instance.site_id).values("parent__site_id", "district").first()
    if unit:
        sites.add(unit["parent__site_id"])
        if unit["district"]:
            offices = Unit.objects.filter(unit_type=UnitType.PHONG, district=unit["district"])
            sites.update(offices.values_list("site_id", flat=True))
    invalidate_sites(sites - {None})


def units_changed(sender, **kwargs):
    invalidate_all()


def media_changed(sender, instance, raw=False, **kwargs):
    """An image or document changed: the site of the unit owning its collection (or every site)."""
    from .models import Unit

    if raw:
        return invalidate_all()
    unit = Unit.objects.filter(collection_id=instance.collection_id).only("site_id").first()
    if unit is None or unit.code == DEPARTMENT_CODE:
        return invalidate_all()
    invalidate_sites([unit.site_id])


def connect():
    from django.db.models.signals import post_delete, post_save
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import Page, Site
    from wagtail.signals import page_published, page_unpublished, post_page_move

    from moderation.models import DepartmentReview

    from .models import SiteSettings, Unit

    page_published.connect(page_changed, dispatch_uid="page-cache-published")
    page_unpublished.connect(page_changed, dispatch_uid="page-cache-unpublished")
    post_page_move.connect(page_changed, dispatch_uid="page-cache-moved")
    post_delete.connect(page_changed, sender=Page, dispatch_uid="page-cache-deleted")
    post_save.connect(department_review_changed, sender=DepartmentReview, dispatch_uid="page-cache-review")
    post_save.connect(site_settings_changed, sender=SiteSettings, dispatch_uid="page-cache-settings")
    for model in (Unit, Site):
        post_save.connect(units_changed, sender=model, dispatch_uid=f"page-cache-{model.__name__}-saved")
        post_delete.connect(units_changed, sender=model, dispatch_uid=f"page-cache-{model.__name__}-deleted")
    for model in (get_image_model(), get_document_model()):
        post_save.connect(media_changed, sender=model, dispatch_uid=f"page-cache-{model.__name__}-saved")
        post_delete.connect(media_changed, sender=model, dispatch_uid=f"page-cache-{model.__name__}-deleted")
