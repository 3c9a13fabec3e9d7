"""Content locales and the live translations of a page."""

import unicodedata

from django.conf import settings
from django.utils.translation import get_language_info
from wagtail.models import Locale, Page


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


def live_translations(page):
    """[{code, name, url, page}] of this page's live, public versions in every language, itself included.

    Aliases (a page copied into a locale without being translated yet) are left out: they show the
    original's text, so linking to them as "English" would mislead. An empty list when there is no
    other language than the page's own.
    """
    if not isinstance(page, Page) or not page.pk or not getattr(settings, "WAGTAIL_I18N_ENABLED", False):
        return []
    versions = list(
        Page.objects.filter(translation_key=page.translation_key, live=True, alias_of__isnull=True)
        .public()
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
        name = unicodedata.normalize("NFC", name)
        result.append({"code": code, "name": name, "page": version, "current": version.pk == page.pk})
    return result
