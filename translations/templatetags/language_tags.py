"""The public language switcher and the alternate-language links of a page."""

from django import template

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
    return {"versions": versions if len(versions) > 1 else []}
