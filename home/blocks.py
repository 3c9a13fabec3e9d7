"""StreamField blocks shared by the portal's page types."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageBlock

from gallery.blocks import AlbumBlock

TABLE_OPTIONS = {
    "minSpareRows": 0,
    "startRows": 3,
    "startCols": 3,
    "colHeaders": False,
    "rowHeaders": False,
    "contextMenu": [
        "row_above",
        "row_below",
        "---------",
        "col_left",
        "col_right",
        "---------",
        "remove_row",
        "remove_col",
        "---------",
        "undo",
        "redo",
    ],
    "editor": "text",
    "stretchH": "all",
    "renderer": "text",
    "autoColumnSize": False,
    "language": "vi",
}


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageBlock(label=_("Ảnh"))
    caption = blocks.CharBlock(label=_("Chú thích"), required=False, max_length=255)

    class Meta:
        icon = "image"
        label = _("Ảnh")
        template = "components/blocks/image.html"


class GalleryBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Tiêu đề"), required=False, max_length=255)
    images = blocks.ListBlock(CaptionedImageBlock(), label=_("Các ảnh"), min_num=1)

    class Meta:
        icon = "image"
        label = _("Bộ sưu tập ảnh")
        template = "components/blocks/gallery.html"


class VideoBlock(blocks.StructBlock):
    video = EmbedBlock(label=_("Địa chỉ video"), help_text=_("Dán đường dẫn YouTube hoặc Vimeo."))
    caption = blocks.CharBlock(label=_("Chú thích"), required=False, max_length=255)

    class Meta:
        icon = "media"
        label = _("Video")
        template = "components/blocks/video.html"


class DocumentLinkBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Tệp đính kèm"))
    title = blocks.CharBlock(label=_("Tên hiển thị"), required=False, help_text=_("Để trống để dùng tên của tệp."))

    class Meta:
        icon = "doc-full"
        label = _("Tệp đính kèm")
        template = "components/blocks/document_link.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Trích dẫn"))
    attribution = blocks.CharBlock(label=_("Người nói / nguồn"), required=False)

    class Meta:
        icon = "openquote"
        label = _("Trích dẫn")
        template = "components/blocks/quote.html"


class TableWithCaptionBlock(blocks.StructBlock):
    caption = blocks.CharBlock(label=_("Tiêu đề bảng"), required=False)
    first_row_is_header = blocks.BooleanBlock(label=_("Dòng đầu là tiêu đề"), required=False, default=True)
    table = TableBlock(label=_("Bảng"), table_options=TABLE_OPTIONS)

    class Meta:
        icon = "table"
        label = _("Bảng")
        template = "components/blocks/table.html"


class PersonBlock(blocks.StructBlock):
    name = blocks.CharBlock(label=_("Họ và tên"))
    position = blocks.CharBlock(label=_("Chức vụ"), required=False)
    photo = ImageBlock(label=_("Ảnh"), required=False)
    phone = blocks.CharBlock(label=_("Điện thoại"), required=False)
    email = blocks.EmailBlock(label=_("Thư điện tử"), required=False)
    duties = blocks.TextBlock(label=_("Nhiệm vụ được phân công"), required=False)

    class Meta:
        icon = "user"
        label = _("Cán bộ")


class StaffBlock(blocks.StructBlock):
    """Leadership or staff of a unit, as on every agency's "Cơ cấu tổ chức" page."""

    heading = blocks.CharBlock(label=_("Tiêu đề"), default=_("Lãnh đạo đơn vị"))
    people = blocks.ListBlock(PersonBlock(), label=_("Danh sách"))

    class Meta:
        icon = "group"
        label = _("Lãnh đạo / cán bộ")
        template = "components/blocks/staff.html"


def rich_text_block():
    return blocks.RichTextBlock(label=_("Văn bản"), icon="pilcrow", template="components/blocks/rich_text.html")


class BodyBlock(blocks.StreamBlock):
    """The body of news and content pages."""

    text = rich_text_block()
    image = CaptionedImageBlock()
    gallery = GalleryBlock()
    video = VideoBlock()
    document = DocumentLinkBlock()
    table = TableWithCaptionBlock()
    quote = QuoteBlock()
    album = AlbumBlock()

    class Meta:
        block_counts = {}


class ContentBodyBlock(BodyBlock):
    """Body of introduction pages: adds the staff/leadership block."""

    staff = StaffBlock()
