"""Admin integration of Hỏi đáp: the queue, the question page, the menu item and the audit-log actions."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.sidebar import LinkMenuItem as LinkMenuItemComponent
from wagtail.log_actions import LogFormatter

from . import services, views

question_urls = [
    path("", views.QuestionQueueView.as_view(), name="queue"),
    path("<int:pk>/", views.QuestionDetailView.as_view(), name="detail"),
    path("<int:pk>/tep-dinh-kem/", views.AttachmentDownloadView.as_view(), name="attachment"),
]


@hooks.register("register_admin_urls")
def register_question_urls():
    return [path("hoi-dap/", include((question_urls, "questions_admin"), namespace="questions_admin"))]


class QuestionMenuItem(MenuItem):
    """Shown to staff who answer questions, with the number waiting."""

    def is_shown(self, request):
        return services.units_answered_by(request.user).exists()

    def render_component(self, request):
        waiting = views.open_question_count(request.user)
        label = _("Hỏi đáp (%(count)d)") % {"count": waiting} if waiting else self.label
        return LinkMenuItemComponent(self.name, label, self.url, icon_name=self.icon_name, attrs=self.attrs)


@hooks.register("register_admin_menu_item")
def register_question_menu_item():
    return QuestionMenuItem(_("Hỏi đáp"), reverse("questions_admin:queue"), name="hoi-dap", icon_name="help", order=260)


@hooks.register("register_log_actions")
def register_question_log_actions(actions):
    actions.register_action("sgddt.question_submit", _("Nhận câu hỏi"), _("Nhận câu hỏi từ trang công khai"))
    actions.register_action("sgddt.question_answer", _("Trả lời câu hỏi"), _("Trả lời câu hỏi"))
    actions.register_action("sgddt.question_publish", _("Công bố câu hỏi"), _("Công bố câu hỏi và trả lời"))
    actions.register_action("sgddt.question_unpublish", _("Gỡ công bố câu hỏi"), _("Gỡ câu hỏi khỏi trang công khai"))
    actions.register_action("sgddt.question_reject", _("Không tiếp nhận câu hỏi"), _("Không tiếp nhận câu hỏi"))
    actions.register_action(
        "sgddt.question_erase", _("Xoá dữ liệu cá nhân"), _("Xoá dữ liệu cá nhân của người hỏi (hết thời hạn lưu)")
    )

    @actions.register_action("sgddt.question_assign")
    class AssignFormatter(LogFormatter):
        label = _("Chuyển câu hỏi")

        def format_message(self, log_entry):
            data = log_entry.data or {}
            message = _("Chuyển câu hỏi từ %(from)s sang %(to)s") % {
                "from": data.get("from_name") or data.get("from", "?"),
                "to": data.get("to_name") or data.get("to", "?"),
            }
            if data.get("note"):
                message += f" — {data['note']}"
            return message
