"""Lịch công tác (the leadership's weekly schedule) and Sự kiện (events) of each unit's site.

Both are Wagtail pages under the unit's home page, so the unit's page
permissions, its approval workflow, the page cache's invalidation on publish,
revisions and the search index apply to them as to news:

- WorkSchedulePage (/lich-cong-tac/) holds one WeekSchedulePage per week, whose
  entries (ScheduleEntry) are edited inline; the section shows a week at a time
  (`?tuan=2026-W48`), prints it (`?in=1`) and publishes an iCalendar feed.
- EventIndexPage (/su-kien/) holds EventPages; it shows a month at a time
  (`?thang=2026-12`) and publishes an iCalendar feed.
"""

import datetime
import unicodedata

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Coalesce
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, HelpPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page, PageManager, PageQuerySet
from wagtail.search import index

from home.blocks import BodyBlock
from home.models import StandardSectionMixin
from home.tabular import normalise_text

from . import periods
from .periods import Period

WEEKDAY_NAMES = [_("Thứ Hai"), _("Thứ Ba"), _("Thứ Tư"), _("Thứ Năm"), _("Thứ Sáu"), _("Thứ Bảy"), _("Chủ nhật")]
PERIOD_LABELS = {
    Period.ALL_DAY: _("Cả ngày"),
    Period.MORNING: _("Sáng"),
    Period.AFTERNOON: _("Chiều"),
    Period.EVENING: _("Tối"),
}


def next_monday():
    return periods.monday_of(periods.today()) + datetime.timedelta(days=7)


def week_title(monday):
    sunday = monday + datetime.timedelta(days=6)
    return _("Lịch công tác tuần %(week)s (%(start)s – %(end)s)") % {
        "week": monday.isocalendar()[1],
        "start": monday.strftime("%d/%m"),
        "end": sunday.strftime("%d/%m/%Y"),
    }


def week_slug(monday):
    return periods.iso_week(monday).lower()


def _multiline(value):
    """NFC and no blank lines around: text typed with combining diacritics is stored like precomposed."""
    return unicodedata.normalize("NFC", value or "").strip()


def ical_response(calendar, filename):
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


# --- Lịch công tác -------------------------------------------------------------------------------


class WorkSchedulePage(RoutablePageMixin, StandardSectionMixin, Page):
    """Lịch công tác: the unit leadership's schedule, one week at a time, with its iCalendar feed."""

    section_slug = "lich-cong-tac"
    intro = models.TextField(_("giới thiệu"), blank=True)

    content_panels = Page.content_panels + [
        "intro",
        HelpPanel(
            content=_(
                "Mỗi tuần là một trang con “Lịch công tác tuần” của mục này. Để lập lịch tuần sau, mở lịch "
                "tuần này và chọn “Sao chép sang tuần sau”, sửa rồi gửi duyệt."
            )
        ),
    ]
    subpage_types = ["schedule.WeekSchedulePage"]

    class Meta:
        verbose_name = _("mục lịch công tác")

    def week_page(self, monday):
        return (
            WeekSchedulePage.objects.child_of(self)
            .live()
            .public()
            .filter(week_start=monday)
            .prefetch_related("entries")
            .order_by("-last_published_at")
            .first()
        )

    @path("")
    def week_view(self, request):
        raw = request.GET.get("tuan", "")
        monday = periods.parse_week(raw) if raw else None
        invalid_week = bool(raw) and monday is None
        if monday is None:
            monday = periods.monday_of(periods.today())
        week_page = self.week_page(monday)
        context = week_context(self, monday, week_page)
        context["invalid_week"] = invalid_week
        if request.GET.get("in") == "1":
            return self.render(request, template="schedule/week_print.html", context_overrides=context)
        return self.render(request, context_overrides=context)

    @path("ical/")
    def ical(self, request):
        from .ical import schedule_calendar

        unit = getattr(request, "unit", None)
        return ical_response(schedule_calendar(self, unit, request), "lich-cong-tac.ics")


