"""Who reads the answers of a unit's forms.

Wagtail lists a form's submissions to whoever may edit the page. Submissions hold
personal data (children's names, birth dates, ethnicity, parents' phones), so this
narrows it: a unit's moderators ("Duyệt tin") and admins ("Quản trị đơn vị") read
and export the answers of their own unit's forms only; editors ("Biên tập viên")
build and edit forms but do not see the answers; no other unit's staff (the
department's included) does. Portal administrators (superusers) see all.
"""

from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.log_actions import LogFormatter

from .services import forms_visible_to


@hooks.register("filter_form_submissions_for_user")
def only_the_units_moderators_and_admins(user, editable_forms):
    return forms_visible_to(user, editable_forms)


@hooks.register("register_log_actions")
def register_form_log_actions(actions):
    @actions.register_action("sgddt.form_submissions_erase")
    class EraseFormatter(LogFormatter):
        label = _("Xoá bản gửi hết hạn")

        def format_message(self, log_entry):
            data = log_entry.data or {}
            return _("Xoá %(count)s bản gửi quá %(days)s ngày lưu giữ") % {
                "count": data.get("count", "?"),
                "days": data.get("days", "?"),
            }
