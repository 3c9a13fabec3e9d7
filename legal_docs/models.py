"""The sector's document library (văn bản) and administrative procedures (thủ tục hành chính).

Each document or procedure is one page, under the library of the unit that
publishes it. The department's items (and a school's items the department
lists) are shared by the whole sector: every site's library shows them and
renders them in place, with the publishing unit's page as canonical URL. There
is never a second copy.
"""

import re

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, PageManager, PageQuerySet
from wagtail.search import index

from api.serializers import AttachmentsField, LegalBasisField, NameField, RelatedDocumentsField, UnitCodeField
from home.blocks import BodyBlock
from home.models import StandardSectionMixin
from home.tabular import fold
from schoolsite.audience import AddressedMixin, AddressedPageForm

from .blocks import DossierItemBlock, SubmissionMethodBlock


def number_key(number):
    """Comparable form of a document number: "53/2012/TT-BGDĐT" and "53/2012/tt-bgddt " give "53/2012/TT-BGDDT"."""
    return re.sub(r"\s+", "", fold(number)).upper()


def numbered_by_year(number):
    """Whether a number carries its year ("22/2021/TT-BGDĐT") or restarts every year ("1053/SGDĐT-VP")."""
    return bool(re.search(r"(19|20)\d\d", number or ""))


def same_document(queryset, number, issuing_body_id, issued_date):
    """Documents of the queryset that are the given one: same number and issuing body.

    Official letters (công văn) are numbered afresh each year, so for a number
    without a year the year of issue tells documents apart.
    """
    documents = queryset.filter(number_key=number_key(number), issuing_body_id=issuing_body_id)
    if not numbered_by_year(number) and issued_date:
        documents = documents.filter(issued_date__year=issued_date.year)
    return documents


class DocumentType(models.TextChoices):
    LUAT = "luat", _("Luật")
    NGHI_QUYET = "nghi-quyet", _("Nghị quyết")
    NGHI_DINH = "nghi-dinh", _("Nghị định")
    THONG_TU = "thong-tu", _("Thông tư")
    QUYET_DINH = "quyet-dinh", _("Quyết định")
    CHI_THI = "chi-thi", _("Chỉ thị")
    KE_HOACH = "ke-hoach", _("Kế hoạch")
    CONG_VAN = "cong-van", _("Công văn")
    HUONG_DAN = "huong-dan", _("Hướng dẫn")
    THONG_BAO = "thong-bao", _("Thông báo")
    BAO_CAO = "bao-cao", _("Báo cáo")
    TO_TRINH = "to-trinh", _("Tờ trình")
    KHAC = "khac", _("Văn bản khác")


# Types that are legislation in schema.org's sense (normative acts); the rest are DigitalDocument.
LEGISLATION_TYPES = {
    DocumentType.LUAT,
    DocumentType.NGHI_QUYET,
    DocumentType.NGHI_DINH,
    DocumentType.THONG_TU,
    DocumentType.QUYET_DINH,
    DocumentType.CHI_THI,
}


class LegalStatus(models.TextChoices):
    NOT_YET = "chua-hieu-luc", _("Chưa có hiệu lực")
    IN_FORCE = "con-hieu-luc", _("Còn hiệu lực")
    PARTIAL = "het-hieu-luc-mot-phan", _("Hết hiệu lực một phần")
    EXPIRED = "het-hieu-luc", _("Hết hiệu lực toàn bộ")
    SUSPENDED = "ngung-hieu-luc", _("Ngưng hiệu lực")


def compute_status(issued_date, effective_date, expiry_date, today=None):
    """Status from the dates: in force from the effective date (or the issue date) until the day before expiry."""
    today = today or timezone.localdate()
    start = effective_date or issued_date
    if start and today < start:
        return LegalStatus.NOT_YET
    if expiry_date and today >= expiry_date:
        return LegalStatus.EXPIRED
    return LegalStatus.IN_FORCE


