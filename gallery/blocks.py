"""Blocks of albums (videos) and of page bodies (an album shown inside a news article)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock

VIDEO_EXTENSIONS = ("mp4",)


class VideoFileBlock(blocks.StructBlock):
    """An MP4 uploaded to the unit's documents, played by the browser itself; nothing loads until played."""

    video = DocumentChooserBlock(label=_("Tệp video MP4"), help_text=_("Tải tệp .mp4 lên mục Tài liệu của đơn vị."))
    poster = ImageChooserBlock(label=_("Ảnh đại diện"), help_text=_("Ảnh hiện trước khi bấm xem."))
    caption = blocks.CharBlock(label=_("Chú thích"), required=False, max_length=255)

    class Meta:
        icon = "media"
        label = _("Video tải lên (MP4)")
        template = "gallery/blocks/video_file.html"

    def clean(self, value):
        value = super().clean(value)
        document = value.get("video")
        if document is not None and document.file_extension.lower() not in VIDEO_EXTENSIONS:
            raise blocks.StructBlockValidationError(
                block_errors={"video": ValidationError(_("Chỉ nhận tệp video .mp4."))}
            )
        return value


class AlbumBlock(blocks.StructBlock):
    """ "Album ảnh" in a page body: the album's first photos, linking to the album."""

    album = blocks.PageChooserBlock(label=_("Album"), page_type="gallery.AlbumPage")
    count = blocks.IntegerBlock(label=_("Số ảnh hiện"), default=6, min_value=1, max_value=12)

    class Meta:
        icon = "image"
        label = _("Album ảnh")
        template = "gallery/blocks/album.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        album = value.get("album")
        album = album.specific if album is not None else None
        live = album is not None and album.live and not album.get_view_restrictions().exists()
        context["album"] = album if live else None
        context["photos"] = album.thumbnail_photos()[: value.get("count") or 6] if live else []
        return context
