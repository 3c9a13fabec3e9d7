"""Content locales and the live translations of a page."""

import unicodedata

from django.conf import settings
from django.utils.translation import get_language_info
from wagtail.models import Locale, Page, Site


def ensure_locales():
    """A Wagtail Locale for every content language (settings.WAGTAIL_CONTENT_LANGUAGES); returns those created."""
    existing = set(Locale.objects.values_list("language_code", flat=True))
    created = [code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES if code not in existing]
    Locale.objects.bulk_create([Locale(language_code=code) for code in created])
    return created


def ensure_locales_after_migrate(sender, app_config=None, using="default", **kwargs):
    # After every migrate (sent once per app; Wagtail's is enough): a language added to the settings gets its locale.
    if app_config is not None and app_config.label == "wagtailcore":
        ensure_locales()


def site_has_translations(request):
    """Whether the request's site has a home page in more than one language (no query: Wagtail's site root paths).

    Wagtail lists every translation of each site's home page among the site root paths, which each process
    keeps in memory (schoolsite/site_roots.py): most units have no translation, and their pages then cost
    no query for the language switcher.
    """
    site = getattr(request, "_wagtail_site", None) if request is not None else None
    if site is None:
        return True  # unknown: look at the page itself
    languages = {root.language_code for root in Site.get_site_root_paths() if root.site_id == site.pk}
    return len(languages) > 1


def live_translations(page, request=None):
    """[{code, name, page, current}] of this page's live, public versions in every language, itself included.

    Aliases (a page copied into a locale without being translated yet) are left out: they show the
    original's text, so linking to them as "English" would mislead. An empty list when there is no
    other language than the page's own.
    """
    if not isinstance(page, Page) or not page.pk or not getattr(settings, "WAGTAIL_I18N_ENABLED", False):
        return []
    if not site_has_translations(request):
        return []
    versions = Page.objects.filter(translation_key=page.translation_key, live=True, alias_of__isnull=True)
    if not versions.exclude(pk=page.pk).exists():
        return []
    versions = list(
        versions.public()
        .select_related("locale")
        .only("id", "path", "url_path", "depth", "title", "translation_key", "locale__language_code")
    )
    if not any(version.pk != page.pk for version in versions):
        return []
    order = {code: position for position, (code, _name) in enumerate(settings.WAGTAIL_CONTENT_LANGUAGES)}
    versions.sort(key=lambda version: order.get(version.locale.language_code, len(order)))
    result = []
    for version in versions:
        code = version.locale.language_code
        try:
            name = get_language_info(code)["name_local"]
        except KeyError:
            name = dict(settings.WAGTAIL_CONTENT_LANGUAGES).get(code, code)
        # Django writes "Tiếng Việt" with combining accents: precomposed, as every other Vietnamese text.
        result.append({"code": code, "name": unicodedata.normalize("NFC", name), "page": version})
        result[-1]["current"] = version.pk == page.pk
    return result
