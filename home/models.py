"""The page tree of each unit's site: home pages, standard sections and content pages.

Each unit's site is rooted at a home page directly under Wagtail's root. Its
standard sections (Giới thiệu, Tin tức, Văn bản, Thủ tục hành chính, Hỏi đáp,
Liên hệ) live at the fixed paths every site shares, so their slugs are locked.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, HelpPanel
from wagtail.documents.models import AbstractDocument, Document
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from .blocks import BodyBlock, ContentBodyBlock

HOME_PAGE_TYPES = ["home.DepartmentHomePage", "home.UnitHomePage"]


class Attachment(AbstractDocument):
    """Every uploaded file (tệp đính kèm): its type checked by content, its SHA-256 kept, its downloads counted.

    The portal's Wagtail document model (WAGTAILDOCS_DOCUMENT_MODEL); permissions
    stay those of wagtaildocs.Document, granted per unit collection.
    """

    sha256 = models.CharField(_("mã SHA-256"), max_length=64, blank=True, db_index=True, editable=False)
    file_kind = models.CharField(_("loại tệp"), max_length=10, blank=True, editable=False)
    download_count = models.PositiveIntegerField(_("lượt tải"), default=0, editable=False)

    admin_form_fields = Document.admin_form_fields

    class Meta(AbstractDocument.Meta):
        verbose_name = _("tệp đính kèm")
        verbose_name_plural = _("tệp đính kèm")

    def clean(self):
        super().clean()
        from .files import check_attachment

        if self.file and not self.sha256:
            check_attachment(self.file.file if hasattr(self.file, "file") else self.file, self.file.name)

    def _set_document_file_metadata(self):
        from .files import detected_kind, sha256_of

        super()._set_document_file_metadata()
        self.file.open()
        self.sha256 = sha256_of(self.file)
        self.file_kind = detected_kind(self.file) or ""

    def save(self, *args, **kwargs):
        if self.file and not self.sha256:
            self._set_document_file_metadata()
        super().save(*args, **kwargs)

    @property
    def kind_label(self):
        from .files import KIND_LABELS

        return KIND_LABELS.get(self.file_kind, self.file_extension.upper())


@register_snippet
class Topic(index.Indexed, models.Model):
    """A field of work (lĩnh vực), shared by the whole sector: news, documents, questions."""

    name = models.CharField(_("tên lĩnh vực"), max_length=120, unique=True)
    slug = models.SlugField(_("đường dẫn"), max_length=120, unique=True, allow_unicode=False)
    description = models.TextField(_("mô tả"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("thứ tự"), default=100)

    panels = ["name", "slug", "description", "sort_order"]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        verbose_name = _("lĩnh vực")
        verbose_name_plural = _("lĩnh vực")
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class StandardSectionMixin:
    """A section every unit's site has, at a path fixed for the whole sector."""

    section_slug = None
    max_count_per_parent = 1
    parent_page_types = HOME_PAGE_TYPES

    @classmethod
    def can_create_at(cls, parent):
        """Wagtail's rule (one per home page), with the home's children counted once for all section types.

        The page explorer asks this for every section type of every listed home page: at 660 sites
        one count per type and row made the root listing run hundreds of queries.
        """
        if not (cls.is_creatable and cls.can_exist_under(parent)):
            return False
        counts = getattr(parent, "_sgddt_children_by_type", None)
        if counts is None:
            children = parent.get_children().order_by().values_list("content_type").annotate(count=Count("id"))
            counts = parent._sgddt_children_by_type = dict(children)
        return counts.get(ContentType.objects.get_for_model(cls).pk, 0) < cls.max_count_per_parent

    def clean(self):
        super().clean()
        if (
            self.section_slug
            and self.locale_id
            and self.locale.language_code == "vi"
            and self.slug != self.section_slug
        ):
            raise ValidationError(
                {
                    "slug": _("Đường dẫn của mục này phải là “%(slug)s” để mọi liên kết trong toàn ngành đều đúng.")
                    % {"slug": self.section_slug}
                }
            )


def latest_albums(home, count=4):
    """The home page's strip of the unit's newest albums (gallery app): a lazy queryset, and the key its
    rendered fragment is cached under (see gallery.models.album_strip_key)."""
    from django.utils.functional import SimpleLazyObject

    from gallery.models import AlbumPage, album_strip_key

    # Lazy: .public() looks up view restrictions as soon as it is called, and the cached fragment needs none.
    albums = SimpleLazyObject(lambda: list(AlbumPage.objects.latest_in(home, count)))
    return albums, album_strip_key(home)


class BaseHomePage(Page):
    intro = RichTextField(
        _("lời giới thiệu"),
        blank=True,
        features=["bold", "italic", "link"],
        help_text=_("Một đoạn ngắn hiện dưới ảnh banner của trang chủ."),
    )

    content_panels = Page.content_panels + ["intro"]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "home.IntroductionPage",
        "news.NewsIndexPage",
        "legal_docs.DocumentLibraryPage",
        "legal_docs.ProcedureIndexPage",
        "questions.QuestionIndexPage",
        "disclosure.DisclosureIndexPage",  # Công khai
        "schoolsite.DirectoryPage",  # Danh bạ (department and district offices only: DirectoryPage.can_create_at)
        "schedule.WorkSchedulePage",
        "schedule.EventIndexPage",
        "home.ContactPage",
        "home.AccessibilityPage",
        "home.ContentPage",
        "webforms.FormPage",
        "gallery.GalleryIndexPage",
    ]
    # The news list of the home page; a small constant so the page stays light.
    latest_news_count = 6

    class Meta:
        abstract = True

    def get_context(self, request, *args, **kwargs):
        from news.models import NewsPage

        context = super().get_context(request, *args, **kwargs)
        context["latest_news"] = NewsPage.objects.latest_in(self, self.latest_news_count)
        context["latest_albums"], context["latest_albums_key"] = latest_albums(self)
        return context


