"""News: the Tin tức section of each site and its articles."""

import datetime

from django.core.exceptions import ValidationError
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.images import get_image_model
from wagtail.images.api.fields import ImageRenditionField
from wagtail.models import Page, PageManager, PageQuerySet
from wagtail.search import index

from api.serializers import NameField, TagNamesField, UnitCodeField
from home.blocks import BodyBlock
from home.models import StandardSectionMixin
from schoolsite.audience import AddressedMixin, AddressedPageForm

# Renditions of the featured image that list templates use; prefetched together
# so a list costs one query for all its images.
CARD_RENDITIONS = ("fill-480x270|format-webp", "fill-960x540|format-webp")


def card_images():
    return get_image_model().objects.prefetch_renditions(*CARD_RENDITIONS)


class NewsPageQuerySet(PageQuerySet):
    def for_listing(self):
        """Live, public news with what a card shows, in a bounded number of queries."""
        return (
            self.live()
            .public()
            .select_related("topic")
            .prefetch_related(Prefetch("featured_image", queryset=card_images()))
            .order_by("-date", "-pk")
        )

    def latest_in(self, ancestor, count):
        return self.descendant_of(ancestor).for_listing()[:count]

    def approved_for_department(self):
        """School news the department approved for its portal (moderation.DepartmentReview)."""
        from moderation.models import ReviewStatus

        return (
            self.for_listing()
            .filter(department_review__status=ReviewStatus.APPROVED, department_review__unit__is_active=True)
            .select_related("department_review__unit")
        )


NewsPageManager = PageManager.from_queryset(NewsPageQuerySet)


class NewsIndexPage(RoutablePageMixin, StandardSectionMixin, Page):
    """Tin tức: the paginated list of the unit's news, filterable by field (lĩnh vực), with its feeds."""

    section_slug = "tin-tuc"
    intro = models.TextField(_("giới thiệu"), blank=True)
    per_page = 12

    content_panels = Page.content_panels + ["intro"]
    subpage_types = ["news.NewsPage"]

    class Meta:
        verbose_name = _("mục tin tức")

    @path("")
    def news_list(self, request):
        return self.render(request)

    @path("tu-cac-don-vi/")
    def from_units(self, request):
        """Tin từ các đơn vị (department portal only): approved school news, by district and unit type."""
        from django.http import Http404

        from home.exchange import unit_news
        from schoolsite.models import Unit, UnitType

        if not request.unit.is_department:
            raise Http404
        district = request.GET.get("huyen", "")
        unit_type = request.GET.get("loai", "")
        paginator = Paginator(unit_news(district, unit_type), self.per_page)
        districts = Unit.objects.active().districts()
        return self.render(
            request,
            template="news/unit_news.html",
            context_overrides={
                "news_page": paginator.get_page(request.GET.get("trang")),
                "paginator": paginator,
                "districts": districts,
                "unit_types": [(t.value, t.label) for t in UnitType if t not in (UnitType.SO,)],
                "district": district,
                "unit_type": unit_type,
            },
        )

    @path("rss/")
    def rss(self, request):
        from .feeds import NewsFeed

        return NewsFeed()(request, index=self)

    @path("atom/")
    def atom(self, request):
        from .feeds import AtomNewsFeed

        return AtomNewsFeed()(request, index=self)

    def get_context(self, request, *args, **kwargs):
        from home.models import Topic

        context = super().get_context(request, *args, **kwargs)
        news = NewsPage.objects.child_of(self).for_listing()
        topic = None
        topic_slug = request.GET.get("linh-vuc")
        if topic_slug:
            topic = Topic.objects.filter(slug=topic_slug).first()
            news = news.filter(topic=topic) if topic else news.none()
        paginator = Paginator(news, self.per_page)
        try:
            page = paginator.page(request.GET.get("trang", 1))
        except PageNotAnInteger:
            page = paginator.page(1)
        except EmptyPage:
            page = paginator.page(paginator.num_pages)
        context.update(news_page=page, paginator=paginator, topic=topic, topics=Topic.objects.all())
        return context


