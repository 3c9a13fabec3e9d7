"""Admin: end an alert now ("Kết thúc ngay"), confirmed on a page of its own."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from . import services
from .models import Alert
from .permissions import visible_alerts

INDEX_URL = "wagtailsnippets_alerts_alert:list"


class EndAlertView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "alerts/end.html"
    page_title = gettext_lazy("Kết thúc thông báo khẩn")
    header_icon = "warning"

    def dispatch(self, request, pk):
        self.alert = get_object_or_404(Alert, pk=pk)
        if not visible_alerts(request.user).filter(pk=self.alert.pk).exists():
            raise PermissionDenied
        return super().dispatch(request, pk)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse(INDEX_URL), "label": gettext_lazy("Thông báo khẩn")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(alert=self.alert, index_url=reverse(INDEX_URL), **kwargs)

    def post(self, request, pk):
        services.end_now(self.alert, request.user)
        messages.success(
            request,
            _("Đã kết thúc “%(title)s”: thông báo không còn hiện trên trang nào.") % {"title": self.alert.title},
        )
        return redirect(INDEX_URL)
