"""Admin: make next week's schedule from an existing week (a draft the clerk then edits and submits)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Page

from . import services
from .models import WeekSchedulePage, WorkSchedulePage


class CopyWeekView(WagtailAdminTemplateMixin, TemplateView):
    """GET: what will be copied where; POST: the draft is created and opened for editing."""

    template_name = "schedule/admin/copy_week.html"
    page_title = gettext_lazy("Lập lịch tuần sau")
    header_icon = "date"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.get_page_title()}]

    def dispatch(self, request, *args, **kwargs):
        page = get_object_or_404(Page, pk=kwargs["page_id"]).specific
        if isinstance(page, WorkSchedulePage):
            self.section, self.source = page, services.latest_week(page)
        elif isinstance(page, WeekSchedulePage):
            self.section, self.source = page.get_parent().specific, page
        else:
            raise PermissionDenied
        if not self.section.permissions_for_user(request.user).can_add_subpage():
            raise PermissionDenied
        if self.source is None:  # nothing to copy yet: an empty week
            return redirect("wagtailadmin_pages:add", "schedule", "weekschedulepage", self.section.pk)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        source_week = self.source.get_latest_revision_as_object().week_start
        return super().get_context_data(
            source=self.source,
            section=self.section,
            target=services.next_free_week(self.section, source_week),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        copy = services.copy_to_next_week(self.source, request.user)
        messages.success(
            request,
            _("Đã tạo bản nháp “%(title)s” từ “%(source)s”. Hãy sửa các công việc rồi gửi duyệt.")
            % {"title": copy.title, "source": self.source.title},
        )
        return redirect(reverse("wagtailadmin_pages:edit", args=[copy.pk]))