class NewsPageTag(TaggedItemBase):
    content_object = ParentalKey("news.NewsPage", related_name="tagged_items", on_delete=models.CASCADE)


class NewsPage(AddressedMixin, Page):
    """A news article (tin bài); the department's can be addressed to units (thông báo)."""

    date = models.DateField(_("ngày đăng"), default=datetime.date.today, db_index=True)
    lead = models.TextField(
        _("tóm tắt"), max_length=600, help_text=_("Một hai câu tóm tắt, hiện trong danh sách tin và khi chia sẻ.")
    )
    featured_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("ảnh đại diện"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    featured_image_alt = models.CharField(
        _("mô tả ảnh đại diện"),
        max_length=255,
        blank=True,
        help_text=_("Mô tả ngắn nội dung ảnh cho người khiếm thị. Để trống để dùng mô tả của ảnh."),
    )
    topic = models.ForeignKey(
        "home.Topic",
        verbose_name=_("lĩnh vực"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="news_pages",
    )
    tags = ClusterTaggableManager(through=NewsPageTag, blank=True, verbose_name=_("từ khoá"))
    send_to_department = models.BooleanField(
        _("Gửi lên Cổng Sở"),
        default=False,
        help_text=_(
            "Sau khi đơn vị duyệt và đăng, tin được gửi để Sở GD&ĐT xem xét đưa lên Cổng thông tin của Sở. "
            "Tin vẫn nằm trên trang của đơn vị; Cổng Sở chỉ dẫn liên kết tới đây."
        ),
    )
    body = StreamField(BodyBlock(), verbose_name=_("nội dung"))
    # Where an imported article came from (import_site_feed): its GUID or address on the old site,
    # so that importing the same feed again creates nothing new.
    source_id = models.CharField(_("mã bài trên trang cũ"), max_length=500, blank=True, default="", db_index=True)
    source_url = models.URLField(_("địa chỉ bài trên trang cũ"), max_length=500, blank=True, default="")

    objects = NewsPageManager()

    content_panels = Page.content_panels + [
        MultiFieldPanel(["date", "topic", "tags", "send_to_department"], heading=_("Thông tin")),
        FieldPanel("lead"),
        MultiFieldPanel(["featured_image", "featured_image_alt"], heading=_("Ảnh đại diện")),
        FieldPanel("body"),
        AddressedMixin.audience_panel(),
    ]
    base_form_class = AddressedPageForm
    search_fields = Page.search_fields + [
        index.SearchField("lead"),
        index.SearchField("body"),
        index.FilterField("date"),
        index.FilterField("topic"),
        index.RelatedFields("topic", [index.SearchField("name")]),
    ]
    parent_page_types = ["news.NewsIndexPage"]
    subpage_types = []
    api_fields = [
        APIField("unit", serializer=UnitCodeField()),
        APIField("date"),
        APIField("lead"),
        APIField("topic", serializer=NameField()),
        APIField("tags", serializer=TagNamesField()),
        APIField("featured_image", serializer=ImageRenditionField("fill-960x540|format-webp")),
        APIField("featured_image_alt_text"),
        APIField("body"),
    ]

    class Meta:
        verbose_name = _("tin bài")
        verbose_name_plural = _("tin bài")

    @property
    def featured_image_alt_text(self):
        if self.featured_image_alt:
            return self.featured_image_alt
        return self.featured_image.description if self.featured_image else ""

    def clean(self):
        super().clean()
        if self.featured_image and not self.featured_image_alt_text:
            raise ValidationError(
                {
                    "featured_image_alt": _(
                        "Hãy mô tả ảnh đại diện (ví dụ: “Học sinh trường THPT số 1 Bảo Yên trong lễ khai giảng”)."
                    )
                }
            )
        if self.date and self.date > timezone.localdate() + datetime.timedelta(days=1):
            raise ValidationError(
                {"date": _("Ngày đăng không thể ở tương lai. Muốn hẹn giờ đăng, hãy dùng mục Lịch đăng bài.")}
            )
