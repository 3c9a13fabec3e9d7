"""Admin for units: the department browses and corrects the sector's units.

Units are created by `provision_units` from the roster; the admin shows them
with their sites and lets portal administrators fix contact details.
"""

from django.db.models import Q
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import BooleanColumn
from wagtail.models import GroupPagePermission
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Unit


class UnitFilterSet(WagtailFilterSet):
    class Meta:
        model = Unit
        fields = ["unit_type", "district", "is_active"]


class UnitViewSet(SnippetViewSet):
    model = Unit
    icon = "home"
    menu_label = _("Đơn vị")
    menu_order = 150
    add_to_admin_menu = True
    list_display = [
        "name",
        "code",
        "unit_type",
        "district",
        "hostname",
        # A column object does not take the field's verbose name by itself.
        BooleanColumn("is_active", label=capfirst(Unit._meta.get_field("is_active").verbose_name)),
    ]
    list_per_page = 50
    search_fields = ["name", "short_name", "code", "hostname", "district"]
    filterset_class = UnitFilterSet
    ordering = ["code"]


register_snippet(UnitViewSet)


@hooks.register("construct_page_chooser_queryset")
def hide_other_units_unpublished_pages(pages, request):
    """Staff may link to any published page, but see drafts only in their own units' trees."""
    user = request.user
    if user.is_superuser:
        return pages
    own_roots = GroupPagePermission.objects.filter(group__user=user).values_list("page__path", flat=True).distinct()
    visible = Q(live=True)
    for path in own_roots:
        visible |= Q(path__startswith=path)
    return pages.filter(visible)


@hooks.register("register_admin_viewset")
def register_unit_scoped_page_viewset():
    # Registered after Wagtail's base page viewset, so it replaces it for all page types.
    from .views import unit_scoped_page_viewset

    return unit_scoped_page_viewset
