"""Biểu mẫu: forms that a unit's editors build themselves (enrolment pre-registration, event sign-up, surveys).

Built on Wagtail's form builder (`wagtail.contrib.forms`): a `FormPage` holds its
`FormField`s; what people send is stored as Wagtail's `FormSubmission` (JSON per
submission) and listed, filtered and exported (CSV, XLSX) in the admin at
/admin/forms/. A form can live under the unit's home page or under any content page.

Personal data: every form asks for consent, says how long the answers are kept
(`retention_days`, or WEBFORM_RETENTION_DAYS) and `erase_expired_personal_data`
deletes older submissions. Who sees submissions: webforms/wagtail_hooks.py.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.forms.models import (
    FORM_FIELD_CHOICES,
    AbstractEmailForm,
    AbstractFormField,
    validate_to_address,
)
from wagtail.fields import RichTextField
from wagtail.search import index

from home.models import HOME_PAGE_TYPES
from home.tabular import fold

from .forms import GUARD_NAMES, PublicFormBuilder

# Wagtail's kinds of field, less the two that confuse more than they help here (date and time in one box,
# a hidden field), plus a phone number.
FIELD_CHOICES = (
    *((kind, label) for kind, label in FORM_FIELD_CHOICES if kind not in ("datetime", "hidden")),
    ("phone", _("Số điện thoại")),
)


class FormField(AbstractFormField):
    """One question of a form, as the editor wrote it."""

    field_type = models.CharField(_("kiểu ô"), max_length=16, choices=FIELD_CHOICES)
    field_type.required_on_save = True
    page = ParentalKey("FormPage", on_delete=models.CASCADE, related_name="form_fields")

    class Meta(AbstractFormField.Meta):
        verbose_name = _("ô của biểu mẫu")
        verbose_name_plural = _("các ô của biểu mẫu")

    def get_field_clean_name(self):
        """ "Địa chỉ thường trú" -> "dia_chi_thuong_tru" (Wagtail's own would give "u0110ia_chi_…")."""
        name = slugify(fold(self.label)).replace("-", "_") or "o"
        return f"{name}_" if name in GUARD_NAMES else name


class FormPage(AbstractEmailForm):
    """A form people fill in on the unit's site; the answers go to the unit's staff only."""

    intro = RichTextField(
        _("giới thiệu"),
        blank=True,
        features=["bold", "italic", "link", "ol", "ul"],
        help_text=_("Ai cần điền, hạn chót, giấy tờ cần chuẩn bị…"),
    )
    thank_you_text = RichTextField(
        _("lời cảm ơn"),
        blank=True,
        features=["bold", "italic", "link", "ol", "ul"],
        help_text=_("Hiện sau khi gửi thành công: bước tiếp theo, số điện thoại liên hệ."),
    )
    consent_text = models.TextField(
        _("nội dung đồng ý xử lý dữ liệu cá nhân"),
        blank=True,
        help_text=_("Để trống để dùng câu mặc định. Người điền phải đánh dấu ô đồng ý này mới gửi được."),
    )
    retention_days = models.PositiveIntegerField(
        _("số ngày lưu giữ"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(3650)],
        help_text=_(
            "Các bản đã gửi được xoá tự động sau số ngày này. Để trống để dùng số ngày mặc định của Cổng "
            "(thường là một năm)."
        ),
    )

    to_address = models.CharField(
        _("địa chỉ nhận"),
        max_length=255,
        blank=True,
        validators=[validate_to_address],
        help_text=_(
            "Không bắt buộc. Mỗi lần có bản gửi mới, một thư báo (không chứa thông tin người gửi) được gửi tới "
            "các địa chỉ này, cách nhau bằng dấu phẩy."
        ),
    )

    content_panels = AbstractEmailForm.content_panels + [
        FieldPanel("intro"),
        InlinePanel("form_fields", label=_("Các ô của biểu mẫu")),
        FieldPanel("thank_you_text"),
        MultiFieldPanel(
            [FieldPanel("consent_text"), FieldPanel("retention_days")],
            heading=_("Dữ liệu cá nhân"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("to_address"),
                FieldRowPanel([FieldPanel("from_address"), FieldPanel("subject")]),
            ],
            heading=_("Báo tin qua thư điện tử (không bắt buộc)"),
            help_text=_(
                "Thư chỉ báo có bản gửi mới và đường dẫn xem trong trang quản trị; không chứa thông tin cá nhân."
            ),
        ),
    ]
    search_fields = AbstractEmailForm.search_fields + [index.SearchField("intro")]

    parent_page_types = HOME_PAGE_TYPES + ["home.ContentPage"]
    subpage_types = []
    form_builder = PublicFormBuilder
    template = "webforms/form_page.html"
    landing_page_template = "webforms/form_page_landing.html"

    class Meta:
        verbose_name = _("biểu mẫu")
        verbose_name_plural = _("biểu mẫu")

    @property
    def kept_days(self):
        return self.retention_days or settings.WEBFORM_RETENTION_DAYS

    def consent_label(self, unit_name):
        if self.consent_text:
            return self.consent_text
        return _(
            "Tôi đồng ý để %(unit)s dùng các thông tin trên cho việc của biểu mẫu này. "
            "Thông tin chỉ cán bộ được giao của đơn vị xem được và được xoá sau %(days)d ngày."
        ) % {"unit": unit_name, "days": self.kept_days}

    def serve(self, request, *args, **kwargs):
        from .views import serve_form

        return serve_form(self, request)

    def get_submissions_list_view_class(self):
        from .views import submissions_list_view_class

        return submissions_list_view_class()

    def process_form_submission(self, form):
        from .services import store_submission

        return store_submission(self, form)
