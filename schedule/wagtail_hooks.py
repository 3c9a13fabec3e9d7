from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.menus.pages import PageMenuItem

from . import views
from .models import WeekSchedulePage, WorkSchedulePage


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("lich-cong-tac/<int:page_id>/tuan-sau/", views.CopyWeekView.as_view(), name="schedule_copy_week")]


class CopyWeekMenuItem(PageMenuItem):
    """“Lập lịch tuần sau” on the section, “Sao chép sang tuần sau” on a week: for whoever may add weeks."""

    icon_name = "date"

    def __init__(self, page, priority):
        is_section = page.specific_class is WorkSchedulePage
        label = _("Lập lịch tuần sau") if is_section else _("Sao chép sang tuần sau")
        super().__init__(label, reverse("schedule_copy_week", args=[page.pk]), priority=priority, page=page)
        self.is_section = is_section

    def is_shown(self, user):
        section = self.page if self.is_section else self.page.get_parent()
        return section.permissions_for_user(user).can_add_subpage()


def _copy_items(page, priority):
    if page.specific_class in (WeekSchedulePage, WorkSchedulePage):
        yield CopyWeekMenuItem(page, priority)


@hooks.register("register_page_header_buttons")
def page_header_buttons(page, user, view_name, next_url=None):
    yield from _copy_items(page, priority=16)


@hooks.register("register_page_listing_more_buttons")
def page_listing_more_buttons(page, user, next_url=None):
    yield from _copy_items(page, priority=9)