class IssuingBody(index.Indexed, models.Model):
    """Cơ quan ban hành: who issued a document (the Ministry, the province, the department, a school…)."""

    class Level(models.TextChoices):
        CENTRAL = "trung-uong", _("Trung ương")
        PROVINCE = "tinh", _("Tỉnh")
        DEPARTMENT = "so", _("Sở, ngành")
        DISTRICT = "huyen", _("Huyện")
        SCHOOL = "don-vi", _("Đơn vị, trường học")

    name = models.CharField(_("tên cơ quan"), max_length=255, unique=True)
    abbreviation = models.CharField(_("tên viết tắt"), max_length=60, blank=True, help_text=_("Ví dụ: BGDĐT"))
    level = models.CharField(_("cấp"), max_length=12, choices=Level.choices, default=Level.CENTRAL)
    unit = models.OneToOneField(
        "schoolsite.Unit",
        verbose_name=_("đơn vị trong ngành"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="issuing_body",
    )
    sort_order = models.PositiveSmallIntegerField(_("thứ tự"), default=100)

    panels = ["name", "abbreviation", "level", "unit", "sort_order"]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name"), index.SearchField("abbreviation")]

    class Meta:
        verbose_name = _("cơ quan ban hành")
        verbose_name_plural = _("cơ quan ban hành")
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class SectorWideQuerySet(PageQuerySet):
    def visible_from(self, section):
        """Live, public items a site's section shows: its own, and the sector's shared ones."""
        return self.live().public().filter(Q(path__startswith=section.path) | Q(sector_wide=True))


class SectorWideMixin(models.Model):
    """An item of the sector's shared database, owned by the unit whose section holds it."""

    listed_by_department = models.BooleanField(
        _("Sở đưa vào danh mục dùng chung toàn ngành"),
        default=False,
        help_text=_("Chỉ Sở đánh dấu được. Văn bản của Sở luôn hiện ở mọi trang web trong ngành."),
    )
    sector_wide = models.BooleanField(default=False, editable=False, db_index=True)
    # Lower-case, unaccented words for the section's quick box ("ke hoach" finds "Kế hoạch").
    search_text = models.TextField(editable=False, blank=True)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.path:
            self.sector_wide = self.compute_sector_wide()
        self.search_text = fold(" ".join(part for part in self.search_text_parts() if part))
        super().save(*args, **kwargs)

    def search_text_parts(self):
        return [self.title]

    def compute_sector_wide(self):
        from schoolsite.models import DEPARTMENT_CODE, Unit

        if self.listed_by_department:
            return True
        unit = Unit.objects.for_page(self)
        return unit is not None and unit.code == DEPARTMENT_CODE

    @property
    def owner_unit(self):
        from schoolsite.models import Unit

        return Unit.objects.for_page(self)


class LegalDocumentQuerySet(SectorWideQuerySet):
    def with_status(self, status, today=None):
        today = today or timezone.localdate()
        auto = Q(status_override="")
        started = Q(effective_date__lte=today) | Q(effective_date__isnull=True, issued_date__lte=today)
        not_expired = Q(expiry_date__isnull=True) | Q(expiry_date__gt=today)
        computed = {
            LegalStatus.NOT_YET: auto & ~started,
            LegalStatus.IN_FORCE: auto & started & not_expired,
            LegalStatus.EXPIRED: auto & Q(expiry_date__lte=today),
        }
        return self.filter(Q(status_override=status) | computed.get(status, Q(pk__in=[])))

    def for_listing(self):
        return self.select_related("issuing_body", "topic").order_by("-issued_date", "-pk")


LegalDocumentManager = PageManager.from_queryset(LegalDocumentQuerySet)


class LegalDocumentPage(SectorWideMixin, AddressedMixin, Page):
    """A document of the library: law, decree, circular, decision, plan, official letter…"""

    number = models.CharField(_("số ký hiệu"), max_length=80, help_text=_("Ví dụ: 53/2012/TT-BGDĐT"))
    number_key = models.CharField(max_length=80, editable=False, db_index=True)
    document_type = models.CharField(_("loại văn bản"), max_length=12, choices=DocumentType.choices, db_index=True)
    issuing_body = models.ForeignKey(
        IssuingBody, verbose_name=_("cơ quan ban hành"), on_delete=models.PROTECT, related_name="documents"
    )
    signer_name = models.CharField(_("người ký"), max_length=120, blank=True)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=120, blank=True)
    issued_date = models.DateField(_("ngày ban hành"), db_index=True)
    effective_date = models.DateField(_("ngày có hiệu lực"), null=True, blank=True)
    expiry_date = models.DateField(_("ngày hết hiệu lực"), null=True, blank=True)
    status_override = models.CharField(
        _("tình trạng hiệu lực (đặt tay)"),
        max_length=25,
        choices=LegalStatus.choices,
        blank=True,
        help_text=_("Để trống để tính theo ngày có hiệu lực và ngày hết hiệu lực."),
    )
    topic = models.ForeignKey(
        "home.Topic", verbose_name=_("lĩnh vực"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    summary = models.TextField(_("trích yếu"))
    body = StreamField(BodyBlock(), verbose_name=_("toàn văn"), blank=True)

    objects = LegalDocumentManager()

    content_panels = [
        MultiFieldPanel(
            [
                FieldRowPanel(["number", "document_type"]),
                "issuing_body",
                FieldRowPanel(["signer_name", "signer_title"]),
            ],
            heading=_("Văn bản"),
        ),
        "title",
        "summary",
        MultiFieldPanel(
            [FieldRowPanel(["issued_date", "effective_date", "expiry_date"]), "status_override", "topic"],
            heading=_("Hiệu lực và lĩnh vực"),
        ),
        InlinePanel("attachments", label=_("Tệp văn bản"), heading=_("Tệp văn bản (PDF, Word, Excel, ODT)")),
        InlinePanel("relations", label=_("Văn bản liên quan"), heading=_("Văn bản liên quan")),
        FieldPanel("body"),
        FieldPanel("listed_by_department", permission="legal_docs.list_sector_wide"),
        AddressedMixin.audience_panel(),
    ]
    base_form_class = AddressedPageForm
    search_fields = Page.search_fields + [
        index.SearchField("number", boost=5),
        index.SearchField("number_words", boost=3),
        index.SearchField("summary", boost=2),
        index.SearchField("body"),
        index.AutocompleteField("number"),
        index.RelatedFields("issuing_body", [index.SearchField("name")]),
        index.FilterField("number_key"),
        index.FilterField("document_type"),
        index.FilterField("issuing_body"),
        index.FilterField("topic"),
        index.FilterField("issued_date"),
        index.FilterField("sector_wide"),
    ]
    parent_page_types = ["legal_docs.DocumentLibraryPage"]
    subpage_types = []
    template = "legal_docs/legal_document_page.html"
    api_fields = [
        APIField("unit", serializer=UnitCodeField()),
        APIField("number"),
        APIField("document_type"),
        APIField("issuing_body", serializer=NameField()),
        APIField("signer_name"),
        APIField("signer_title"),
        APIField("issued_date"),
        APIField("effective_date"),
        APIField("expiry_date"),
        APIField("status"),
        APIField("topic", serializer=NameField()),
        APIField("summary"),
        APIField("attachments", serializer=AttachmentsField()),
        APIField("related", serializer=RelatedDocumentsField()),
        APIField("body"),
    ]

    class Meta:
        verbose_name = _("văn bản")
        verbose_name_plural = _("văn bản")
        permissions = [("list_sector_wide", _("Đưa văn bản, thủ tục vào danh mục dùng chung toàn ngành"))]
        indexes = [models.Index(fields=["sector_wide", "issued_date"])]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.number_key = number_key(self.number)
        super().save(*args, **kwargs)

    def number_words(self):
        """The number as separate words ("43 2019 QH14"), so that "2019" or "QH14" alone find it."""
        return " ".join(re.split(r"[^0-9A-Za-zÀ-ỹĐđ]+", self.number or ""))

    @property
    def status(self):
        if self.status_override:
            return LegalStatus(self.status_override)
        return compute_status(self.issued_date, self.effective_date, self.expiry_date)

    @property
    def is_legislation(self):
        return self.document_type in LEGISLATION_TYPES

    def clean(self):
        super().clean()
        if self.number:
            self.number = " ".join(self.number.split())
            other = (
                same_document(LegalDocumentPage.objects, self.number, self.issuing_body_id, self.issued_date)
                .exclude(pk=self.pk)
                .first()
            )
            if other is not None:
                raise ValidationError(
                    {
                        "number": _(
                            "Văn bản số %(number)s của %(body)s đã có trong thư viện (“%(title)s”). "
                            "Mỗi văn bản chỉ lưu một lần; hãy sửa văn bản đó thay vì tạo bản mới."
                        )
                        % {"number": self.number, "body": self.issuing_body, "title": other.title}
                    }
                )
        if self.effective_date and self.issued_date and self.effective_date < self.issued_date:
            raise ValidationError({"effective_date": _("Ngày có hiệu lực không thể trước ngày ban hành.")})
        if self.expiry_date and self.effective_date and self.expiry_date <= self.effective_date:
            raise ValidationError({"expiry_date": _("Ngày hết hiệu lực phải sau ngày có hiệu lực.")})

    def search_text_parts(self):
        body_name = self.issuing_body.name if self.issuing_body_id else ""
        return [self.number, self.title, self.summary, body_name]

    def related_documents(self):
        """(label, document) pairs from both sides of every typed relation, live documents only."""
        outgoing = [
            (RelationType(r.relation_type).label, r.target)
            for r in self.relations.select_related("target").all()
            if r.target.live
        ]
        incoming = [
            (REVERSE_LABELS[r.relation_type], r.source)
            for r in DocumentRelation.objects.filter(target=self, source__live=True).select_related("source")
        ]
        return outgoing + incoming

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["document"] = self
        # The files with their documents in one query, however many a document has.
        context["attachments"] = self.attachments.select_related("attachment")
        return context


class RelationType(models.TextChoices):
    BASIS = "can-cu", _("Căn cứ")
    AMENDS = "sua-doi", _("Sửa đổi, bổ sung")
    REPLACES = "thay-the", _("Thay thế")
    GUIDES = "huong-dan", _("Hướng dẫn thi hành")


# How a relation reads from its target's side.
REVERSE_LABELS = {
    RelationType.BASIS: _("Là căn cứ của"),
    RelationType.AMENDS: _("Được sửa đổi, bổ sung bởi"),
    RelationType.REPLACES: _("Bị thay thế bởi"),
    RelationType.GUIDES: _("Được hướng dẫn bởi"),
}


class DocumentRelation(Orderable):
    source = ParentalKey(LegalDocumentPage, on_delete=models.CASCADE, related_name="relations")
    relation_type = models.CharField(_("quan hệ"), max_length=10, choices=RelationType.choices)
    target = models.ForeignKey(
        LegalDocumentPage, verbose_name=_("văn bản"), on_delete=models.CASCADE, related_name="incoming_relations"
    )

    panels = [FieldRowPanel(["relation_type", "target"])]

    class Meta(Orderable.Meta):
        verbose_name = _("văn bản liên quan")


class DocumentAttachment(Orderable):
    page = ParentalKey(LegalDocumentPage, on_delete=models.CASCADE, related_name="attachments")
    attachment = models.ForeignKey("home.Attachment", verbose_name=_("tệp"), on_delete=models.PROTECT, related_name="+")
    label = models.CharField(_("tên hiển thị"), max_length=255, blank=True)

    panels = ["attachment", "label"]

    class Meta(Orderable.Meta):
        verbose_name = _("tệp văn bản")


class LibraryFilters:
    """The query parameters of a list page, validated: unknown values are ignored."""

    def __init__(self, params, options):
        self.params = params
        self.values = {}
        for name, allowed in options.items():
            value = params.get(name, "")
            if value and (allowed is None or value in allowed):
                self.values[name] = value

    def get(self, name):
        return self.values.get(name, "")

    @property
    def active(self):
        return bool(self.values)


class SharedSectionMixin(RoutablePageMixin, StandardSectionMixin):
    """A section listing the sector's shared items, which it also renders in place under xem/<id>/."""

    item_model = None
    per_page = 20

    def visible_items(self):
        return self.item_model.objects.visible_from(self)

    @path("xem/<int:item_id>/")
    def shared_item(self, request, item_id):
        item = get_object_or_404(self.visible_items().specific(), pk=item_id)
        if item.path.startswith(self.path):
            return redirect(item.get_url(request), permanent=True)  # the site's own item has its own address
        context = item.get_context(request)
        context.update(page=self, shared_from=item.owner_unit)
        return TemplateResponse(request, item.get_template(request), context)

    def item_url(self, item, request):
        """Where this site shows an item: its own page, or the shared view under this section."""
        if item.path.startswith(self.path):
            return item.get_url(request)
        return self.get_url(request) + self.reverse_subpage("shared_item", args=[item.pk])


LIBRARY_VERSION_KEY = "sgddt:library-version"


def library_changed():
    """Bump the version that keys the cached filter options of every library (see signals.py)."""
    try:
        cache.incr(LIBRARY_VERSION_KEY)
    except ValueError:
        cache.set(LIBRARY_VERSION_KEY, 1, None)


class DocumentLibraryPage(SharedSectionMixin, Page):
    """Văn bản: the unit's documents and the sector's shared ones, with filters."""

    section_slug = "van-ban"
    intro = models.TextField(_("giới thiệu"), blank=True)
    item_model = LegalDocumentPage

    content_panels = Page.content_panels + ["intro"]
    subpage_types = ["legal_docs.LegalDocumentPage"]

    class Meta:
        verbose_name = _("thư viện văn bản")

    @path("")
    def library(self, request):
        return self.render(request)

    @path("rss/")
    def rss(self, request):
        from news.feeds import LibraryFeed

        return LibraryFeed()(request, library=self)

    @path("atom/")
    def atom(self, request):
        from news.feeds import AtomLibraryFeed

        return AtomLibraryFeed()(request, library=self)

    # The filter menus (issuing bodies, fields, years) scan every visible document;
    # they are cached until a document changes, or for a few minutes where the cache
    # is per process (no REDIS_URL), which bounds how stale a menu can be.
    filter_options_timeout = 300

    def filter_options(self, visible):
        from home.models import Topic

        version = cache.get_or_set(LIBRARY_VERSION_KEY, 1, None)

        def compute():
            bodies = list(
                IssuingBody.objects.filter(pk__in=visible.values("issuing_body")).order_by("sort_order", "name")
            )
            topics = list(Topic.objects.filter(pk__in=visible.exclude(topic=None).values("topic")))
            years = [d.year for d in visible.dates("issued_date", "year", order="DESC")]
            return bodies, topics, years

        key = f"sgddt:library-filters:{self.pk}:{version}"
        return cache.get_or_set(key, compute, self.filter_options_timeout)

    def get_context(self, request, *args, **kwargs):
        from django.core.paginator import Paginator

        context = super().get_context(request, *args, **kwargs)
        visible = self.visible_items()
        bodies, topics, years = self.filter_options(visible)
        filters = LibraryFilters(
            request.GET,
            {
                "loai": {t.value for t in DocumentType},
                "co-quan": {str(b.pk) for b in bodies},
                "linh-vuc": {t.slug for t in topics},
                "nam": {str(y) for y in years},
                "tinh-trang": {s.value for s in LegalStatus},
                "q": None,
                "sap-xep": {"cu-nhat"},
            },
        )
        documents = visible.for_listing()
        if filters.get("loai"):
            documents = documents.filter(document_type=filters.get("loai"))
        if filters.get("co-quan"):
            documents = documents.filter(issuing_body_id=filters.get("co-quan"))
        if filters.get("linh-vuc"):
            documents = documents.filter(topic__slug=filters.get("linh-vuc"))
        if filters.get("nam"):
            documents = documents.filter(issued_date__year=int(filters.get("nam")))
        if filters.get("tinh-trang"):
            documents = documents.with_status(filters.get("tinh-trang"))
        if filters.get("q"):
            documents = quick_search(documents, filters.get("q"))
        if filters.get("sap-xep") == "cu-nhat":
            documents = documents.order_by("issued_date", "pk")
        paginator = Paginator(documents, self.per_page)
        results = paginator.get_page(request.GET.get("trang"))
        for document in results:
            document.site_url = self.item_url(document, request)
        context.update(
            results=results,
            paginator=paginator,
            filters=filters,
            document_types=DocumentType.choices,
            issuing_bodies=bodies,
            topics=topics,
            years=years,
            statuses=LegalStatus.choices,
        )
        return context


def words_search(items, query):
    """Items whose text holds every word of the query, with or without accents."""
    by_words = Q()
    for word in fold(query).split():
        by_words &= Q(search_text__contains=word)
    return items.filter(by_words)


def quick_search(documents, query):
    """The library's quick box: a number ("22/2021", "3006/QD-UBND") or words, with or without accents."""
    if re.search(r"\d", query):
        return documents.filter(Q(number_key__contains=number_key(query)) | Q(pk__in=words_search(documents, query)))
    return words_search(documents, query)


# --- Administrative procedures ---------------------------------------------------


class ProcedureLevel(models.TextChoices):
    PROVINCE = "tinh", _("Cấp tỉnh")
    DISTRICT = "huyen", _("Cấp huyện")
    COMMUNE = "xa", _("Cấp xã")
    UNIT = "don-vi", _("Cấp đơn vị (trường học)")


class OnlineLevel(models.TextChoices):
    FULL = "toan-trinh", _("Dịch vụ công trực tuyến toàn trình")
    PARTIAL = "mot-phan", _("Dịch vụ công trực tuyến một phần")
    NONE = "khong", _("Chưa cung cấp trực tuyến")


class ProcedureQuerySet(SectorWideQuerySet):
    def for_listing(self):
        return self.select_related("topic").order_by("title")


ProcedureManager = PageManager.from_queryset(ProcedureQuerySet)


class ProcedurePage(SectorWideMixin, Page):
    """An administrative procedure, with the fields of the national procedures database."""

    code = models.CharField(_("mã thủ tục"), max_length=40, db_index=True, help_text=_("Ví dụ: 1.005090"))
    topic = models.ForeignKey(
        "home.Topic", verbose_name=_("lĩnh vực"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    level = models.CharField(_("cấp thực hiện"), max_length=8, choices=ProcedureLevel.choices, db_index=True)
    steps = RichTextField(_("trình tự thực hiện"), features=["bold", "italic", "ol", "ul", "link"])
    methods = StreamField([("method", SubmissionMethodBlock())], verbose_name=_("cách thức thực hiện"), blank=True)
    dossier = StreamField([("item", DossierItemBlock())], verbose_name=_("thành phần hồ sơ"), blank=True)
    dossier_copies = models.CharField(_("số lượng hồ sơ"), max_length=120, blank=True, default="01 bộ")
    processing_time = models.CharField(_("thời hạn giải quyết"), max_length=255)
    applicants = models.TextField(_("đối tượng thực hiện"))
    agency = models.CharField(_("cơ quan thực hiện"), max_length=255)
    result = models.TextField(_("kết quả thực hiện"))
    fees = models.TextField(_("phí, lệ phí"), blank=True, default="Không")
    requirements = RichTextField(
        _("yêu cầu, điều kiện thực hiện"), blank=True, features=["bold", "italic", "ol", "ul", "link"]
    )
    online_level = models.CharField(
        _("mức độ dịch vụ công trực tuyến"), max_length=12, choices=OnlineLevel.choices, default=OnlineLevel.NONE
    )
    public_service_url = models.URLField(
        _("địa chỉ nộp trên Cổng dịch vụ công"),
        blank=True,
        help_text=_("Đường dẫn tới thủ tục này trên Cổng dịch vụ công của tỉnh hoặc quốc gia."),
    )

    objects = ProcedureManager()

    content_panels = [
        FieldRowPanel(["code", "level"]),
        "title",
        "topic",
        MultiFieldPanel(["online_level", "public_service_url"], heading=_("Nộp trực tuyến")),
        "steps",
        "methods",
        MultiFieldPanel(["dossier", "dossier_copies"], heading=_("Hồ sơ")),
        FieldRowPanel(["processing_time", "agency"]),
        "applicants",
        "result",
        "fees",
        "requirements",
        InlinePanel("legal_basis", label=_("Căn cứ pháp lý"), heading=_("Căn cứ pháp lý (văn bản trong thư viện)")),
        InlinePanel("forms", label=_("Biểu mẫu"), heading=_("Biểu mẫu, tờ khai")),
        FieldPanel("listed_by_department", permission="legal_docs.list_sector_wide"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("code", boost=5),
        index.AutocompleteField("code"),
        index.SearchField("steps"),
        index.SearchField("result"),
        index.SearchField("agency"),
        index.FilterField("topic"),
        index.FilterField("level"),
        index.FilterField("sector_wide"),
    ]
    parent_page_types = ["legal_docs.ProcedureIndexPage"]
    subpage_types = []
    template = "legal_docs/procedure_page.html"
    api_fields = [
        APIField("unit", serializer=UnitCodeField()),
        APIField("code"),
        APIField("level"),
        APIField("topic", serializer=NameField()),
        APIField("online_level"),
        APIField("public_service_url"),
        APIField("steps"),
        APIField("methods"),
        APIField("dossier"),
        APIField("dossier_copies"),
        APIField("processing_time"),
        APIField("applicants"),
        APIField("agency"),
        APIField("result"),
        APIField("fees"),
        APIField("requirements"),
        APIField("legal_basis", serializer=LegalBasisField()),
        APIField("forms", serializer=AttachmentsField()),
    ]

    class Meta:
        verbose_name = _("thủ tục hành chính")
        verbose_name_plural = _("thủ tục hành chính")

    def __str__(self):
        return self.title

    def search_text_parts(self):
        return [self.code, self.title, self.agency]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["procedure"] = self
        context["legal_documents"] = [
            basis.document
            for basis in self.legal_basis.select_related("document", "document__issuing_body")
            if basis.document.live
        ]
        context["forms"] = self.forms.select_related("attachment")
        return context


class ProcedureLegalBasis(Orderable):
    procedure = ParentalKey(ProcedurePage, on_delete=models.CASCADE, related_name="legal_basis")
    document = models.ForeignKey(
        LegalDocumentPage, verbose_name=_("văn bản"), on_delete=models.CASCADE, related_name="procedures"
    )

    panels = ["document"]

    class Meta(Orderable.Meta):
        verbose_name = _("căn cứ pháp lý")


class ProcedureForm(Orderable):
    procedure = ParentalKey(ProcedurePage, on_delete=models.CASCADE, related_name="forms")
    attachment = models.ForeignKey("home.Attachment", verbose_name=_("tệp"), on_delete=models.PROTECT, related_name="+")
    label = models.CharField(_("tên biểu mẫu"), max_length=255, blank=True)

    panels = ["attachment", "label"]

    class Meta(Orderable.Meta):
        verbose_name = _("biểu mẫu")


class ProcedureIndexPage(SharedSectionMixin, Page):
    """Thủ tục hành chính: the procedures that apply to this unit, filterable by field and level."""

    section_slug = "thu-tuc-hanh-chinh"
    intro = models.TextField(_("giới thiệu"), blank=True)
    item_model = ProcedurePage

    content_panels = Page.content_panels + ["intro"]
    subpage_types = ["legal_docs.ProcedurePage"]

    class Meta:
        verbose_name = _("mục thủ tục hành chính")

    def get_context(self, request, *args, **kwargs):
        from django.core.paginator import Paginator

        from home.models import Topic

        context = super().get_context(request, *args, **kwargs)
        visible = self.visible_items()
        topics = Topic.objects.filter(pk__in=visible.exclude(topic=None).values("topic"))
        filters = LibraryFilters(
            request.GET,
            {"linh-vuc": {t.slug for t in topics}, "cap": {level.value for level in ProcedureLevel}, "q": None},
        )
        procedures = visible.for_listing()
        if filters.get("linh-vuc"):
            procedures = procedures.filter(topic__slug=filters.get("linh-vuc"))
        if filters.get("cap"):
            procedures = procedures.filter(level=filters.get("cap"))
        if filters.get("q"):
            procedures = words_search(procedures, filters.get("q"))
        paginator = Paginator(procedures, self.per_page)
        results = paginator.get_page(request.GET.get("trang"))
        for procedure in results:
            procedure.site_url = self.item_url(procedure, request)
        context.update(
            results=results, paginator=paginator, filters=filters, topics=topics, levels=ProcedureLevel.choices
        )
        return context


def section_for(request, item):
    """The current site's section that shows items of this kind (cached for the request).

    Both sections are found together, in one query with their fields deferred (their path and URL
    are all that is used), so a list mixing documents and procedures costs the same as any other.
    """
    section_model = DocumentLibraryPage if isinstance(item, LegalDocumentPage) else ProcedureIndexPage
    sections = request.__dict__.get("_sgddt_sections")
    if sections is None:
        sections = {}
        site = getattr(request, "_wagtail_site", None)
        if site is not None:
            pages = Page.objects.child_of(site.root_page).type(DocumentLibraryPage, ProcedureIndexPage)
            for page in pages.order_by("path").specific(defer=True):
                sections.setdefault(type(page), page)
        request._sgddt_sections = sections
    return sections.get(section_model)
