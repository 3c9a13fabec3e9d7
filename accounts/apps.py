from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from wagtail.users.apps import WagtailUsersAppConfig


class AccountsConfig(AppConfig):
    default = True  # this module also holds the user admin's AppConfig
    name = "accounts"
    verbose_name = _("Tài khoản và vai trò")

    def ready(self):
        from . import signals  # noqa: F401 - connects the login audit receivers


class UnitScopedUsersAppConfig(WagtailUsersAppConfig):
    """Wagtail's user admin, with the list and forms scoped to the units a person administers."""

    default = False
    user_viewset = "accounts.views.UnitScopedUserViewSet"