class DepartmentHomePage(BaseHomePage):
    """Home of the Department of Education and Training's portal (one per installation)."""

    max_count = 1
    template = "home/department_home_page.html"
    unit_news_count = 6

    def get_context(self, request, *args, **kwargs):
        from .exchange import unit_news

        context = super().get_context(request, *args, **kwargs)
        # "Tin từ các đơn vị": school news the department approved, linking to the school's page.
        context["unit_news"] = unit_news()[: self.unit_news_count]
        return context

    class Meta:
        verbose_name = _("trang chủ Sở GD&ĐT")


class UnitHomePage(BaseHomePage):
    """Home of a school's or district office's site."""

    template = "home/unit_home_page.html"

    def get_context(self, request, *args, **kwargs):
        from .exchange import announcements_for

        context = super().get_context(request, *args, **kwargs)
        # "Thông báo từ Sở": the department's announcements and documents addressed to this unit.
        unit = getattr(request, "unit", None)
        context["announcements"] = announcements_for(request, unit) if unit else []
        return context

    class Meta:
        verbose_name = _("trang chủ đơn vị")


class IntroductionPage(StandardSectionMixin, Page):
    """Giới thiệu: the unit's introduction, with its sub-pages (organisation, duties, history)."""

    section_slug = "gioi-thieu"
    body = StreamField(ContentBodyBlock(), verbose_name=_("nội dung"), blank=True)

    content_panels = Page.content_panels + ["body"]
    search_fields = Page.search_fields + [index.SearchField("body")]
    subpage_types = ["home.ContentPage"]

    class Meta:
        verbose_name = _("mục giới thiệu")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["subpages"] = self.get_children().live().public().specific().only("title", "slug", "url_path")
        return context


class ContentPage(Page):
    """A page of text: organisation structure, functions and duties, history, any other."""

    lead = models.TextField(_("tóm tắt"), blank=True)
    body = StreamField(ContentBodyBlock(), verbose_name=_("nội dung"), blank=True)

    content_panels = Page.content_panels + ["lead", "body"]
    search_fields = Page.search_fields + [index.SearchField("lead"), index.SearchField("body")]
    parent_page_types = HOME_PAGE_TYPES + ["home.IntroductionPage", "home.ContentPage"]
    subpage_types = ["home.ContentPage", "webforms.FormPage"]

    class Meta:
        verbose_name = _("trang nội dung")


class ContactPage(StandardSectionMixin, Page):
    """Liên hệ: the unit's contact details (from the roster and site settings) and a text."""

    section_slug = "lien-he"
    body = StreamField(BodyBlock(), verbose_name=_("nội dung"), blank=True)

    content_panels = Page.content_panels + [
        HelpPanel(
            content=_(
                "Địa chỉ, điện thoại và thư điện tử lấy từ danh sách đơn vị và mục Cài đặt → "
                "Cài đặt trang web; không cần nhập lại ở đây."
            )
        ),
        FieldPanel("body"),
    ]
    subpage_types = []

    class Meta:
        verbose_name = _("trang liên hệ")


class AccessibilityPage(StandardSectionMixin, Page):
    """Hỗ trợ tiếp cận: the site's accessibility statement, written from the unit's data.

    Every site has one (created by provisioning, linked from the footer, not in the main menu). The
    statement itself (target WCAG 2.1 AA, how the portal is tested, known limits, whom to contact) comes
    from the template with the unit's contact details; the unit only adds to it if it wants to.
    """

    section_slug = "ho-tro-tiep-can"
    in_main_menu = False
    reviewed_on = models.DateField(
        _("ngày rà soát gần nhất"),
        default=timezone.localdate,
        help_text=_("Ngày đơn vị kiểm tra lại trang web và tuyên bố này lần gần nhất."),
    )
    body = StreamField(
        BodyBlock(),
        verbose_name=_("nội dung bổ sung"),
        blank=True,
        help_text=_("Không bắt buộc: hiện sau phần tuyên bố chung, ví dụ những hạn chế riêng của đơn vị."),
    )

    content_panels = Page.content_panels + [
        HelpPanel(
            content=_(
                "Phần tuyên bố chung (mục tiêu WCAG 2.1 mức AA, cách kiểm tra, hạn chế đã biết, liên hệ) "
                "được tạo tự động từ thông tin của đơn vị; chỉ cần cập nhật ngày rà soát và thêm nội dung "
                "riêng nếu có."
            )
        ),
        FieldPanel("reviewed_on"),
        FieldPanel("body"),
    ]
    subpage_types = []

    class Meta:
        verbose_name = _("trang hỗ trợ tiếp cận")
