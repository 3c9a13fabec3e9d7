"""Units of the education sector and what each unit owns in Wagtail.

A `Unit` is an organisation of the sector (the department, a district office,
a school). Its place in the organisational tree (`parent`) is independent of
the page tree: every unit owns one Wagtail Site, one home page, one media
collection and one group per role, created by provisioning (`provisioning.py`).
"""

from django.contrib.auth.models import Group
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, HelpPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.images import get_image_model_string
from wagtail.models import Collection, Page, Site

from home.models import StandardSectionMixin

unit_code_validator = RegexValidator(
    r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
    _("Mã đơn vị chỉ gồm chữ thường không dấu, chữ số và dấu gạch nối (ví dụ: thpt-so1-bao-yen)."),
)
hex_colour_validator = RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Nhập mã màu dạng #RRGGBB, ví dụ #0b5394."))


class UnitType(models.TextChoices):
    SO = "so", _("Sở Giáo dục và Đào tạo")
    PHONG = "phong", _("Phòng Giáo dục và Đào tạo")
    THPT = "thpt", _("Trường THPT")
    PTDTNT = "ptdtnt", _("Trường PTDTNT THCS&THPT")
    THCS = "thcs", _("Trường THCS")
    TH = "th", _("Trường Tiểu học")
    MN = "mn", _("Trường Mầm non")
    GDTX = "gdtx", _("Trung tâm GDNN-GDTX")


# Which unit types a unit of each type may report to (its `parent`).
ALLOWED_PARENT_TYPES = {
    UnitType.SO: set(),
    UnitType.PHONG: {UnitType.SO},
    UnitType.THPT: {UnitType.SO},
    UnitType.PTDTNT: {UnitType.SO},
    UnitType.GDTX: {UnitType.SO, UnitType.PHONG},
    UnitType.THCS: {UnitType.SO, UnitType.PHONG},
    UnitType.TH: {UnitType.PHONG, UnitType.SO},
    UnitType.MN: {UnitType.PHONG, UnitType.SO},
}

DEPARTMENT_CODE = "so"
# Every unit's home page sits directly under the root: a page's first two path steps name its unit.
HOME_PATH_LENGTH = Page.steplen * 2


class UnitQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def schools(self):
        return self.exclude(unit_type__in=[UnitType.SO, UnitType.PHONG])

    def districts(self):
        """The districts named by these units, once each, in Vietnamese alphabetical order."""
        from home.tabular import vietnamese_sort_key

        names = self.exclude(district="").order_by().values_list("district", flat=True).distinct()
        return sorted(names, key=vietnamese_sort_key)

    def type_choices(self):
        """(value, label) of the unit types present in this queryset, in one query."""
        present = set(self.order_by().values_list("unit_type", flat=True).distinct())
        return [(t.value, t.label) for t in UnitType if t.value in present]

    def for_page(self, page):
        """The unit whose site holds this page: every unit's home page sits directly under the root."""
        return self.filter(home_page__path=page.path[:HOME_PATH_LENGTH]).first()


