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
    actions.register_action(
        "sgddt.otp_reset", _("Xoá xác thực hai bước"), _("Xoá xác thực hai bước (cài đặt lại khi đăng nhập)")
    )
    actions.register_action(
        "sgddt.directory_sync", _("Đồng bộ từ thư mục của tỉnh"), _("Đồng bộ tài khoản từ thư mục của tỉnh")
    )


@hooks.register("register_admin_urls")
def register_two_factor_urls():
    from django.urls import path

    from . import two_factor_views as views

    return [
        path("xac-thuc-2-buoc/", views.VerifyView.as_view(), name="two_factor_verify"),
        path("xac-thuc-2-buoc/cai-dat/", views.SetupView.as_view(), name="two_factor_setup"),
        path("xac-thuc-2-buoc/xoa/<int:user_id>/", views.ResetView.as_view(), name="two_factor_reset"),
    ]


@hooks.register("register_user_listing_buttons")
def two_factor_reset_button(user, request_user):
    from django.urls import reverse
    from django_otp import user_has_device
    from wagtail.admin.widgets import ListingButton

    if user.pk != request_user.pk and user_has_device(user, confirmed=None):
        yield ListingButton(_("Xoá xác thực hai bước"), reverse("two_factor_reset", args=[user.pk]), priority=60)


@hooks.register("register_account_menu_item")
def two_factor_account_item(request):
    from django.urls import reverse

    return {
        "url": reverse("two_factor_setup"),
        "label": _("Xác thực hai bước"),
        "help_text": _("Dùng ứng dụng xác thực trên điện thoại để bảo vệ tài khoản."),
    }


@hooks.register("before_bulk_action")
def only_portal_admins_act_on_users_in_bulk(request, action_type, objects, action_class_instance):
    # Wagtail's bulk "assign role" and "set active" act on any account with any group;
    # unit admins manage their accounts one by one through the scoped forms instead.
    if get_user_model() in getattr(action_class_instance, "models", []) and not request.user.is_superuser:
        raise PermissionDenied
