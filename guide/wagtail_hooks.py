"""The "Hướng dẫn sử dụng" menu item and the guide's admin URLs."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import views


@hooks.register("register_admin_urls")
def register_guide_urls():
    return [
        path("huong-dan/", views.guide_home, name="guide_home"),
        path("huong-dan/pdf/", views.PdfView.as_view(), name="guide_pdf"),
        path("huong-dan/anh/<str:name>", views.ImageView.as_view(), name="guide_image"),
        path("huong-dan/<slug:slug>/", views.ChapterView.as_view(), name="guide_chapter"),
        path("huong-dan/<slug:slug>/pdf/", views.PdfView.as_view(), name="guide_chapter_pdf"),
    ]


@hooks.register("register_admin_menu_item")
def register_guide_menu_item():
    return MenuItem(_("Hướng dẫn sử dụng"), reverse("guide_home"), name="huong-dan", icon_name="help", order=990)
