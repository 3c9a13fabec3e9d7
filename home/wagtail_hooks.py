"""Admin dashboard shortcuts for the tasks editors do most."""

from django.db.models import Q
from wagtail import hooks
from wagtail.admin.ui.components import Component

from news.models import NewsIndexPage
from schoolsite.models import Unit


class QuickActionsPanel(Component):
    """ "Viết tin mới" and "Xem trang web" for each unit the person works for."""

    name = "quick_actions"
    order = 50
    template_name = "home/admin/quick_actions_panel.html"
    max_units = 5

    def __init__(self, units):
        self.units = units

    def get_context_data(self, parent_context):
        home_paths = {unit.home_page.path: unit for unit in self.units}
        under_homes = Q()
        for path in home_paths:
            under_homes |= Q(path__startswith=path)
        indexes = NewsIndexPage.objects.filter(under_homes, depth=3)
        by_home = {index.path[: -NewsIndexPage.steplen]: index for index in indexes}
        return {
            "entries": [
                {"unit": unit, "news_index": by_home.get(path)} for path, unit in home_paths.items() if path in by_home
            ]
        }


@hooks.register("construct_homepage_panels")
def add_quick_actions(request, panels):
    user = request.user
    units = Unit.objects.filter(groups__group__user=user) if not user.is_superuser else Unit.objects.none()
    units = list(units.select_related("home_page", "site").distinct().order_by("name")[: QuickActionsPanel.max_units])
    if units:
        panels.insert(0, QuickActionsPanel(units))


@hooks.register("before_serve_document")
def count_download(document, request):
    from django.db.models import F

    type(document).objects.filter(pk=document.pk).update(download_count=F("download_count") + 1)


@hooks.register("register_rich_text_features", order=100)
def leave_rich_text_images_out_in_text_only_mode(features):
    """Runs after wagtail.images registered its handler for <embed embedtype="image">, and replaces it."""
    from .rich_text import text_only_image_embed_handler

    features.register_embed_type(text_only_image_embed_handler())
