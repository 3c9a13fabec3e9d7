"""Accounts that the province's shared directory owns."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DirectorySource(models.TextChoices):
    LDAP = "ldap", _("Thư mục LDAP của tỉnh")
    FILE = "file", _("Tệp người dùng của tỉnh")
    OIDC = "oidc", _("Đăng nhập dùng chung của tỉnh")


class DirectoryAccount(models.Model):
    """Marks a portal account as owned by the province directory.

    Only linked accounts are deactivated when their directory entry disappears;
    accounts made by hand in the admin (and superusers) are never touched by a sync.
    """

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="directory_account")
    source = models.CharField(_("nguồn"), max_length=10, choices=DirectorySource.choices)
    external_id = models.CharField(_("mã trong thư mục"), max_length=255, blank=True, db_index=True)
    last_seen = models.DateTimeField(_("lần cuối thấy trong thư mục"), null=True, blank=True)

    class Meta:
        verbose_name = _("tài khoản dùng chung")
        verbose_name_plural = _("tài khoản dùng chung")

    def __str__(self):
        return f"{self.user} ({self.get_source_display()})"
