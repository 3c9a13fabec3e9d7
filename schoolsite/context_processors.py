"""Template context of every public page: the unit, its site settings and contact details."""

from django.core.cache import cache
from django.utils.functional import SimpleLazyObject

from .colours import readable_theme
from .models import DEPARTMENT_CODE, SiteSettings, Unit
from .text_only import is_text_only

DEPARTMENT_URL_CACHE_KEY = "sgddt:department-url"


def department_url():
    """Root URL of the department's portal, cached: every school's footer links to it."""

    def lookup():
        unit = Unit.objects.select_related("site").filter(code=DEPARTMENT_CODE, is_active=True).first()
        return unit.url if unit and unit.site else ""

    return cache.get_or_set(DEPARTMENT_URL_CACHE_KEY, lookup, 600)


def unit_site(request):
    unit = getattr(request, "unit", None)
    if unit is None:
        return {}
    site_settings = SimpleLazyObject(lambda: SiteSettings.for_request(request))
    return {
        "unit": unit,
        "site_settings": site_settings,
        "contact": SimpleLazyObject(lambda: site_settings.contact_for(unit)),
        "department_url": SimpleLazyObject(department_url),
        "theme_colour": SimpleLazyObject(lambda: readable_theme(site_settings.theme_colour)),
        "text_only": is_text_only(request),
    }