def week_context(section, monday, week_page, entries=None):
    """What the week view, the printable view and a week page's preview show."""
    if entries is None:
        entries = list(week_page.entries.all()) if week_page is not None else []
    by_day = {day: {period: [] for period in Period.ORDER} for day in periods.week_days(monday)}
    for entry in sorted(entries, key=ScheduleEntry.sort_key):
        if entry.date in by_day:
            by_day[entry.date][Period.of(entry.start_time)].append(entry)
    this_week = periods.monday_of(periods.today())
    return {
        "section": section,
        "monday": monday,
        "sunday": monday + datetime.timedelta(days=6),
        "week_number": monday.isocalendar()[1],
        "week_param": periods.iso_week(monday),
        "previous_week": periods.iso_week(monday - datetime.timedelta(days=7)),
        "next_week": periods.iso_week(monday + datetime.timedelta(days=7)),
        "is_this_week": monday == this_week,
        "this_week": periods.iso_week(this_week),
        "week_page": week_page,
        "has_entries": bool(entries),
        "days": [
            {
                "date": day,
                "name": WEEKDAY_NAMES[day.weekday()],
                "is_today": day == periods.today(),
                "periods": [(PERIOD_LABELS[period], items) for period, items in by_day[day].items() if items],
                "entry_count": sum(len(items) for items in by_day[day].values()),
            }
            for day in periods.week_days(monday)
        ],
    }


