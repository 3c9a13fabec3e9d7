"""Hỏi đáp: citizens' questions to a unit and the unit's published answers.

A `Question` holds what the person sent, personal data included; it is never
indexed, listed publicly or served by the API. Publishing an answer creates an
`AnsweredQuestionPage` that carries only the public wording of the question and
the answer: search, sitemaps, feeds and the API see that page, never the
question itself.
"""

import secrets

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from api.serializers import NameField
from home.models import StandardSectionMixin

# Tracking codes avoid letters and digits people confuse (0/O, 1/I/L) when reading them out.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 10


def new_tracking_code():
    return "HD-" + "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def private_storage():
    return storages["private"]


class QuestionIndexPage(RoutablePageMixin, StandardSectionMixin, Page):
    """Hỏi đáp: published answers (the department's lists the whole sector), the form and the status lookup."""

    section_slug = "hoi-dap"
    intro = models.TextField(_("giới thiệu"), blank=True)
    per_page = 10

    content_panels = Page.content_panels + ["intro"]
    subpage_types = ["questions.AnsweredQuestionPage"]

    class Meta:
        verbose_name = _("mục hỏi đáp")

    @path("")
    def answered(self, request):
        from .views import answered_list

        return answered_list(request, self)

    @path("gui-cau-hoi/")
    def ask(self, request):
        from .views import ask

        return ask(request, self)

    @path("gui-cau-hoi/da-gui/")
    def sent(self, request):
        from .views import sent

        return sent(request, self)

    @path("tra-cuu/")
    def lookup(self, request):
        from .views import lookup

        return lookup(request, self)


class AnsweredQuestionPage(Page):
    """A published question and its answer: public wording only, never the asker's personal data."""

    question_text = models.TextField(_("nội dung câu hỏi (bản công bố)"))
    answer = RichTextField(_("trả lời"), features=["bold", "italic", "ol", "ul", "link", "document-link"])
    topic = models.ForeignKey(
        "home.Topic", verbose_name=_("lĩnh vực"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    asked_on = models.DateField(_("ngày hỏi"))
    answered_on = models.DateField(_("ngày trả lời"))

    content_panels = Page.content_panels + ["topic", "question_text", "answer", "asked_on", "answered_on"]
    search_fields = Page.search_fields + [
        index.SearchField("question_text"),
        index.SearchField("answer"),
        index.FilterField("topic"),
        index.FilterField("answered_on"),
    ]
    api_fields = [
        APIField("topic", serializer=NameField()),
        APIField("question_text"),
        APIField("answer"),
        APIField("asked_on"),
        APIField("answered_on"),
    ]
    parent_page_types = ["questions.QuestionIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("câu hỏi đã trả lời")
        verbose_name_plural = _("câu hỏi đã trả lời")


class QuestionStatus(models.TextChoices):
    NEW = "moi", _("Mới")
    ASSIGNED = "da-phan-cong", _("Đã phân công")
    ANSWERED = "da-tra-loi", _("Đã trả lời")
    PUBLISHED = "da-cong-bo", _("Đã công bố")
    REJECTED = "tu-choi", _("Từ chối")


OPEN_STATUSES = (QuestionStatus.NEW, QuestionStatus.ASSIGNED)


class QuestionQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def overdue(self, now=None):
        now = now or timezone.now()
        return self.open().filter(created_at__lt=now - timezone.timedelta(days=settings.QUESTION_DUE_DAYS))


class Question(models.Model):
    """A citizen's question, held by one unit at a time (the one whose site received it, or where it was sent)."""

    code = models.CharField(_("mã tra cứu"), max_length=20, unique=True, default=new_tracking_code, editable=False)
    unit = models.ForeignKey(
        "schoolsite.Unit", verbose_name=_("đơn vị xử lý"), on_delete=models.PROTECT, related_name="questions"
    )
    received_by = models.ForeignKey(
        "schoolsite.Unit", verbose_name=_("đơn vị nhận"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=QuestionStatus.choices, default=QuestionStatus.NEW, db_index=True
    )
    # Personal data: shown only to staff of the holding unit; erased after QUESTION_RETENTION_DAYS.
    asker_name = models.CharField(_("họ và tên"), max_length=120)
    asker_email = models.EmailField(_("thư điện tử"), blank=True)
    asker_phone = models.CharField(_("điện thoại"), max_length=20, blank=True)
    attachment = models.FileField(
        _("tệp đính kèm"), upload_to="hoi-dap/%Y/%m/", storage=private_storage, blank=True, max_length=255
    )
    topic = models.ForeignKey(
        "home.Topic", verbose_name=_("lĩnh vực"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    title = models.CharField(_("tiêu đề"), max_length=200)
    body = models.TextField(_("nội dung câu hỏi"))
    answer = RichTextField(_("trả lời"), blank=True, features=["bold", "italic", "ol", "ul", "link"])
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người trả lời"), null=True, blank=True, on_delete=models.SET_NULL
    )
    answered_at = models.DateTimeField(_("thời điểm trả lời"), null=True, blank=True)
    rejection_reason = models.TextField(_("lý do từ chối"), blank=True)
    published_page = models.OneToOneField(
        AnsweredQuestionPage,
        verbose_name=_("bài công bố"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="question",
    )
    created_at = models.DateTimeField(_("thời điểm gửi"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("cập nhật"), auto_now=True)
    personal_data_erased_at = models.DateTimeField(_("đã xoá dữ liệu cá nhân lúc"), null=True, blank=True)

    objects = QuestionQuerySet.as_manager()

    class Meta:
        verbose_name = _("câu hỏi")
        verbose_name_plural = _("câu hỏi")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["unit", "status", "created_at"])]
        permissions = [("answer_question", _("Xử lý và trả lời câu hỏi của người dân"))]

    def __str__(self):
        # Only the code: this label is copied into the audit log, which must not keep what people wrote.
        return self.code

    @property
    def waiting_days(self):
        end = self.answered_at or timezone.now()
        return (end - self.created_at).days

    @property
    def public_status(self):
        """The status as the asker reads it: a transfer between units is still "being handled"."""
        return {
            QuestionStatus.NEW: _("Đang xử lý"),
            QuestionStatus.ASSIGNED: _("Đang xử lý"),
            QuestionStatus.ANSWERED: _("Đã trả lời"),
            QuestionStatus.PUBLISHED: _("Đã trả lời và công bố"),
            QuestionStatus.REJECTED: _("Không tiếp nhận"),
        }[self.status]

    @property
    def is_answered(self):
        return self.status in (QuestionStatus.ANSWERED, QuestionStatus.PUBLISHED) and bool(self.answer)

    @property
    def is_overdue(self):
        return self.status in OPEN_STATUSES and self.waiting_days >= settings.QUESTION_DUE_DAYS

    @cached_property
    def history(self):
        from wagtail.models import ModelLogEntry

        return list(ModelLogEntry.objects.for_instance(self).select_related("user").order_by("timestamp"))
