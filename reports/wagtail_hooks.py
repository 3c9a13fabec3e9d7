"""Admin integration of the reports, and the page-view counter on every public page."""

import re

from django.conf import settings
from django.dispatch import receiver
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from schoolsite.page_cache import page_served_from_cache, repeat_on_hits

from . import services
from .page_views import record_view
from .views import ReportView

# Crawlers, link previews, monitors and scripts: their visits are not readers'.
BOT_AGENTS = re.compile(
    r"bot|crawl|spider|slurp|archiver|facebookexternalhit|embedly|preview|monitor|uptime|pingdom|lighthouse"
    r"|headless|phantomjs|curl|wget|python-|httpclient|okhttp|java/|go-http|libwww|scrapy|node-fetch|axios",
    re.IGNORECASE,
)


def is_reader(request):
    agent = request.headers.get("User-Agent", "")
    if request.method != "GET" or not agent or BOT_AGENTS.search(agent):
        return False
    if getattr(request, "is_preview", False):
        return False
    # Staff looking at their own pages are not counted; reading request.user needs a session only if one exists.
    return not (request.COOKIES.get(settings.SESSION_COOKIE_NAME) and request.user.is_authenticated)


@hooks.register("before_serve_page")
def count_page_view(page, request, serve_args, serve_kwargs):
    unit = getattr(request, "unit", None)
    if unit is None:
        return
    repeat_on_hits(request, "view", page=page.pk, unit=unit.pk)
    if is_reader(request):
        record_view(page.pk, unit.pk)


@receiver(page_served_from_cache)
def count_cached_page_view(sender, request, events, **kwargs):
    for kind, data in events:
        if kind == "view" and is_reader(request):
            record_view(data["page"], data["unit"])


@hooks.register("register_admin_urls")
def register_report_urls():
    return [path("bao-cao/<slug:name>/", ReportView.as_view(), name="reports_admin_report")]


class ReportMenuItem(MenuItem):
    def is_shown(self, request):
        return services.reportable_units(request.user).exists()


def _menu_item(name, label, order):
    def register():
        url = reverse("reports_admin_report", args=[name])
        return ReportMenuItem(label, url, name=f"bao-cao-{name}", icon_name="table", order=order)

    return register


for _order, (_name, (_label, _build)) in enumerate(services.REPORTS.items()):
    hooks.register("register_reports_menu_item", _menu_item(_name, _label, 10 + _order))
