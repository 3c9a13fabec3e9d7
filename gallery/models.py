"""Thư viện ảnh và video: each unit's albums of photos (its own images) and videos, at /thu-vien-anh/."""

from django.core.paginator import Paginator
from django.db import models
from django.db.models import Prefetch
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.images import get_image_model
from wagtail.models import Orderable, Page, PageManager, PageQuerySet
from wagtail.search import index

from home.blocks import VideoBlock
from home.models import StandardSectionMixin

from .blocks import VideoFileBlock
from .forms import AlbumPageForm

# Renditions of album covers and photo thumbnails, prefetched so a list costs one query for its images.
THUMBNAIL_RENDITIONS = ("fill-320x240|format-webp", "fill-640x480|format-webp")


def thumbnail_images():
    return get_image_model().objects.prefetch_renditions(*THUMBNAIL_RENDITIONS)


def album_strip_key(home):
    """The home page and its site's page-cache generations: the home's album strip is rendered once per
    change of the site (an album published, unpublished or moved, an image changed) and reused."""
    from schoolsite.page_cache import _generations, site_of_path

    site_id = site_of_path(home.path)
    return f"{home.pk}:{':'.join(_generations(site_id))}" if site_id else f"{home.pk}:{home.last_published_at}"


class AlbumPageQuerySet(PageQuerySet):
    def for_listing(self):
        """Live, public albums with their cover, newest first."""
        return (
            self.live()
            .public()
            .prefetch_related(Prefetch("cover", queryset=thumbnail_images()))
            .order_by("-date", "-pk")
        )

    def latest_in(self, ancestor, count):
        return self.descendant_of(ancestor).for_listing()[:count]


AlbumPageManager = PageManager.from_queryset(AlbumPageQuerySet)


class GalleryIndexPage(StandardSectionMixin, Page):
    """Thư viện ảnh: the unit's albums, newest first."""

    section_slug = "thu-vien-anh"
    intro = models.TextField(_("giới thiệu"), blank=True)
    per_page = 12

    content_panels = Page.content_panels + ["intro"]
    subpage_types = ["gallery.AlbumPage"]

    class Meta:
        verbose_name = _("mục thư viện ảnh")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        paginator = Paginator(AlbumPage.objects.child_of(self).for_listing(), self.per_page)
        context["albums"] = paginator.get_page(request.GET.get("trang"))
        context["paginator"] = paginator
        return context


class AlbumPage(RoutablePageMixin, Page):
    """An album: photos with captions from the unit's images, and videos (YouTube or an uploaded MP4)."""

    date = models.DateField(_("ngày"), default=timezone.localdate)
    intro = models.TextField(_("giới thiệu"), blank=True)
    cover = models.ForeignKey(
        get_image_model(),
        verbose_name=_("ảnh bìa"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Để trống để dùng ảnh đầu tiên của album."),
    )
    videos = StreamField([("embed", VideoBlock()), ("file", VideoFileBlock())], verbose_name=_("video"), blank=True)

    objects = AlbumPageManager()

    content_panels = Page.content_panels + [
        MultiFieldPanel(["date", "intro", "cover"], heading=_("Album")),
        InlinePanel("photos", heading=_("Ảnh"), label=_("Ảnh")),
        FieldPanel("videos"),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    base_form_class = AlbumPageForm
    parent_page_types = ["gallery.GalleryIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("album ảnh")
        verbose_name_plural = _("album ảnh")

    def save(self, *args, **kwargs):
        if self.cover_id is None:
            first = next((photo for photo in self.photos.all() if photo.image_id), None)
            if first is not None:
                self.cover_id = first.image_id
        super().save(*args, **kwargs)

    def thumbnail_photos(self):
        return self.photos.all().prefetch_related(Prefetch("image", queryset=thumbnail_images()))

    @path("")
    def album(self, request):
        return self.render(request, context_overrides={"photos": self.thumbnail_photos()})

    @path("anh/<int:number>/")
    def photo(self, request, number):
        """One photo large, with its caption and links to the previous and next: works without JavaScript."""
        photos = list(self.photos.all().select_related("image"))
        if not 1 <= number <= len(photos):
            raise Http404
        return self.render(
            request,
            template="gallery/photo.html",
            context_overrides={
                "photo": photos[number - 1],
                "number": number,
                "total": len(photos),
                "previous_number": number - 1 if number > 1 else None,
                "next_number": number + 1 if number < len(photos) else None,
            },
        )


class AlbumPhoto(Orderable):
    page = ParentalKey(AlbumPage, on_delete=models.CASCADE, related_name="photos")
    image = models.ForeignKey(get_image_model(), verbose_name=_("ảnh"), on_delete=models.CASCADE, related_name="+")
    caption = models.CharField(_("chú thích"), max_length=255, blank=True)

    panels = ["image", "caption"]

    class Meta(Orderable.Meta):
        verbose_name = _("ảnh trong album")
        verbose_name_plural = _("ảnh trong album")

    @property
    def alt(self):
        return self.caption or self.image.title
