"""Admin hooks: audit log actions, and no bulk user actions for unit admins."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from wagtail import hooks


@hooks.register("register_log_actions")
def register_login_actions(actions):
    actions.register_action("sgddt.login", _("Đăng nhập"), _("Đăng nhập"))
    actions.register_action("sgddt.logout", _("Đăng xuất"), _("Đăng xuất"))
    actions.register_action("sgddt.login_failed", _("Đăng nhập sai mật khẩu"), _("Đăng nhập sai mật khẩu"))


@hooks.register("before_bulk_action")
def only_portal_admins_act_on_users_in_bulk(request, action_type, objects, action_class_instance):
    # Wagtail's bulk "assign role" and "set active" act on any account with any group;
    # unit admins manage their accounts one by one through the scoped forms instead.
    if get_user_model() in getattr(action_class_instance, "models", []) and not request.user.is_superuser:
        raise PermissionDenied
