"""Content languages of the public site: Vietnamese, English and the minority languages the province adds.

Django only knows the languages it ships (django.conf.locale.LANG_INFO). A minority language such as
H'Mông is declared here from the EXTRA_CONTENT_LANGUAGES setting ("code:local name[:English name]",
comma-separated) and registered in LANG_INFO, so that `get_language_info`, `{% get_language_info %}`,
i18n_patterns (`/hmn/…`) and Wagtail's Locale all work as for a shipped language.

Language code of H'Mông: `hmn`, the ISO 639-2/639-3 *macrolanguage* Hmong. Vietnam's official Mông
script (chữ Mông Việt Nam, 1961, built on the Hmông Lềnh speech of Sa Pa in Lào Cai) is one written
standard for every Mông group of the province (Mông Đơ/White, Mông Lềnh/Flower, Mông Đu/Black, Mông
Njua/Green…), which ISO 639-3 splits into several individual languages: `hnj` (Hmong Njua / Mong Leng,
Green Hmong), `mww` (Hmong Daw, White Hmong), `hmv` (Hmong Dô, a small variety of northern Vietnam);
`blu` (the former "Hmong Njua") was retired in 2008 and must not be used. Content written for "the
H'Mông" of the province is therefore tagged with the macrolanguage, which browsers, screen readers and
search engines also know best. A province that writes for one variety only sets e.g.
EXTRA_CONTENT_LANGUAGES="hnj:Hmoob Leeg:Hmong Njua" instead (the code is also the URL prefix).

Interface strings of a language without a catalog fall back to Vietnamese (Django's fallback to
LANGUAGE_CODE, and our msgids are Vietnamese); the page's own content is in its language.
"""

import re

from django.conf.locale import LANG_INFO

DEFAULT_EXTRA_CONTENT_LANGUAGES = "hmn:Hmoob:Hmong"
# Languages of the admin and of Django's own catalogs: these are not "extra".
BUILTIN_LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
CODE = re.compile(r"^[a-z]{2,3}(-[a-z0-9]{2,8})*$")


def parse_extra_languages(value):
    """[(code, local name, English name)] from "code:local name[:English name], …"."""
    languages = []
    for item in (value or "").split(","):
        item = item.strip()
        if not item:
            continue
        code, _, rest = item.partition(":")
        code = code.strip().lower()
        local_name, _, english_name = rest.partition(":")
        local_name = local_name.strip() or code
        english_name = english_name.strip() or local_name
        if not CODE.match(code):
            raise ValueError(f"EXTRA_CONTENT_LANGUAGES: {code!r} is not a language code (ISO 639, e.g. hmn)")
        if code in dict(BUILTIN_LANGUAGES) or code in (entry[0] for entry in languages):
            continue
        languages.append((code, local_name, english_name))
    return languages


def register(extra_languages):
    """Add each extra language to Django's LANG_INFO (left as it is where Django already has it)."""
    for code, local_name, english_name in extra_languages:
        LANG_INFO.setdefault(code, {"bidi": False, "code": code, "name": english_name, "name_local": local_name})


def content_languages(extra_languages):
    """LANGUAGES / WAGTAIL_CONTENT_LANGUAGES: Vietnamese, English, then the extra ones by their local name."""
    return [*BUILTIN_LANGUAGES, *((code, local_name) for code, local_name, _ in extra_languages)]
