"""StreamField blocks of administrative procedures."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock

SUBMISSION_METHODS = [
    ("truc-tiep", _("Trực tiếp")),
    ("truc-tuyen", _("Trực tuyến")),
    ("buu-chinh", _("Dịch vụ bưu chính")),
]


class SubmissionMethodBlock(blocks.StructBlock):
    """Cách thức thực hiện: how a dossier is submitted, with its own time limit and fees."""

    kind = blocks.ChoiceBlock(label=_("Hình thức nộp"), choices=SUBMISSION_METHODS)
    time_limit = blocks.CharBlock(label=_("Thời hạn giải quyết"), required=False)
    fee = blocks.CharBlock(label=_("Phí, lệ phí"), required=False)
    description = blocks.TextBlock(label=_("Mô tả"), required=False)

    class Meta:
        icon = "mail"
        label = _("Cách thức nộp")


class DossierItemBlock(blocks.StructBlock):
    """Thành phần hồ sơ: one paper of the dossier, with its form template and number of copies."""

    name = blocks.CharBlock(label=_("Tên giấy tờ"))
    template = DocumentChooserBlock(label=_("Mẫu đơn, tờ khai"), required=False)
    copies = blocks.CharBlock(label=_("Số lượng"), required=False, default="01 bản chính")

    class Meta:
        icon = "doc-full"
        label = _("Giấy tờ")
