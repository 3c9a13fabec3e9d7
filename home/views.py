"""Site-wide views: error pages that keep each unit's look, robots.txt."""

from django.http import HttpResponse
from django.shortcuts import render

from schoolsite.sites import unit_for_request


def page_not_found(request, exception=None):
    return render(request, "404.html", {"unit": getattr(request, "unit", None)}, status=404)


def server_error(request):
    # Keep this view free of anything that may itself fail: no settings, no menu.
    try:
        unit = unit_for_request(request)
    except Exception:  # the database may be what failed
        unit = None
    return render(request, "500.html", {"error_unit": unit}, status=500)


def robots_txt(request):
    """Per site: crawl the public pages, not the admin or search results; here is the site's sitemap."""
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /tim-kiem/",
        "Disallow: /chi-van-ban/",
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
        "",
    ]
    response = HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "public, max-age=86400"
    return response
