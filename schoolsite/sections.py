"""The page skeleton every unit's site starts with: home page and standard sections."""

from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Page

from gallery.models import GalleryIndexPage
from home.models import ContactPage, ContentPage, DepartmentHomePage, IntroductionPage, UnitHomePage
from legal_docs.models import DocumentLibraryPage, ProcedureIndexPage
from news.models import NewsIndexPage
from questions.models import QuestionIndexPage

from .models import UnitType


def standard_sections():
    """(page class, title) of each section, in menu order; slugs are the classes' section_slug."""
    return [
        (IntroductionPage, _("Giới thiệu")),
        (NewsIndexPage, _("Tin tức")),
        (DocumentLibraryPage, _("Văn bản")),
        (ProcedureIndexPage, _("Thủ tục hành chính")),
        (QuestionIndexPage, _("Hỏi đáp")),
        (ContactPage, _("Liên hệ")),
        # Sections added later come last: re-provisioning appends them to existing sites in the same order.
        (GalleryIndexPage, _("Thư viện ảnh")),
    ]


def introduction_subpages():
    """(slug, title) of the pages created under Giới thiệu when it is first made."""
    return [
        ("co-cau-to-chuc", _("Cơ cấu tổ chức")),
        ("chuc-nang-nhiem-vu", _("Chức năng, nhiệm vụ")),
        ("lich-su-phat-trien", _("Lịch sử phát triển")),
    ]


def _published(page):
    now = timezone.now()
    page.live = True
    page.first_published_at = page.last_published_at = now
    return page


def ensure_home_page(unit):
    if unit.home_page_id:
        return unit.home_page
    page_class = DepartmentHomePage if unit.unit_type == UnitType.SO else UnitHomePage
    root = Page.get_first_root_node()
    home = root.add_child(instance=_published(page_class(title=unit.name, slug=unit.code, show_in_menus=False)))
    unit.home_page = home
    unit.save(update_fields=["home_page"])
    return home


def ensure_sections(home):
    existing = set(home.get_children().values_list("slug", flat=True))
    for page_class, title in standard_sections():
        if page_class.section_slug in existing:
            continue
        section = home.add_child(
            instance=_published(page_class(title=title, slug=page_class.section_slug, show_in_menus=True))
        )
        if page_class is IntroductionPage:
            for slug, sub_title in introduction_subpages():
                section.add_child(instance=_published(ContentPage(title=sub_title, slug=slug, show_in_menus=True)))
