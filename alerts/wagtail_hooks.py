"""Admin: "Thông báo khẩn", a snippet listed per user (the department sees all, a school its own)."""

from django.core.exceptions import PermissionDenied
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import EditView, SnippetViewSet

from . import views
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

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [path("ket-thuc/<int:pk>/", views.EndAlertView.as_view(), name="end")]


@hooks.register("register_snippet_listing_buttons")
def end_alert_button(snippet, user, next_url=None):
    """ "Kết thúc ngay" on every alert not yet ended: typing the current time as its end is error-prone."""
    if isinstance(snippet, Alert) and snippet.ends_at > timezone.now():
        url = reverse("wagtailsnippets_alerts_alert:end", args=[snippet.pk])
        return [MenuItem(_("Kết thúc ngay"), url, icon_name="cross", priority=5)]
    return []


@hooks.register("register_log_actions")
def register_alert_actions(actions):
    actions.register_action("sgddt.alert_end", _("Kết thúc thông báo khẩn"), _("Kết thúc thông báo khẩn ngay"))


register_permission_policy(Alert, AlertPermissionPolicy(Alert))
register_snippet(AlertViewSet)