class WeekSchedulePageForm(WagtailAdminPageForm):
    """Title and address follow from the week; every entry must fall in that week."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("title", "slug"):
            if name in self.fields:
                self.fields[name].required = False

    def clean(self):
        cleaned_data = self.cleaned_data
        day = cleaned_data.get("week_start")
        if day:
            monday = periods.monday_of(day)
            cleaned_data["week_start"] = monday
            title = (cleaned_data.get("title") or "").strip()
            previous = self.instance.week_start if self.instance.pk else None
            if not title or (previous and title == week_title(previous)):  # left as it was made: follow the week
                cleaned_data["title"] = week_title(monday)
            cleaned_data["slug"] = week_slug(monday)
            parent = self.parent_page if self.instance.pk is None else self.instance.get_parent()
            siblings = WeekSchedulePage.objects.child_of(parent).filter(week_start=monday)
            if self.instance.pk:
                siblings = siblings.exclude(pk=self.instance.pk)
            if siblings.exists():
                self.add_error(
                    "week_start",
                    _("Đã có lịch công tác của tuần %(week)s (từ %(start)s). Hãy sửa lịch đó thay vì tạo lịch mới.")
                    % {"week": monday.isocalendar()[1], "start": monday.strftime("%d/%m/%Y")},
                )
                del cleaned_data["slug"]
            self._check_entry_dates(monday)
        return super().clean()

    def _check_entry_dates(self, monday):
        formset = self.formsets.get("entries")
        if formset is None or not formset.is_valid():
            return
        sunday = monday + datetime.timedelta(days=6)
        for form in formset.forms:
            data = getattr(form, "cleaned_data", None) or {}
            date = data.get("date")
            if date and not data.get("DELETE") and not monday <= date <= sunday:
                form.add_error(
                    "date",
                    _("Ngày này không thuộc tuần của lịch (từ %(start)s đến %(end)s).")
                    % {"start": monday.strftime("%d/%m/%Y"), "end": sunday.strftime("%d/%m/%Y")},
                )


class WeekSchedulePage(Page):
    """The schedule of one week (Monday–Sunday): its entries, edited in one form and approved together."""

    week_start = models.DateField(
        _("tuần"),
        default=next_monday,
        db_index=True,
        help_text=_("Chọn một ngày bất kỳ trong tuần; lịch tính từ thứ Hai đến Chủ nhật của tuần đó."),
    )
    note = models.TextField(
        _("ghi chú"), blank=True, help_text=_("Ghi chú chung của lịch tuần, hiện dưới bảng lịch (không bắt buộc).")
    )

    content_panels = [
        FieldPanel("week_start"),
        FieldPanel(
            "title",
            help_text=_("Để trống để tự đặt theo tuần, ví dụ “Lịch công tác tuần 49 (30/11 – 06/12/2026)”."),
        ),
        InlinePanel("entries", heading=_("Các công việc trong tuần"), label=_("Công việc"), min_num=1),
        FieldPanel("note"),
    ]
    base_form_class = WeekSchedulePageForm
    search_fields = Page.search_fields + [
        index.FilterField("week_start"),
        index.RelatedFields(
            "entries",
            [index.SearchField("content"), index.SearchField("place"), index.SearchField("leader")],
        ),
    ]
    parent_page_types = ["schedule.WorkSchedulePage"]
    subpage_types = []
    template = "schedule/week_schedule_page.html"

    class Meta:
        verbose_name = _("lịch công tác tuần")
        verbose_name_plural = _("lịch công tác tuần")

    def _fill_from_week(self):
        if self.week_start:
            self.week_start = periods.monday_of(self.week_start)
            if not self.title:
                self.title = week_title(self.week_start)
            if not self.slug:
                self.slug = week_slug(self.week_start)

    def full_clean(self, *args, **kwargs):
        self._fill_from_week()
        super().full_clean(*args, **kwargs)

    def minimal_clean(self):
        self._fill_from_week()
        super().minimal_clean()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(week_context(self.get_parent(), self.week_start, self, list(self.entries.all())))
        return context


class ScheduleEntry(Orderable):
    """One item of the week's schedule: when, what, where, who leads, who attends, who prepares."""

    page = ParentalKey(WeekSchedulePage, on_delete=models.CASCADE, related_name="entries")
    date = models.DateField(_("ngày"))
    start_time = models.TimeField(_("giờ bắt đầu"), null=True, blank=True, help_text=_("Để trống nếu cả ngày."))
    end_time = models.TimeField(_("giờ kết thúc"), null=True, blank=True)
    content = models.TextField(_("nội dung"))
    place = models.CharField(_("địa điểm"), max_length=255, blank=True)
    leader = models.CharField(_("chủ trì"), max_length=255, blank=True)
    participants = models.TextField(_("thành phần"), blank=True)
    preparation = models.CharField(_("chuẩn bị"), max_length=255, blank=True)

    panels = [
        FieldRowPanel(["date", "start_time", "end_time"]),
        FieldPanel("content"),
        FieldRowPanel(["place", "leader"]),
        FieldPanel("participants"),
        FieldPanel("preparation"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("công việc")
        verbose_name_plural = _("công việc")

    def __str__(self):
        return self.content

    @staticmethod
    def sort_key(entry):
        return (entry.date, entry.start_time is not None, entry.start_time or datetime.time.min, entry.sort_order or 0)

    def clean(self):
        super().clean()
        self.content = _multiline(self.content)
        self.participants = _multiline(self.participants)
        self.place = normalise_text(self.place)
        self.leader = normalise_text(self.leader)
        self.preparation = normalise_text(self.preparation)
        if self.end_time and not self.start_time:
            raise ValidationError({"start_time": _("Có giờ kết thúc thì phải có giờ bắt đầu.")})
        if self.end_time and self.start_time and self.end_time <= self.start_time:
            raise ValidationError({"end_time": _("Giờ kết thúc phải sau giờ bắt đầu.")})

    @property
    def period(self):
        return Period.of(self.start_time)


# --- Sự kiện -------------------------------------------------------------------------------------


class EventPageQuerySet(PageQuerySet):
    def with_last_day(self):
        return self.annotate(last_day=Coalesce("end_date", "start_date"))

    def between(self, first_day, last_day):
        """Events that take place (at least partly) between these two dates, inclusive."""
        return (
            self.with_last_day()
            .filter(start_date__lte=last_day, last_day__gte=first_day)
            .order_by("start_date", "start_time", "pk")
        )

    def upcoming(self, day):
        return self.with_last_day().filter(last_day__gte=day).order_by("start_date", "start_time", "pk")


EventPageManager = PageManager.from_queryset(EventPageQuerySet)


class EventIndexPage(RoutablePageMixin, StandardSectionMixin, Page):
    """Sự kiện: the unit's events month by month (ceremonies, exams, enrolment dates), with its feed."""

    section_slug = "su-kien"
    intro = models.TextField(_("giới thiệu"), blank=True)

    content_panels = Page.content_panels + ["intro"]
    subpage_types = ["schedule.EventPage"]

    class Meta:
        verbose_name = _("mục sự kiện")

    @path("")
    def month_view(self, request):
        raw = request.GET.get("thang", "")
        first_day = periods.parse_month(raw) if raw else None
        invalid_month = bool(raw) and first_day is None
        if first_day is None:
            first_day = periods.today().replace(day=1)
        last_day = periods.last_day_of_month(first_day)
        events = list(EventPage.objects.child_of(self).live().public().between(first_day, last_day))
        return self.render(
            request,
            context_overrides={
                "invalid_month": invalid_month,
                "first_day": first_day,
                "last_day": last_day,
                "month_param": periods.month_param(first_day),
                "previous_month": periods.month_param(periods.previous_month(first_day)),
                "next_month": periods.month_param(periods.next_month(first_day)),
                "is_this_month": first_day == periods.today().replace(day=1),
                "events": events,
            },
        )

    @path("ical/")
    def ical(self, request):
        from .ical import events_calendar

        unit = getattr(request, "unit", None)
        return ical_response(events_calendar(self, unit, request), "su-kien.ics")


class EventPage(Page):
    """An event (sự kiện): a ceremony, an exam, an enrolment period… all day or at set times."""

    start_date = models.DateField(_("ngày bắt đầu"), default=periods.today, db_index=True)
    start_time = models.TimeField(_("giờ bắt đầu"), null=True, blank=True, help_text=_("Để trống nếu cả ngày."))
    end_date = models.DateField(
        _("ngày kết thúc"), null=True, blank=True, help_text=_("Để trống nếu sự kiện diễn ra trong một ngày.")
    )
    end_time = models.TimeField(_("giờ kết thúc"), null=True, blank=True)
    place = models.CharField(_("địa điểm"), max_length=255, blank=True)
    lead = models.TextField(_("tóm tắt"), max_length=600, blank=True, help_text=_("Một hai câu, hiện trong lịch."))
    body = StreamField(BodyBlock(), verbose_name=_("nội dung chi tiết"), blank=True)

    objects = EventPageManager()

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldRowPanel(["start_date", "start_time"]),
                FieldRowPanel(["end_date", "end_time"]),
                FieldPanel("place"),
            ],
            heading=_("Thời gian và địa điểm"),
        ),
        FieldPanel("lead"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("lead"),
        index.SearchField("place"),
        index.SearchField("body"),
        index.FilterField("start_date"),
    ]
    parent_page_types = ["schedule.EventIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("sự kiện")
        verbose_name_plural = _("sự kiện")

    @property
    def last_date(self):
        return self.end_date or self.start_date

    @property
    def is_all_day(self):
        return self.start_time is None

    @property
    def is_multi_day(self):
        return self.last_date != self.start_date

    def clean(self):
        super().clean()
        self.place = normalise_text(self.place)
        self.lead = _multiline(self.lead)
        errors = {}
        if self.end_date and self.start_date and self.end_date < self.start_date:
            errors["end_date"] = _("Ngày kết thúc không thể trước ngày bắt đầu.")
        if self.end_time and not self.start_time:
            errors["start_time"] = _("Có giờ kết thúc thì phải có giờ bắt đầu.")
        elif (
            self.end_time and self.start_time and self.last_date == self.start_date and self.end_time <= self.start_time
        ):
            errors["end_time"] = _("Giờ kết thúc phải sau giờ bắt đầu.")
        if errors:
            raise ValidationError(errors)
