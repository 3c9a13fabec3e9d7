"""Document library (Văn bản) and administrative procedures (Thủ tục hành chính).

The sections exist on every site from provisioning on; the sector-wide
document database itself is built on them.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from home.models import StandardSectionMixin


class DocumentLibraryPage(StandardSectionMixin, Page):
    """Văn bản: the unit's view of the sector's document library."""

    section_slug = "van-ban"
    intro = models.TextField(_("giới thiệu"), blank=True)

    content_panels = Page.content_panels + ["intro"]
    subpage_types = []

    class Meta:
        verbose_name = _("thư viện văn bản")


class ProcedureIndexPage(StandardSectionMixin, Page):
    """Thủ tục hành chính: the administrative procedures that apply to this unit."""

    section_slug = "thu-tuc-hanh-chinh"
    intro = models.TextField(_("giới thiệu"), blank=True)

    content_panels = Page.content_panels + ["intro"]
    subpage_types = []

    class Meta:
        verbose_name = _("mục thủ tục hành chính")
