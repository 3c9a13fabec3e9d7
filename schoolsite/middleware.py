"""Route each public request to its unit's site, or answer 404 for unknown and closed sites."""

from django.template.response import TemplateResponse

from . import text_only
from .sites import request_hostname, unit_for_request

# Paths that do not belong to one unit's public site.
NON_SITE_PREFIXES = ("/admin/", "/oidc/", "/static/", "/media/", "/documents/", "/healthz", "/favicon.ico")


class UnitSiteMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(NON_SITE_PREFIXES):
            return self.get_response(request)
        unit = unit_for_request(request)
        if unit is None or unit.site is None:
            return self._not_served(request, "errors/unknown_site.html", {"hostname": request_hostname(request)})
        if not unit.is_active:
            return self._not_served(request, "errors/closed_site.html", {"closed_unit": unit})
        request.unit = unit
        with text_only.rendering_for(request) as images_off:
            response = self.get_response(request)
        return text_only.strip_images(response) if images_off else response

    @staticmethod
    def _not_served(request, template, context):
        response = TemplateResponse(request, template, context, status=404)
        response["Cache-Control"] = "no-cache"
        return response.render()
