"""Text-only mode (chế độ chỉ văn bản): pages without images for readers on slow or metered connections.

A reader switches it on and off with a plain link to `text_only_switch` (no JavaScript needed); the
choice is kept in a cookie. With it, templates skip every content image (`text_only` in the template
context) and rich text drops its embedded images (`images_allowed()`, read by the sanitiser), so no
rendition is requested. The page cache keeps the two modes apart (`cache_key_part`), as does the
proxy's micro-cache (deploy/nginx: the cookie is part of proxy_cache_key).
"""

import contextvars
import re

from django.http import HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme

COOKIE_NAME = "sgddt_chi_van_ban"
COOKIE_MAX_AGE = 365 * 24 * 3600

_text_only = contextvars.ContextVar("sgddt_text_only", default=False)


def is_text_only(request):
    """The reader asked for pages without images (never the API: machines read it, shared caches keep it)."""
    return request.COOKIES.get(COOKIE_NAME) == "1" and not request.path.startswith("/api/")


def cache_key_part(request):
    """What the page cache adds to its key so that one mode is never served to the other."""
    return ":chi-van-ban" if is_text_only(request) else ""


def images_allowed():
    """False while a text-only page is being rendered (rich text leaves its images out)."""
    return not _text_only.get()


class rendering_for:
    """Marks the rendering of one request's response as text-only or not (used by UnitSiteMiddleware)."""

    def __init__(self, request):
        self.value = is_text_only(request)

    def __enter__(self):
        self.token = _text_only.set(self.value)
        return self.value

    def __exit__(self, *exc):
        _text_only.reset(self.token)


# An image element, or a picture's source list: what makes a browser download image bytes.
_IMAGE_TAGS = re.compile(rb"<img\b[^>]*>|<source\b[^>]*\bsrcset=[^>]*>", re.IGNORECASE)


def strip_images(response):
    """The safety net behind the templates: a text-only HTML page leaves with no image element at all.

    Templates already skip images (`text_only`), so no rendition is made; a template that forgets
    (a new page type) still costs the reader no image bytes.
    """
    if (
        response.streaming
        or getattr(response, "is_rendered", True) is False
        or not response.get("Content-Type", "").startswith("text/html")
    ):
        return response
    content, count = _IMAGE_TAGS.subn(b"", response.content)
    if count:
        response.content = content
        if response.has_header("Content-Length"):
            response["Content-Length"] = str(len(content))
    return response


def safe_next(request, default="/"):
    """The on-site path to go back to (never another host)."""
    target = request.GET.get("next") or ""
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def text_only_switch(request):
    """/chi-van-ban/?bat=1&next=/tin-tuc/…: switch text-only mode on (bat=1) or off (bat=0), then go back."""
    response = HttpResponseRedirect(safe_next(request))
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex"
    if request.GET.get("bat") == "1":
        response.set_cookie(COOKIE_NAME, "1", max_age=COOKIE_MAX_AGE, samesite="Lax", httponly=True)
    else:
        response.delete_cookie(COOKIE_NAME, samesite="Lax")
    return response
