"""Admin: "Thông báo khẩn", a snippet listed per user (the department sees all, a school its own)."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import EditView, SnippetViewSet

from .forms import AlertForm
from .models import Alert
from .permissions import AlertPermissionPolicy, visible_alerts


class AlertFilterSet(WagtailFilterSet):
    class Meta:
        model = Alert
        fields = ["level", "unit"]


class AlertEditView(EditView):
    def get_object(self, queryset=None):
        alert = super().get_object(queryset)
        if not visible_alerts(self.request.user).filter(pk=alert.pk).exists():
            raise PermissionDenied
        return alert


class AlertViewSet(SnippetViewSet):
    model = Alert
    icon = "warning"
    menu_label = _("Thông báo khẩn")
    menu_name = "alerts"
    menu_order = 140
    add_to_admin_menu = True
    url_prefix = "thong-bao-khan"
    edit_view_class = AlertEditView
    list_display = [
        "title",
        Column("level", label=_("Mức độ"), accessor="get_level_display"),
        "unit",
        Column("created_by", label=_("Người tạo")),
        "starts_at",
        "ends_at",
        Column("status", label=_("Trạng thái")),
    ]
    list_filter = None
    filterset_class = AlertFilterSet
    list_per_page = 50
    search_fields = ["title", "message"]
    search_backend_name = None
    ordering = ["-starts_at"]
    copy_view_enabled = False
    edit_handler = ObjectList(Alert.panels, base_form_class=AlertForm)

    def get_queryset(self, request):
        return visible_alerts(request.user).select_related("unit")


register_permission_policy(Alert, AlertPermissionPolicy(Alert))
register_snippet(AlertViewSet)
