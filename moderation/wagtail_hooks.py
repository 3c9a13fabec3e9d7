"""Admin integration: the moderation queue, the department's decisions, dashboard panels."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component

from accounts.roles import moderated_units

from . import services, views
from .models import DepartmentReview, ReviewStatus

moderation_urls = [
    path("", views.ModerationQueueView.as_view(), name="queue"),
    path("so/<int:pk>/duyet/", views.ApproveView.as_view(), name="approve"),
    path("so/<int:pk>/tra-lai/", views.RejectView.as_view(), name="reject"),
]


@hooks.register("register_admin_urls")
def register_moderation_urls():
    return [path("hang-cho-duyet/", include((moderation_urls, "moderation"), namespace="moderation"))]


class ModerationMenuItem(MenuItem):
    def is_shown(self, request):
        return moderated_units(request.user).exists()


@hooks.register("register_admin_menu_item")
def register_moderation_menu_item():
    return ModerationMenuItem(_("Hàng chờ duyệt"), reverse("moderation:queue"), icon_name="tasks", order=250)


class ModerationQueuePanel(Component):
    name = "moderation_queue"
    order = 90
    template_name = "moderation/dashboard_panel.html"

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        unit_items = services.pending_unit_tasks(self.user)
        review_items = services.pending_department_reviews(self.user) if services.can_review(self.user) else []
        items = sorted(unit_items + review_items, key=lambda item: item.submitted_at)
        return {
            "unit_count": len(unit_items),
            "review_count": len(review_items),
            "oldest_days": items[0].waiting_days if items else None,
            "items": items[:8],
        }


class ReturnedByDepartmentPanel(Component):
    name = "returned_by_department"
    order = 95
    template_name = "moderation/returned_panel.html"

    def __init__(self, reviews):
        self.reviews = reviews

    def get_context_data(self, parent_context):
        return {"reviews": self.reviews}


class MyWorkflowPagesPanel(Component):
    """The person's own pages waiting in a workflow: the latest few, in a fixed number of queries.

    Replaces Wagtail's "Your pages and snippets in a workflow", which lists every state and does
    several queries for each (permissions, privacy, locks, the workflow's tasks).
    """

    name = "my_workflow_pages"
    order = 210
    template_name = "moderation/my_workflow_panel.html"
    limit = 8

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        return {"items": services.workflow_pages_of(self.user, self.limit)}


# Wagtail's workflow panels, replaced: reviewable states are found with a query per workflow task
# (one task per unit here) and every listed state costs several more queries.
REPLACED_WAGTAIL_PANELS = {"workflow_objects_to_moderate", "user_objects_in_workflow_moderation"}


@hooks.register("construct_homepage_panels")
def add_moderation_panels(request, panels):
    user = request.user
    panels[:] = [panel for panel in panels if getattr(panel, "name", "") not in REPLACED_WAGTAIL_PANELS]
    panels.append(MyWorkflowPagesPanel(user))
    if moderated_units(user).exists():
        panels.append(ModerationQueuePanel(user))
    returned = list(
        DepartmentReview.objects.filter(status=ReviewStatus.REJECTED, unit__groups__group__user=user)
        .select_related("page")
        .distinct()
        .order_by("-decided_at")[:10]
    )
    if returned:
        panels.append(ReturnedByDepartmentPanel(returned))


@hooks.register("register_log_actions")
def register_department_log_actions(actions):
    actions.register_action("sgddt.department_submit", _("Gửi lên Cổng Sở"), _("Gửi lên Cổng Sở"))
    actions.register_action("sgddt.department_approve", _("Sở duyệt lên Cổng Sở"), _("Sở duyệt lên Cổng Sở"))
    actions.register_action("sgddt.department_reject", _("Sở trả lại"), _("Sở trả lại"))
