"""Admin views: the moderation queue, the department's decisions, the unit-scoped activity log."""

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.reports.audit_logging import (
    LogEntriesView,
    SiteHistoryReportFilterSet,
    get_users_for_filter,
)
from wagtail.models import ModelLogEntry, PageLogEntry

from accounts.roles import administered_units, manageable_users, moderated_units
from schoolsite.models import HOME_PATH_LENGTH, Unit, UnitGroup

from . import services
from .models import DepartmentReview, ReviewStatus


class ModerationQueueView(WagtailAdminTemplateMixin, TemplateView):
    """Pending items with unit, type, author and waiting time, filterable by unit, district and type."""

    template_name = "moderation/queue.html"
    page_title = gettext_lazy("Hàng chờ duyệt")
    header_icon = "tasks"

    def dispatch(self, request, *args, **kwargs):
        if not moderated_units(request.user).exists():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.get_page_title()}]

    def get_filters(self):
        params = self.request.GET
        return {
            "unit_code": params.get("don-vi") or None,
            "district": params.get("huyen") or None,
            "unit_type": params.get("loai") or None,
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filters = self.get_filters()
        user = self.request.user
        units = moderated_units(user)
        context.update(
            unit_tasks=services.pending_unit_tasks(user, **filters),
            department_reviews=services.pending_department_reviews(user, **filters),
            can_review=services.can_review(user),
            filters=filters,
            filter_units=units.order_by("name").values_list("code", "short_name") if units.count() > 1 else [],
            filter_districts=units.districts(),
            filter_types=units.type_choices(),
        )
        return context


class RejectForm(forms.Form):
    comment = forms.CharField(
        label=gettext_lazy("Lý do trả lại"),
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": gettext_lazy("Hãy ghi lý do để đơn vị biết cần sửa gì.")},
        help_text=gettext_lazy("Ý kiến này được gửi cho người viết tin qua thư điện tử và hiện trong trang quản trị."),
    )


class DepartmentDecisionMixin:
    def dispatch(self, request, *args, **kwargs):
        if not services.can_review(request.user):
            raise PermissionDenied
        self.review = get_object_or_404(
            DepartmentReview.objects.select_related("page", "unit"), pk=kwargs["pk"], status=ReviewStatus.PENDING
        )
        return super().dispatch(request, *args, **kwargs)


class ApproveView(DepartmentDecisionMixin, TemplateView):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        services.approve(self.review, request.user)
        messages.success(request, _("Đã duyệt “%(title)s” lên Cổng Sở.") % {"title": self.review.page.title})
        return redirect("moderation:queue")


class RejectView(DepartmentDecisionMixin, WagtailAdminTemplateMixin, FormView):
    template_name = "moderation/reject.html"
    form_class = RejectForm
    page_title = gettext_lazy("Trả lại tin")
    header_icon = "cross"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("moderation:queue"), "label": gettext_lazy("Hàng chờ duyệt")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(review=self.review, **kwargs)

    def form_valid(self, form):
        services.reject(self.review, self.request.user, form.cleaned_data["comment"])
        messages.success(self.request, _("Đã trả lại “%(title)s” cho đơn vị.") % {"title": self.review.page.title})
        return redirect("moderation:queue")


def people_in_units_of(user):
    """Accounts holding a role in any unit this person administers or belongs to."""
    units = Unit.objects.filter(Q(pk__in=administered_units(user).values("pk")) | Q(groups__group__user=user))
    return get_user_model().objects.filter(groups__unit_group__unit__in=units).distinct()


class UnitActivityFilterSet(SiteHistoryReportFilterSet):
    """The "user" filter lists only people of the viewer's units."""

    def get_users_queryset(self):
        users = get_users_for_filter(self.request.user)
        if self.request.user.is_superuser:
            return users
        return users.filter(pk__in=people_in_units_of(self.request.user).values("pk"))


class UnitActivityLogView(LogEntriesView):
    """Wagtail's site history, limited to a person's units, with the unit of each entry.

    Unit staff see their units' pages; unit admins also the accounts and logins
    of their units' people; the department's admins and portal administrators
    see everything. Exports to CSV and XLSX like every Wagtail report.
    """

    page_title = gettext_lazy("Nhật ký hoạt động")
    results_template_name = "moderation/activity_log_results.html"
    filterset_class = UnitActivityFilterSet
    export_headings = dict(LogEntriesView.export_headings, unit=gettext_lazy("Đơn vị"))
    list_export = [*LogEntriesView.list_export, "unit"]

    def sees_everything(self):
        user = self.request.user
        return user.is_superuser or administered_units(user).count() == Unit.objects.count()

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        user = self.request.user
        if self.sees_everything():
            return queryset
        if queryset.model is PageLogEntry:
            units = Unit.objects.filter(
                Q(pk__in=administered_units(user).values("pk")) | Q(groups__group__user=user)
            ).exclude(home_page=None)
            paths = Q()
            for path in units.values_list("home_page__path", flat=True).distinct():
                paths |= Q(page__path__startswith=path)
            return queryset.filter(paths) if paths else queryset.none()
        if queryset.model is ModelLogEntry:
            if not administered_units(user).exists():
                return queryset.filter(user=user)
            people = manageable_users(user).values_list("pk", flat=True)
            return queryset.filter(
                Q(user__in=people) | Q(object_id__in=[str(pk) for pk in people], content_type__model="user")
            )
        return queryset.none()

    def decorate_paginated_queryset(self, queryset):
        entries = super().decorate_paginated_queryset(queryset)
        units_by_path = {u.home_page.path: u for u in Unit.objects.select_related("home_page").exclude(home_page=None)}
        # Entries about accounts and logins: the units where the acting person has a role.
        actor_ids = {e.user_id for e in entries if not isinstance(e, PageLogEntry) and e.user_id}
        units_by_actor = {}
        for user_id, unit_name in UnitGroup.objects.filter(group__user__in=actor_ids).values_list(
            "group__user", "unit__short_name"
        ):
            units_by_actor.setdefault(user_id, set()).add(unit_name)
        for entry in entries:
            if isinstance(entry, PageLogEntry):
                unit = units_by_path.get(entry.page.path[:HOME_PATH_LENGTH]) if entry.page_id else None
                entry.unit = unit.display_name if unit else ""
            else:
                entry.unit = ", ".join(sorted(units_by_actor.get(entry.user_id, ())))
        return entries
