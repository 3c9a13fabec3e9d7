"""Emergency alerts (thông báo khẩn): a banner on every addressed unit's site for a time window.

Mountain schools of Lào Cai close for floods, landslides and cold spells. The
department raises an alert for the whole sector, some districts, unit types or
a list of units (the project's addressing, `schoolsite.audience`); a school
raises one for its own site. Alerts are kept (never deleted) and their changes
recorded in Wagtail's audit log. How the banner reaches cached pages at once:
`alerts/services.py`.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel

from schoolsite.audience import AddressedMixin, Audience
from schoolsite.models import Unit


class AlertLevel(models.TextChoices):
    INFO = "info", _("Thông tin")
    WARNING = "warning", _("Cảnh báo")
    EMERGENCY = "emergency", _("Khẩn cấp")


# The most serious first when several alerts show at once.
LEVEL_RANK = {AlertLevel.EMERGENCY: 0, AlertLevel.WARNING: 1, AlertLevel.INFO: 2}


class AlertQuerySet(models.QuerySet):
    def not_ended(self, now=None):
        return self.filter(ends_at__gt=now or timezone.now())

    def active(self, now=None):
        now = now or timezone.now()
        return self.filter(starts_at__lte=now, ends_at__gt=now)


class Alert(AddressedMixin, ClusterableModel):
    show_until = None  # an alert has its own start and end time

    level = models.CharField(_("mức độ"), max_length=10, choices=AlertLevel.choices, default=AlertLevel.WARNING)
    title = models.CharField(
        _("tiêu đề"), max_length=200, help_text=_("Ngắn gọn, ví dụ: Học sinh nghỉ học do mưa lũ ngày 12/12.")
    )
    message = models.TextField(
        _("nội dung"), max_length=1000, help_text=_("Vài câu: ai, ở đâu, làm gì. Tối đa 1000 ký tự.")
    )
    link = models.URLField(
        _("đường dẫn xem thêm"), blank=True, help_text=_("Không bắt buộc: trang có thông tin chi tiết.")
    )
    starts_at = models.DateTimeField(_("bắt đầu hiển thị"), default=timezone.now)
    ends_at = models.DateTimeField(
        _("kết thúc hiển thị"), help_text=_("Thông báo tự ẩn khỏi các trang web vào thời điểm này.")
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị phát"), on_delete=models.PROTECT, related_name="raised_alerts", editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tạo"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("ngày tạo"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ngày cập nhật"), auto_now=True)

    objects = AlertQuerySet.as_manager()

    panels = [
        MultiFieldPanel(["level", "title", "message", "link"], heading=_("Nội dung thông báo")),
        FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")], heading=_("Thời gian hiển thị")),
        MultiFieldPanel(
            ["audience", "audience_unit_types", "audience_districts", "audience_units"],
            heading=_("Hiển thị trên trang web của"),
        ),
    ]

    class Meta:
        verbose_name = _("thông báo khẩn")
        verbose_name_plural = _("thông báo khẩn")
        ordering = ["-starts_at", "-pk"]
        indexes = [models.Index(fields=["ends_at", "starts_at"])]

    def __str__(self):
        return self.title

    @property
    def status(self):
        now = timezone.now()
        if self.ends_at <= now:
            return _("Đã kết thúc")
        if self.starts_at > now:
            return _("Sắp hiển thị")
        return _("Đang hiển thị")

    @property
    def is_sector_wide(self):
        return self.audience == Audience.ALL

    def save(self, *args, **kwargs):
        from .services import alerts_changed

        super().save(*args, **kwargs)  # ClusterableModel saves the addressed units here too
        alerts_changed()
