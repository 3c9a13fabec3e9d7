"""Công khai: what each unit discloses under Thông tư 09/2024/TT-BGDĐT, by school year and category.

`DisclosureIndexPage` is the section (/cong-khai/) every unit's site has; each
disclosed item is a `DisclosureEntryPage` under it, with its school year and
category (picked from the categories of the unit's type, see categories.py),
its publication date and a text, a file, a library document or a link. The
section shows every category of the chosen school year, empty ones as
"chưa công khai", so parents see what is missing.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldRowPanel, HelpPanel, MultiFieldPanel, PageChooserPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from home.models import StandardSectionMixin

from .categories import CATEGORIES, categories_for, category_choices
from .forms import DisclosureEntryForm
from .school_years import current_school_year, deadline, parse_school_year


class DisclosureIndexPage(StandardSectionMixin, Page):
    """Công khai: the unit's disclosed information by school year (?nam_hoc=2026-2027) and category."""

    section_slug = "cong-khai"
    intro = models.TextField(_("giới thiệu"), blank=True)

    content_panels = Page.content_panels + [
        "intro",
        HelpPanel(
            content=_(
                "Mỗi nội dung công khai là một trang con: chọn năm học và mục công khai từ danh sách. "
                "Các mục chưa có nội dung hiện “Chưa công khai” cho người xem."
            )
        ),
    ]
    subpage_types = ["disclosure.DisclosureEntryPage"]

    class Meta:
        verbose_name = _("mục công khai")

    def get_context(self, request, *args, **kwargs):
        from schoolsite.models import Unit

        context = super().get_context(request, *args, **kwargs)
        current = current_school_year()
        asked = request.GET.get("nam_hoc", "")
        year = parse_school_year(asked) or current
        unit = getattr(request, "unit", None) or Unit.objects.for_page(self)
        entries = (
            DisclosureEntryPage.objects.child_of(self)
            .live()
            .public()
            .select_related("document", "legal_document")
            .order_by("-published_on", "title")
        )
        by_category = {}
        for entry in entries.filter(school_year=year):
            by_category.setdefault(entry.category, []).append(entry)
        categories = categories_for(unit.unit_type if unit else None)
        sections = [(category, by_category.pop(category.slug, [])) for category in categories]
        # Items of a category the unit's type no longer has (its type changed) are still shown.
        sections += [(CATEGORIES[slug], items) for slug, items in by_category.items() if slug in CATEGORIES]
        years = set(entries.order_by().values_list("school_year", flat=True).distinct()) | {current}
        context.update(
            school_year=year,
            current_school_year=current,
            year_error=bool(asked) and parse_school_year(asked) is None,
            school_years=sorted(years, reverse=True),
            sections=sections,
            missing_count=sum(1 for _category, items in sections if not items),
            deadline=deadline(year),
        )
        return context


class DisclosureEntryPage(Page):
    """One disclosed item: a school year, a category, a date, and a text, a file, a document or a link."""

    school_year = models.CharField(_("năm học"), max_length=9, db_index=True, default=current_school_year)
    category = models.CharField(_("mục công khai"), max_length=40, choices=category_choices(), db_index=True)
    published_on = models.DateField(_("ngày công khai"), default=timezone.localdate)
    body = RichTextField(
        _("nội dung"), blank=True, features=["h3", "bold", "italic", "ol", "ul", "link", "document-link"]
    )
    document = models.ForeignKey(
        settings.WAGTAILDOCS_DOCUMENT_MODEL,
        verbose_name=_("tệp đính kèm"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Ví dụ: bản PDF của báo cáo, biểu mẫu công khai đã ký."),
    )
    legal_document = models.ForeignKey(
        "legal_docs.LegalDocumentPage",
        verbose_name=_("văn bản trong thư viện"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    link_url = models.URLField(_("đường liên kết"), blank=True, help_text=_("Nếu nội dung nằm ở trang khác."))

    base_form_class = DisclosureEntryForm
    content_panels = Page.content_panels + [
        FieldRowPanel(["school_year", "category", "published_on"], heading=_("Năm học và mục")),
        MultiFieldPanel(
            ["body", "document", PageChooserPanel("legal_document", "legal_docs.LegalDocumentPage"), "link_url"],
            heading=_("Nội dung công khai"),
        ),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("body"),
        index.FilterField("school_year"),
        index.FilterField("category"),
    ]
    api_fields = [
        APIField("school_year"),
        APIField("category"),
        APIField("published_on"),
        APIField("body"),
        APIField("link_url"),
    ]
    parent_page_types = ["disclosure.DisclosureIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("nội dung công khai")
        verbose_name_plural = _("nội dung công khai")

    @property
    def category_obj(self):
        return CATEGORIES.get(self.category)

    @property
    def school_year_label(self):
        return self.school_year.replace("-", "–")
