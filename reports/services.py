"""Reports on how every unit uses the portal: activity, moderation, questions, page views.

Each report is a `Report` of tables (rows of plain values with typed columns)
and charts, computed for a month, the units a person may see and optional
filters. Figures are aggregated per unit with one query per measure, grouping
pages by the first segment of their tree path (a unit's home page), so a report
over 660 units costs the same number of queries as one over a single unit.
"""

import datetime
import re
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Max, Sum
from django.db.models.functions import Substr, TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.documents import get_document_model
from wagtail.models import Page, PageLogEntry, TaskState

from home.models import Topic
from legal_docs.models import LegalDocumentPage
from moderation.models import DepartmentReview, ReviewStatus
from news.models import NewsPage
from questions.models import Question, QuestionStatus
from schoolsite.models import DEPARTMENT_CODE, HOME_PATH_LENGTH, Unit, UnitRole, UnitType

from .models import PageViewDay

STALE_DAYS = 30
EDITING_ACTIONS = ["wagtail.create", "wagtail.edit", "wagtail.publish", "wagtail.workflow.start"]


# --- Period, filters, scope ---------------------------------------------------------


class PeriodError(ValueError):
    pass


@dataclass(frozen=True)
class Period:
    """A calendar month, in the portal's time zone."""

    year: int
    month: int

    @classmethod
    def parse(cls, value):
        match = re.fullmatch(r"(\d{4})-(\d{1,2})", (value or "").strip())
        if not match or not 1 <= int(match[2]) <= 12:
            raise PeriodError(_("Kỳ báo cáo “%(value)s” không đúng dạng NĂM-THÁNG, ví dụ 2026-10.") % {"value": value})
        return cls(int(match[1]), int(match[2]))

    @classmethod
    def last_month(cls, today=None):
        first = (today or timezone.localdate()).replace(day=1) - datetime.timedelta(days=1)
        return cls(first.year, first.month)

    @property
    def first_day(self):
        return datetime.date(self.year, self.month, 1)

    @property
    def next_first_day(self):
        return datetime.date(self.year + self.month // 12, self.month % 12 + 1, 1)

    @property
    def last_day(self):
        return self.next_first_day - datetime.timedelta(days=1)

    @property
    def start(self):
        return _aware(self.first_day)

    @property
    def end(self):
        return _aware(self.next_first_day)

    def months_back(self, count):
        """This month and the `count - 1` before it, oldest first."""
        months, year, month = [], self.year, self.month
        for _i in range(count):
            months.append(Period(year, month))
            year, month = (year - 1, 12) if month == 1 else (year, month - 1)
        return months[::-1]

    def __str__(self):
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def label(self):
        return _("tháng %(month)02d/%(year)d") % {"month": self.month, "year": self.year}


def _aware(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def reportable_units(user):
    """Department staff and portal administrators: every unit; a unit's administrators: their unit."""
    if not user.is_active:
        return Unit.objects.none()
    if user.is_superuser or Unit.objects.filter(code=DEPARTMENT_CODE, groups__group__user=user).exists():
        return Unit.objects.all()
    return Unit.objects.filter(groups__role=UnitRole.ADMIN, groups__group__user=user).distinct()


@dataclass
class Filters:
    district: str = ""
    unit_type: str = ""
    unit_code: str = ""

    def apply(self, units):
        if self.district:
            units = units.filter(district=self.district)
        if self.unit_type:
            units = units.filter(unit_type=self.unit_type)
        if self.unit_code:
            units = units.filter(code=self.unit_code)
        return units

    def describe(self):
        parts = []
        if self.unit_type:
            parts.append(str(dict(UnitType.choices).get(self.unit_type, self.unit_type)))
        if self.district:
            parts.append(self.district)
        if self.unit_code:
            parts.append(Unit.objects.filter(code=self.unit_code).values_list("name", flat=True).first() or "")
        return ", ".join(parts) or _("tất cả đơn vị")


# --- The report structure -----------------------------------------------------------


@dataclass
class Column:
    key: str
    label: str
    kind: str = "int"  # text, int, float, date, bool, url


@dataclass
class Table:
    title: str
    columns: list
    rows: list  # of dicts keyed by column key

    def display_rows(self):
        """(row is flagged, [(text, kind)…]) per row, formatted as Vietnamese readers write numbers and dates."""
        for row in self.rows:
            yield row.get("stale", False), [(_display(row.get(c.key), c.kind), c.kind) for c in self.columns]


def _display(value, kind):
    if kind == "bool":
        return _("Có") if value else _("Không")
    if value is None or value == "":
        return "—" if kind in ("int", "float", "date") else ""
    if kind == "date":
        return value.strftime("%d/%m/%Y")
    if kind == "float":
        return f"{value:.1f}".replace(".", ",")
    if kind == "int":
        return f"{value:,}".replace(",", ".")
    return str(value)


@dataclass
class Chart:
    title: str
    bars: list  # of (label, value)
    unit_label: str = ""
    horizontal: bool = False


@dataclass
class QueryCounter:
    """Counts the statements a block sends to the database (for tests and benchmarks, whatever DEBUG is)."""

    count: int = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)

    def __enter__(self):
        from django.db import connection

        self._wrapper = connection.execute_wrapper(self)
        self._wrapper.__enter__()
        return self

    def __exit__(self, *exc):
        self._wrapper.__exit__(*exc)


@dataclass
class Report:
    name: str
    title: str
    period: Period
    scope: str
    tables: list = field(default_factory=list)
    charts: list = field(default_factory=list)
    generated_at: datetime.datetime = field(default_factory=timezone.now)
    note: str = ""  # a line under the period in the admin (e.g. which school year a month stands for)

    @property
    def filename(self):
        return f"bao-cao-{self.name}-{self.period}"


def _unit_columns():
    return [
        Column("unit", _("Đơn vị"), "text"),
        Column("district", _("Huyện/thị xã/thành phố"), "text"),
        Column("unit_type", _("Loại"), "text"),
    ]


def _unit_cells(unit):
    return {"unit": unit.name, "district": unit.district, "unit_type": unit.type_label}


def _units(units):
    """The active units of the scope, with only what the reports read (660 of them load in a few ms)."""
    units = list(
        units.filter(is_active=True)
        .exclude(home_page=None)
        .select_related("home_page", "site")
        .only(
            "code", "name", "district", "unit_type", "collection_id", "home_page__path", "home_page__url_path",
            "site__hostname", "site__port",
        )
        .order_by("name")
    )  # fmt: skip
    type_labels = {value: str(label) for value, label in UnitType.choices}  # translated once, not per row
    for unit in units:
        unit.type_label = type_labels.get(unit.unit_type, unit.unit_type)
    return units


def _by_home(queryset, path_field, units, **aggregate):
    """{unit pk: aggregate} for the queryset grouped by the unit whose tree holds each row."""
    by_path = {unit.home_page.path: unit.pk for unit in units}
    rows = (
        queryset.annotate(home=Substr(path_field, 1, HOME_PATH_LENGTH))
        .filter(home__in=list(by_path))
        .order_by()  # tree querysets are ordered by path, which would split the groups
        .values("home")
        .annotate(**aggregate)
    )
    name = next(iter(aggregate))
    return {by_path[row["home"]]: row[name] for row in rows}


def _median_days(deltas):
    days = [delta.total_seconds() / 86400 for delta in deltas]
    return round(statistics.median(days), 1) if days else None


def _content_type(model):
    return ContentType.objects.get_for_model(model, for_concrete_model=False)


# --- Activity -----------------------------------------------------------------------


def activity(units, period, now=None):
    now = now or timezone.now()
    units = _units(units)
    unit_ids = [unit.pk for unit in units]
    reference = min(now, period.end)
    published = Page.objects.filter(first_published_at__gte=period.start, first_published_at__lt=period.end)
    news_ct, documents_ct = _content_type(NewsPage), _content_type(LegalDocumentPage)
    news = _by_home(published.filter(content_type=news_ct), "path", units, n=Count("pk"))
    documents = _by_home(published.filter(content_type=documents_ct), "path", units, n=Count("pk"))
    other = _by_home(published.exclude(content_type__in=[news_ct, documents_ct]), "path", units, n=Count("pk"))
    last_update = _by_home(
        Page.objects.filter(live=True, last_published_at__lt=reference), "path", units, last=Max("last_published_at")
    )
    editors = _by_home(
        PageLogEntry.objects.filter(
            timestamp__gte=period.start, timestamp__lt=period.end, action__in=EDITING_ACTIONS, user__isnull=False
        ),
        "page__path",
        units,
        n=Count("user", distinct=True),
    )
    files = _files_added(units, period)
    pending = _pending_moderation(units, now)
    questions = _question_figures(unit_ids, period, now)
    views = dict(
        PageViewDay.objects.filter(unit__in=unit_ids, date__gte=period.first_day, date__lte=period.last_day)
        .values("unit")
        .annotate(n=Sum("views"))
        .values_list("unit", "n")
    )
    stale_before = reference - datetime.timedelta(days=STALE_DAYS)
    rows = []
    for unit in units:
        last = last_update.get(unit.pk)
        waiting = pending.get(unit.pk, [])
        q = questions.get(unit.pk, {})
        rows.append(
            {
                **_unit_cells(unit),
                "news": news.get(unit.pk, 0),
                "documents": documents.get(unit.pk, 0),
                "other_pages": other.get(unit.pk, 0),
                "last_update": timezone.localtime(last).date() if last else None,
                "stale": last is None or last < stale_before,
                "editors": editors.get(unit.pk, 0),
                "files": files.get(unit.pk, 0),
                "pending": len(waiting),
                "pending_median_days": _median_days(waiting),
                "questions_received": q.get("received", 0),
                "questions_answered": q.get("answered", 0),
                "questions_overdue": q.get("overdue", 0),
                "answer_median_days": q.get("median"),
                "views": views.get(unit.pk, 0),
            }
        )
    columns = _unit_columns() + [
        Column("news", _("Tin bài đăng mới")),
        Column("documents", _("Văn bản đăng mới")),
        Column("other_pages", _("Trang khác đăng mới")),
        Column("last_update", _("Cập nhật gần nhất"), "date"),
        Column("stale", _("Không đăng bài trong %(days)d ngày") % {"days": STALE_DAYS}, "bool"),
        Column("editors", _("Người biên tập hoạt động")),
        Column("files", _("Tệp tải lên")),
        Column("pending", _("Đang chờ duyệt")),
        Column("pending_median_days", _("Thời gian chờ duyệt (trung vị, ngày)"), "float"),
        Column("questions_received", _("Câu hỏi nhận")),
        Column("questions_answered", _("Câu hỏi đã trả lời")),
        Column("questions_overdue", _("Câu hỏi quá hạn")),
        Column("answer_median_days", _("Thời gian trả lời (trung vị, ngày)"), "float"),
        Column("views", _("Lượt xem")),
    ]
    report = Report("activity", _("Hoạt động của các đơn vị"), period, "")
    report.tables.append(Table(_("Theo đơn vị"), columns, rows))
    report.tables.append(_by_topic(units, period))
    report.charts.append(_publications_per_month(units, period))
    return report


def _files_added(units, period):
    by_collection = {unit.collection_id: unit.pk for unit in units if unit.collection_id}
    rows = (
        get_document_model()
        .objects.filter(created_at__gte=period.start, created_at__lt=period.end, collection__in=list(by_collection))
        .values("collection")
        .annotate(n=Count("pk"))
    )
    return {by_collection[row["collection"]]: row["n"] for row in rows}


def _page_tasks():
    return TaskState.objects.filter(workflow_state__base_content_type=ContentType.objects.get_for_model(Page))


def _pending_moderation(units, now):
    """{unit pk: [waiting time of each page waiting for the unit's approval]}."""
    by_path = {unit.home_page.path: unit.pk for unit in units}
    waiting = defaultdict(list)
    for path, started in (
        _page_tasks().filter(status=TaskState.STATUS_IN_PROGRESS).values_list("workflow_state__object_id", "started_at")
    ):
        waiting[path].append(started)
    if not waiting:
        return {}
    paths = dict(Page.objects.filter(pk__in=[int(pk) for pk in waiting]).values_list("pk", "path"))
    result = defaultdict(list)
    for page_id, started_list in waiting.items():
        unit_pk = by_path.get(paths.get(int(page_id), "")[:HOME_PATH_LENGTH])
        if unit_pk is not None:
            result[unit_pk] += [now - started for started in started_list]
    return result


def _question_figures(unit_ids, period, now):
    questions = Question.objects.filter(unit__in=unit_ids)
    figures = defaultdict(dict)
    for unit, n in (
        questions.filter(created_at__gte=period.start, created_at__lt=period.end)
        .values("unit")
        .annotate(n=Count("pk"))
        .values_list("unit", "n")
    ):
        figures[unit]["received"] = n
    answer_times = defaultdict(list)
    for unit, created, answered in questions.filter(
        answered_at__gte=period.start, answered_at__lt=period.end
    ).values_list("unit", "created_at", "answered_at"):
        answer_times[unit].append(answered - created)
    for unit, times in answer_times.items():
        figures[unit]["answered"] = len(times)
        figures[unit]["median"] = _median_days(times)
    for unit, n in questions.overdue(now).values("unit").annotate(n=Count("pk")).values_list("unit", "n"):
        figures[unit]["overdue"] = n
    return figures


def _by_topic(units, period):
    paths = [unit.home_page.path for unit in units]
    counts = Counter()
    for model in (NewsPage, LegalDocumentPage):
        rows = (
            model.objects.filter(first_published_at__gte=period.start, first_published_at__lt=period.end)
            .annotate(home=Substr("path", 1, HOME_PATH_LENGTH))
            .filter(home__in=paths)
            .order_by()
            .values("topic")
            .annotate(n=Count("pk"))
            .values_list("topic", "n")
        )
        for topic, n in rows:
            counts[topic] += n
    names = dict(Topic.objects.values_list("pk", "name"))
    rows = [
        {"topic": names.get(topic, _("(chưa chọn lĩnh vực)")), "count": n}
        for topic, n in sorted(counts.items(), key=lambda item: (-item[1], names.get(item[0], "")))
    ]
    return Table(
        _("Tin bài và văn bản đăng mới theo lĩnh vực"),
        [Column("topic", _("Lĩnh vực"), "text"), Column("count", _("Số bài"))],
        rows,
    )


def _publications_per_month(units, period):
    months = period.months_back(12)
    paths = [unit.home_page.path for unit in units]
    rows = (
        Page.objects.filter(first_published_at__gte=months[0].start, first_published_at__lt=period.end)
        .annotate(home=Substr("path", 1, HOME_PATH_LENGTH), month=TruncMonth("first_published_at"))
        .filter(home__in=paths)
        .order_by()
        .values("month")
        .annotate(n=Count("pk"))
        .values_list("month", "n")
    )
    counts = {(timezone.localtime(m) if timezone.is_aware(m) else m).strftime("%Y-%m"): n for m, n in rows}
    return Chart(
        _("Số bài đăng mới mỗi tháng"),
        [(f"{m.month:02d}/{m.year % 100:02d}", counts.get(str(m), 0)) for m in months],
        _("bài"),
    )


# --- Moderation ---------------------------------------------------------------------


def moderation(units, period, now=None):
    now = now or timezone.now()
    units = _units(units)
    unit_ids = [unit.pk for unit in units]
    finished = _page_tasks().filter(finished_at__gte=period.start, finished_at__lt=period.end)
    by_path = {unit.home_page.path: unit.pk for unit in units}
    page_paths = {}

    def unit_of(page_ids):
        missing = [pk for pk in page_ids if pk not in page_paths]
        page_paths.update(Page.objects.filter(pk__in=missing).values_list("pk", "path"))
        return {pk: by_path.get(page_paths.get(pk, "")[:HOME_PATH_LENGTH]) for pk in page_ids}

    submitted = Counter()
    started_rows = list(
        _page_tasks()
        .filter(started_at__gte=period.start, started_at__lt=period.end)
        .values_list("workflow_state__object_id", flat=True)
    )
    owners = unit_of([int(pk) for pk in started_rows])
    for pk in started_rows:
        submitted[owners[int(pk)]] += 1
    decided = defaultdict(Counter)
    decision_times = defaultdict(list)
    finished_rows = list(finished.values_list("workflow_state__object_id", "status", "started_at", "finished_at"))
    owners = unit_of([int(row[0]) for row in finished_rows])
    for page_id, status, started, ended in finished_rows:
        unit = owners[int(page_id)]
        decided[unit][status] += 1
        if status in (TaskState.STATUS_APPROVED, TaskState.STATUS_REJECTED):
            decision_times[unit].append(ended - started)
    pending = _pending_moderation(units, now)
    reviews = DepartmentReview.objects.filter(unit__in=unit_ids)
    sent_up = Counter(
        reviews.filter(submitted_at__gte=period.start, submitted_at__lt=period.end).values_list("unit", flat=True)
    )
    review_decisions = defaultdict(Counter)
    for unit, status in reviews.filter(decided_at__gte=period.start, decided_at__lt=period.end).values_list(
        "unit", "status"
    ):
        review_decisions[unit][status] += 1
    reviews_pending = Counter(reviews.filter(status=ReviewStatus.PENDING).values_list("unit", flat=True))
    rows = []
    for unit in units:
        waiting = pending.get(unit.pk, [])
        rows.append(
            {
                **_unit_cells(unit),
                "submitted": submitted.get(unit.pk, 0),
                "approved": decided[unit.pk][TaskState.STATUS_APPROVED],
                "rejected": decided[unit.pk][TaskState.STATUS_REJECTED],
                "decision_median_days": _median_days(decision_times.get(unit.pk, [])),
                "pending": len(waiting),
                "pending_median_days": _median_days(waiting),
                "sent_up": sent_up.get(unit.pk, 0),
                "department_approved": review_decisions[unit.pk][ReviewStatus.APPROVED],
                "department_returned": review_decisions[unit.pk][ReviewStatus.REJECTED],
                "department_pending": reviews_pending.get(unit.pk, 0),
            }
        )
    columns = _unit_columns() + [
        Column("submitted", _("Gửi duyệt")),
        Column("approved", _("Được duyệt")),
        Column("rejected", _("Bị trả lại")),
        Column("decision_median_days", _("Thời gian duyệt (trung vị, ngày)"), "float"),
        Column("pending", _("Đang chờ duyệt")),
        Column("pending_median_days", _("Đã chờ (trung vị, ngày)"), "float"),
        Column("sent_up", _("Gửi lên Cổng Sở")),
        Column("department_approved", _("Sở duyệt")),
        Column("department_returned", _("Sở trả lại")),
        Column("department_pending", _("Chờ Sở duyệt")),
    ]
    report = Report("moderation", _("Kiểm duyệt nội dung"), period, "")
    report.tables.append(Table(_("Theo đơn vị"), columns, rows))
    backlog = sorted(
        (
            (row["unit"], row["pending"] + row["department_pending"])
            for row in rows
            if row["pending"] or row["department_pending"]
        ),
        key=lambda bar: -bar[1],
    )[:15]
    report.charts.append(Chart(_("Tồn đọng chờ duyệt (hiện tại)"), backlog, _("mục"), horizontal=True))
    return report


# --- Questions ----------------------------------------------------------------------


def questions(units, period, now=None):
    now = now or timezone.now()
    units = _units(units)
    unit_ids = [unit.pk for unit in units]
    figures = _question_figures(unit_ids, period, now)
    held = Question.objects.filter(unit__in=unit_ids)
    by_status = defaultdict(Counter)
    for unit, status, n in held.values("unit", "status").annotate(n=Count("pk")).values_list("unit", "status", "n"):
        by_status[unit][status] = n
    published = Counter(
        held.filter(status=QuestionStatus.PUBLISHED, published_page__last_published_at__gte=period.start)
        .filter(published_page__last_published_at__lt=period.end)
        .values_list("unit", flat=True)
    )
    rows = []
    for unit in units:
        q = figures.get(unit.pk, {})
        counts = by_status[unit.pk]
        rows.append(
            {
                **_unit_cells(unit),
                "received": q.get("received", 0),
                "answered": q.get("answered", 0),
                "published": published.get(unit.pk, 0),
                "answer_median_days": q.get("median"),
                "open": counts[QuestionStatus.NEW] + counts[QuestionStatus.ASSIGNED],
                "overdue": q.get("overdue", 0),
                "rejected": counts[QuestionStatus.REJECTED],
            }
        )
    columns = _unit_columns() + [
        Column("received", _("Câu hỏi nhận trong kỳ")),
        Column("answered", _("Trả lời trong kỳ")),
        Column("published", _("Công bố trong kỳ")),
        Column("answer_median_days", _("Thời gian trả lời (trung vị, ngày)"), "float"),
        Column("open", _("Đang chờ trả lời")),
        Column("overdue", _("Quá hạn (> %(days)d ngày)") % {"days": settings.QUESTION_DUE_DAYS}),
        Column("rejected", _("Không tiếp nhận (tổng)")),
    ]
    report = Report("questions", _("Hỏi đáp"), period, "")
    report.tables.append(Table(_("Theo đơn vị"), columns, rows))
    return report


# --- Page views ---------------------------------------------------------------------


TOP_PAGES = 20


def views(units, period, now=None):
    units = _units(units)
    unit_ids = [unit.pk for unit in units]
    in_period = PageViewDay.objects.filter(unit__in=unit_ids, date__gte=period.first_day, date__lte=period.last_day)
    per_unit = dict(in_period.values("unit").annotate(n=Sum("views")).values_list("unit", "n"))
    pages_viewed = dict(in_period.values("unit").annotate(n=Count("page", distinct=True)).values_list("unit", "n"))
    rows = [
        {**_unit_cells(unit), "views": per_unit.get(unit.pk, 0), "pages": pages_viewed.get(unit.pk, 0)}
        for unit in units
    ]
    top = list(in_period.values("page", "unit").annotate(n=Sum("views")).order_by("-n", "page")[:TOP_PAGES])
    pages = {
        page.pk: page for page in Page.objects.filter(pk__in=[row["page"] for row in top]).only("title", "url_path")
    }
    by_pk = {unit.pk: unit for unit in units}
    top_rows = [
        {
            "title": pages[row["page"]].title,
            "unit": by_pk[row["unit"]].name,
            "url": _public_url(by_pk[row["unit"]], pages[row["page"]]),
            "views": row["n"],
        }
        for row in top
        if row["page"] in pages
    ]
    report = Report("views", _("Lượt xem trang"), period, "")
    report.tables.append(
        Table(
            _("Theo đơn vị"),
            _unit_columns() + [Column("views", _("Lượt xem")), Column("pages", _("Số trang được xem"))],
            rows,
        )
    )
    report.tables.append(
        Table(
            _("Các trang được xem nhiều nhất"),
            [
                Column("title", _("Trang"), "text"),
                Column("unit", _("Đơn vị"), "text"),
                Column("url", _("Địa chỉ"), "url"),
                Column("views", _("Lượt xem")),
            ],
            top_rows,
        )
    )
    busiest = sorted(((row["unit"], row["views"]) for row in rows if row["views"]), key=lambda bar: -bar[1])[:15]
    report.charts.append(Chart(_("Đơn vị có nhiều lượt xem nhất"), busiest, _("lượt"), horizontal=True))
    return report


def _public_url(unit, page):
    """The page's address on its unit's site, without a query per page."""
    if unit.site is None:
        return ""
    return unit.site.root_url + page.url_path[len(unit.home_page.url_path) - 1 :]


# --- Disclosure (công khai) ---------------------------------------------------------------


def disclosure(units, period, now=None):
    """Which units have not published which category (Thông tư 09/2024/TT-BGDĐT) for the period's school year."""
    from disclosure.categories import categories_for
    from disclosure.school_years import school_year_of
    from disclosure.services import missing_categories, published_categories

    year = school_year_of(period.first_day)
    units = _units(units)
    published = published_categories(units, year)
    rows, missing_rows, missing_per_category = [], [], Counter()
    for unit in units:
        required = categories_for(unit.unit_type)
        missing = missing_categories(unit.unit_type, published.get(unit.pk, {}))
        rows.append(
            {
                **_unit_cells(unit),
                "required": len(required),
                "published": len(required) - len(missing),
                "missing": len(missing),
                "missing_list": "; ".join(str(category.title) for category in missing),
                "stale": bool(missing),
            }
        )
        url = _public_url(unit, unit.home_page) + "cong-khai/" if unit.site_id else ""
        for category in missing:
            missing_rows.append({**_unit_cells(unit), "category": str(category.title), "url": url})
            missing_per_category[str(category.title)] += 1
    report = Report(
        "disclosure",
        _("Công khai thông tin năm học %(year)s (Thông tư 09/2024/TT-BGDĐT)") % {"year": year},
        period,
        "",
    )
    report.note = _(
        "Năm học %(year)s: mọi tháng của năm học cho cùng kết quả; chọn một tháng của năm học khác để xem "
        "năm học đó. Chỉ tính các trang công khai đã xuất bản."
    ) % {"year": year}
    report.tables.append(
        Table(
            _("Theo đơn vị"),
            _unit_columns()
            + [
                Column("required", _("Số mục phải công khai")),
                Column("published", _("Đã công khai")),
                Column("missing", _("Chưa công khai")),
                Column("missing_list", _("Các mục chưa công khai"), "text"),
            ],
            rows,
        )
    )
    report.tables.append(
        Table(
            _("Mục chưa công khai"),
            _unit_columns() + [Column("category", _("Mục"), "text"), Column("url", _("Trang công khai"), "url")],
            missing_rows,
        )
    )
    report.charts.append(
        Chart(_("Số đơn vị chưa công khai, theo mục"), missing_per_category.most_common(), _("đơn vị"), horizontal=True)
    )
    return report


def translations(units, period, now=None):
    """Units whose English organisation, duties and contact pages are missing or outdated (translations app)."""
    from translations.report import build as build_translations

    return build_translations(units, period, now=now)


REPORTS = {
    "activity": (gettext_lazy("Hoạt động của các đơn vị"), activity),
    "moderation": (gettext_lazy("Kiểm duyệt nội dung"), moderation),
    "questions": (gettext_lazy("Hỏi đáp"), questions),
    "views": (gettext_lazy("Lượt xem trang"), views),
    "disclosure": (gettext_lazy("Công khai theo năm học"), disclosure),
    "translations": (gettext_lazy("Bản tiếng Anh"), translations),
}
# Reports about a state now (not a past month) default to the current month: the school year under way.
CURRENT_PERIOD_REPORTS = {"disclosure"}


def default_period(name, today=None):
    today = today or timezone.localdate()
    return Period(today.year, today.month) if name in CURRENT_PERIOD_REPORTS else Period.last_month(today)


def build(name, units, period, filters=None, now=None):
    """The named report over `units` (already limited to what the person may see), narrowed by `filters`."""
    filters = filters or Filters()
    report = REPORTS[name][1](filters.apply(units), period, now=now)
    report.scope = filters.describe()
    return report
