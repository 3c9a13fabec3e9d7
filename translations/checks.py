"""System check: each content language has a message catalog, without which Django ignores its URL prefix."""

from django.conf import settings
from django.core.checks import Warning, register
from django.utils.translation.trans_real import check_for_language


@register()
def content_languages_have_catalogs(app_configs, **kwargs):
    return [
        Warning(
            f"The content language {code!r} has no message catalog: /{code}/ pages are not served.",
            hint=f"manage.py makemessages -l {code} && make compilemessages, then commit locale/{code}/.",
            id="translations.W001",
        )
        for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES
        if not check_for_language(code)
    ]
