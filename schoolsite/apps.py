from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SchoolsiteConfig(AppConfig):
    name = "schoolsite"
    verbose_name = _("Đơn vị và trang web")
