"""Error pages that keep each unit's own look."""

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
