"""What a school sends up to the department's portal, and the department's decision.

A school's own publication goes through its Wagtail workflow (editor → unit
moderator). A news item the school marks "Gửi lên Cổng Sở" additionally gets a
DepartmentReview when it is published; only an approved review lets it appear on
the department's portal. The school's page stays the one canonical copy.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ReviewStatus(models.TextChoices):
    PENDING = "pending", _("Chờ Sở duyệt")
    APPROVED = "approved", _("Sở đã duyệt")
    REJECTED = "rejected", _("Sở trả lại")
    WITHDRAWN = "withdrawn", _("Đơn vị đã rút")


class DepartmentReviewQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=ReviewStatus.PENDING)

    def shown_on_department_portal(self):
        """Approved items whose page is still live and public, from active units."""
        return self.filter(status=ReviewStatus.APPROVED, page__live=True, unit__is_active=True)


class DepartmentReview(models.Model):
    page = models.OneToOneField(
        "wagtailcore.Page", verbose_name=_("trang"), on_delete=models.CASCADE, related_name="department_review"
    )
    unit = models.ForeignKey(
        "schoolsite.Unit", verbose_name=_("đơn vị gửi"), on_delete=models.CASCADE, related_name="department_reviews"
    )
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.PENDING, db_index=True
    )
    revision = models.ForeignKey(
        "wagtailcore.Revision", verbose_name=_("phiên bản gửi"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người gửi"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(_("thời điểm gửi"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người duyệt"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("thời điểm duyệt"), null=True, blank=True)
    comment = models.TextField(_("ý kiến của Sở"), blank=True)

    objects = DepartmentReviewQuerySet.as_manager()

    class Meta:
        verbose_name = _("tin gửi lên Cổng Sở")
        verbose_name_plural = _("tin gửi lên Cổng Sở")
        indexes = [models.Index(fields=["status", "submitted_at"])]

    def __str__(self):
        return f"{self.page.title} ({self.get_status_display()})"
