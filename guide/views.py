"""The user guide inside the admin (/admin/huong-dan/), its screenshots, and its PDF."""

import re

from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .chapters import BY_SLUG, CHAPTERS, chapter_for
from .markdown import render
from .screenshots import IMAGE_DIR

IMAGE_NAME = re.compile(r"^[a-z0-9-]+\.png$")
CHAPTER_LINK = re.compile(r"^(?P<slug>[A-Za-z0-9-]+)\.md(?P<anchor>#.*)?$")


def admin_link(href):
    """Links between chapters (bien-tap-vien.md#…) open the chapter in the admin; others stay as they are."""
    match = CHAPTER_LINK.match(href)
    if match and match["slug"] in BY_SLUG:
        return reverse("guide_chapter", args=[match["slug"]]) + (match["anchor"] or "")
    return href


def image_path(src):
    name = src.removeprefix("anh/")
    return IMAGE_DIR / name if IMAGE_NAME.match(name) else None


def chapter_html(chapter, image_url, link_url=admin_link):
    return render(chapter.source, image_url=image_url, link_url=link_url)


def admin_image_url(src):
    path = image_path(src)
    return reverse("guide_image", args=[path.name]) if path else src


def guide_home(request):
    return redirect("guide_chapter", chapter_for(request.user).slug)


class ChapterView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "guide/chapter.html"
    header_icon = "help"
    page_title = gettext_lazy("Hướng dẫn sử dụng")

    def dispatch(self, request, *args, **kwargs):
        self.chapter = BY_SLUG.get(kwargs["slug"])
        if self.chapter is None:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("guide_home"), "label": _("Hướng dẫn sử dụng")},
            {"url": "", "label": self.chapter.title},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            chapter=self.chapter,
            chapters=CHAPTERS,
            own_chapter=chapter_for(self.request.user),
            content=chapter_html(self.chapter, admin_image_url),
        )
        return context


class ImageView(View):
    """A screenshot of the guide, from the docs folder (not MEDIA: it ships with the code)."""

    def get(self, request, name):
        path = image_path(name)
        if path is None or not path.is_file():
            raise Http404
        response = FileResponse(path.open("rb"), content_type="image/png")
        response["Cache-Control"] = "private, max-age=86400"
        return response


def guide_pdf(chapters):
    """The chapters as one printable A4 PDF (WeasyPrint, DejaVu fonts as the reports use)."""
    from django.template.loader import render_to_string
    from weasyprint import HTML

    def file_url(src):
        path = image_path(src)
        return path.as_uri() if path and path.is_file() else ""

    included = {chapter.slug for chapter in chapters}

    def pdf_link(href):
        """Chapters inside this PDF link to their page; other chapters are named, not linked."""
        match = CHAPTER_LINK.match(href)
        if not match:
            return href
        return f"#chuong-{match['slug']}" if match["slug"] in included else None

    html = render_to_string(
        "guide/pdf.html",
        {
            "title": _("Hướng dẫn sử dụng Cổng thông tin điện tử ngành Giáo dục và Đào tạo Lào Cai"),
            "chapters": [
                {"chapter": chapter, "content": chapter_html(chapter, file_url, pdf_link)} for chapter in chapters
            ],
        },
    )
    return HTML(string=html, base_url=str(IMAGE_DIR)).write_pdf()


class PdfView(View):
    def get(self, request, slug=None):
        if slug is None:
            chapters, filename = CHAPTERS, "huong-dan-su-dung"
        elif slug in BY_SLUG:
            chapters, filename = [BY_SLUG[slug]], f"huong-dan-{slug.lower()}"
        else:
            raise Http404
        response = HttpResponse(guide_pdf(chapters), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{filename}.pdf"'
        return response
