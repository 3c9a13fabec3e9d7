"""The page skeleton every unit's site starts with: home page and standard sections."""

from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Page

from disclosure.models import DisclosureIndexPage
from gallery.models import GalleryIndexPage
from home.models import AccessibilityPage, ContactPage, ContentPage, DepartmentHomePage, IntroductionPage, UnitHomePage
from legal_docs.models import DocumentLibraryPage, ProcedureIndexPage
from news.models import NewsIndexPage
from questions.models import QuestionIndexPage
from schedule.models import EventIndexPage, WorkSchedulePage

from .models import DIRECTORY_UNIT_TYPES, DirectoryPage, Unit, UnitType


def standard_sections(unit_type=None):
    """(page class, title) of each section of a unit of this type, in menu order (slugs: section_slug)."""
    sections = [
        (IntroductionPage, _("Giới thiệu")),
        (NewsIndexPage, _("Tin tức")),
        (DocumentLibraryPage, _("Văn bản")),
        (ProcedureIndexPage, _("Thủ tục hành chính")),
        (QuestionIndexPage, _("Hỏi đáp")),
        # Công khai: Thông tư 09/2024/TT-BGDĐT.
        (DisclosureIndexPage, _("Công khai")),
        (WorkSchedulePage, _("Lịch công tác")),
        (EventIndexPage, _("Sự kiện")),
        (GalleryIndexPage, _("Thư viện ảnh")),
    ]
    if unit_type in DIRECTORY_UNIT_TYPES:  # the department's and district offices' sites only
        sections.append((DirectoryPage, _("Danh bạ trường học")))
    sections += [
        (ContactPage, _("Liên hệ")),
        # Linked from every page's footer rather than the main menu (in_main_menu = False).
        (AccessibilityPage, _("Hỗ trợ tiếp cận")),
    ]
    return sections


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


def ensure_sections(home, unit_type=None):
    if unit_type is None:
        unit_type = Unit.objects.filter(home_page=home).values_list("unit_type", flat=True).first()
    existing = set(home.get_children().values_list("slug", flat=True))
    sections = standard_sections(unit_type)
    for position, (page_class, title) in enumerate(sections):
        if page_class.section_slug in existing:
            continue
        section = home.add_child(
            instance=_published(
                page_class(
                    title=title,
                    slug=page_class.section_slug,
                    show_in_menus=getattr(page_class, "in_main_menu", True),
                )
            )
        )
        section = _keep_menu_order(home, section, [cls.section_slug for cls, _title in sections[position + 1 :]])
        if page_class is IntroductionPage:
            for slug, sub_title in introduction_subpages():
                section.add_child(instance=_published(ContentPage(title=sub_title, slug=slug, show_in_menus=True)))


def _keep_menu_order(home, section, later_slugs):
    """A section added to an existing site goes before the standard sections that follow it in the menu."""
    following = home.get_children().filter(slug__in=later_slugs).exclude(pk=section.pk).order_by("path").first()
    if following is None:
        return section
    section.move(following, pos="left")
    return type(section).objects.get(pk=section.pk)  # its place in the tree changed