class Unit(models.Model):
    code = models.CharField(_("mã đơn vị"), max_length=63, unique=True, validators=[unit_code_validator])
    name = models.CharField(_("tên đầy đủ"), max_length=255)
    short_name = models.CharField(_("tên viết tắt"), max_length=120, blank=True)
    unit_type = models.CharField(_("loại đơn vị"), max_length=10, choices=UnitType.choices)
    district = models.CharField(_("huyện / thị xã / thành phố"), max_length=120, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("đơn vị cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=50, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    head_name = models.CharField(_("thủ trưởng đơn vị"), max_length=120, blank=True)
    # Where the unit is, for the directory's map (optional roster columns `latitude,longitude`).
    latitude = models.DecimalField(
        _("vĩ độ"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
        help_text=_("Ví dụ: 22.48556 (để trống nếu chưa biết)."),
    )
    longitude = models.DecimalField(
        _("kinh độ"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
        help_text=_("Ví dụ: 103.97083."),
    )
    hostname = models.CharField(_("tên miền"), max_length=253, unique=True)
    is_active = models.BooleanField(_("đang hoạt động"), default=True)

    site = models.OneToOneField(
        Site, null=True, blank=True, on_delete=models.SET_NULL, related_name="unit", editable=False
    )
    home_page = models.OneToOneField(
        Page, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    collection = models.OneToOneField(
        Collection, null=True, blank=True, on_delete=models.SET_NULL, related_name="unit", editable=False
    )

    created_at = models.DateTimeField(_("ngày tạo"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ngày cập nhật"), auto_now=True)
    deactivated_at = models.DateTimeField(_("ngày ngừng hoạt động"), null=True, blank=True)

    objects = UnitQuerySet.as_manager()

    panels = [
        MultiFieldPanel(
            [FieldPanel("code", read_only=True), "name", "short_name", "unit_type", "parent"],
            heading=_("Đơn vị"),
        ),
        MultiFieldPanel(["district", "address", "phone", "email", "head_name"], heading=_("Liên hệ")),
        MultiFieldPanel([FieldRowPanel(["latitude", "longitude"])], heading=_("Vị trí trên bản đồ")),
        MultiFieldPanel([FieldPanel("hostname", read_only=True), "is_active"], heading=_("Trang web")),
    ]

    class Meta:
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")
        ordering = ["code"]
        permissions = [("address_units", _("Gửi thông báo, văn bản tới các đơn vị"))]
        indexes = [
            models.Index(fields=["unit_type", "district"]),
            models.Index(Lower("district"), name="unit_district_lower"),
        ]

    def __str__(self):
        return self.name

    @property
    def display_name(self):
        return self.short_name or self.name

    @property
    def is_department(self):
        return self.unit_type == UnitType.SO

    @property
    def url(self):
        return self.site.root_url + "/" if self.site_id else ""

    @property
    def website(self):
        """The unit's public address (the read API's name for `url`)."""
        return self.url

    @property
    def parent_code(self):
        return self.parent.code if self.parent_id else None


class UnitRole(models.TextChoices):
    EDITOR = "bientap", _("Biên tập viên")
    MODERATOR = "duyet", _("Duyệt tin")
    ADMIN = "quantri", _("Quản trị đơn vị")


class UnitGroup(models.Model):
    """The Django group that gives one role in one unit."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="groups")
    role = models.CharField(max_length=10, choices=UnitRole.choices)
    group = models.OneToOneField(Group, on_delete=models.CASCADE, related_name="unit_group")

    class Meta:
        verbose_name = _("nhóm của đơn vị")
        verbose_name_plural = _("nhóm của đơn vị")
        constraints = [models.UniqueConstraint(fields=["unit", "role"], name="unique_unit_role")]

    def __str__(self):
        return self.group.name

    @staticmethod
    def group_name(unit_code, role):
        return f"[{unit_code}] {UnitRole(role).label}"


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """Appearance and contact details of one unit's site, edited by the unit's admins.

    Contact fields left empty fall back to the unit's roster data, so nothing is
    typed twice.
    """

    logo = models.ForeignKey(
        get_image_model_string(),
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    banner = models.ForeignKey(
        get_image_model_string(),
        verbose_name=_("ảnh banner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Ảnh ngang, tối thiểu 1600×400 điểm ảnh."),
    )
    theme_colour = models.CharField(
        _("màu chủ đạo"),
        max_length=7,
        default="#0b5394",
        validators=[hex_colour_validator],
        help_text=_("Màu của thanh tiêu đề và đường dẫn. Phải đủ tương phản với chữ trắng."),
    )
    address = models.CharField(
        _("địa chỉ"), max_length=255, blank=True, help_text=_("Để trống để dùng địa chỉ trong danh sách đơn vị.")
    )
    phone = models.CharField(_("điện thoại"), max_length=50, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    working_hours = models.CharField(
        _("giờ làm việc"), max_length=255, blank=True, default="Thứ Hai – Thứ Sáu: 7h30 – 11h30, 13h30 – 17h00"
    )
    facebook_url = models.URLField(_("Facebook"), blank=True)
    youtube_url = models.URLField(_("YouTube"), blank=True)
    zalo_url = models.URLField(_("Zalo"), blank=True)
    footer_text = models.TextField(
        _("chân trang"),
        blank=True,
        help_text=_("Ví dụ: người chịu trách nhiệm nội dung, số giấy phép."),
    )

    panels = [
        MultiFieldPanel(["logo", "banner", "theme_colour"], heading=_("Giao diện")),
        MultiFieldPanel(["address", "phone", "email", "working_hours"], heading=_("Liên hệ")),
        MultiFieldPanel(["facebook_url", "youtube_url", "zalo_url"], heading=_("Mạng xã hội")),
        MultiFieldPanel(["footer_text"], heading=_("Chân trang")),
    ]

    class Meta:
        verbose_name = _("cài đặt trang web")
        verbose_name_plural = _("cài đặt trang web")

    def clean(self):
        from django.core.exceptions import ValidationError

        from .colours import contrast_ratio

        super().clean()
        if self.theme_colour and hex_colour_validator.regex.match(self.theme_colour):
            ratio = contrast_ratio(self.theme_colour, "#ffffff")
            if ratio < 4.5:
                raise ValidationError(
                    {
                        "theme_colour": _(
                            "Màu này quá sáng: độ tương phản với chữ trắng là %(ratio).1f:1, "
                            "cần ít nhất 4,5:1 để người đọc nhìn rõ. Hãy chọn màu đậm hơn."
                        )
                        % {"ratio": ratio}
                    }
                )

    def contact_for(self, unit):
        """Contact details to show: the site's own, or the roster's where empty."""
        return {
            "address": self.address or unit.address,
            "phone": self.phone or unit.phone,
            "email": self.email or unit.email,
            "working_hours": self.working_hours,
            "head_name": unit.head_name,
        }


# Unit types whose sites have the directory of units (Danh bạ): the department and the district offices.
DIRECTORY_UNIT_TYPES = (UnitType.SO, UnitType.PHONG)


class DirectoryPage(RoutablePageMixin, StandardSectionMixin, Page):
    """Danh bạ trường học: the active units the site's unit oversees, from the roster (never typed twice).

    The department's lists every active unit; a district office's the units under it or in its district.
    `csv/` and `json/` (Open Referral HSDS) export the same list.
    """

    section_slug = "danh-ba"
    intro = models.TextField(_("giới thiệu"), blank=True)

    content_panels = Page.content_panels + [
        "intro",
        HelpPanel(
            content=_(
                "Danh bạ lấy tên, địa chỉ, điện thoại, thư điện tử, thủ trưởng và vị trí từ danh sách đơn vị "
                "và cài đặt trang web của từng đơn vị; không cần nhập lại ở đây."
            )
        ),
    ]
    subpage_types = []

    class Meta:
        verbose_name = _("danh bạ đơn vị")

    @classmethod
    def can_create_at(cls, parent):
        if not super().can_create_at(parent):
            return False
        unit = Unit.objects.for_page(parent)
        return unit is not None and unit.unit_type in DIRECTORY_UNIT_TYPES

    @path("")
    def listing(self, request):
        from .directory import listing

        return listing(request, self)

    @path("csv/")
    def csv(self, request):
        from .directory import as_csv

        return as_csv(request, self)

    @path("json/")
    def json(self, request):
        from .directory import as_hsds

        return as_hsds(request, self)
