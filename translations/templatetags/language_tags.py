"""The public language switcher and the alternate-language links of a page."""

from django import template
from django.conf import settings

from translations.locales import live_translations

register = template.Library()


def _translations(context):
    """The page's live translations, computed once per request (the head and the header both use them)."""
    page, request = context.get("page"), context.get("request")
    key = getattr(page, "pk", None)
    cached = getattr(request, "_page_translations", None)
    if cached is not None and cached[0] == key:
        return cached[1]
    versions = live_translations(page, request)
    if request is not None:
        request._page_translations = (key, versions)
    return versions


def _with_urls(context, full):
    request = context.get("request")
    versions = []
    for version in _translations(context):
        page = version["page"]
        url = page.get_full_url(request) if full else page.get_url(request)
        if url:
            versions.append({**version, "url": url})
    return versions


@register.inclusion_tag("components/language_switcher.html", takes_context=True)
def language_switcher(context):
    """Links to this page in the other languages it is published in; nothing when it has no translation."""
    versions = _with_urls(context, full=False)
    return {"versions": versions if len(versions) > 1 else []}


@register.inclusion_tag("components/alternate_languages.html", takes_context=True)
def alternate_languages(context):
    """<link rel="alternate" hreflang> for search engines: every language version, this one included."""
    versions = _with_urls(context, full=True)
    if len(versions) < 2:
        return {"versions": []}
    # Readers whose language is none of these are sent to the Vietnamese original.
    default = next((version for version in versions if version["code"] == settings.LANGUAGE_CODE), None)
    return {"versions": versions, "default": default}


_locale_codes = {}


@register.simple_tag(takes_context=True)
def page_language(context):
    """The language of what the page shows: its locale's (a school's Vietnamese page reached under /en/
    is still Vietnamese), else the active language. Locales are few and never change code: kept in memory."""
    page = context.get("page")
    locale_id = getattr(page, "locale_id", None)
    if locale_id is not None:
        if locale_id not in _locale_codes:
            from wagtail.models import Locale

            _locale_codes.update(Locale.objects.values_list("pk", "language_code"))
        if locale_id in _locale_codes:
            return _locale_codes[locale_id]
    return context.get("LANGUAGE_CODE") or settings.LANGUAGE_CODE
