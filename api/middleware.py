"""Headers of the public read API: any origin may read it, and shared caches may keep answers briefly."""

from django.utils.cache import patch_cache_control


class PublicReadAPIMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith("/api/") and request.method in ("GET", "HEAD", "OPTIONS"):
            # Other provincial systems read it from their own origins; it carries no credentials.
            response["Access-Control-Allow-Origin"] = "*"
            if response.status_code == 200:
                patch_cache_control(response, public=True, max_age=300)
        return response
