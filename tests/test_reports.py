"""Reports: exact figures on a known month, the same numbers in every export, scope through the admin URLs.

The fixture is March 2021, a month the demo province has no content in: every
figure the reports show for it comes from what these tests put there.
"""

import csv
import datetime
import io

import openpyxl
import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone
from pypdf import PdfReader
from wagtail.documents import get_document_model
from wagtail.models import PageLogEntry, TaskState

from home.models import Topic
from moderation.models import DepartmentReview, ReviewStatus
from news.models import NewsIndexPage, NewsPage
from questions.models import Question, QuestionStatus
from reports import services
from reports.models import PageViewDay
from schoolsite.models import Unit

from .conftest import assert_refused, site_client

pytestmark = pytest.mark.django_db

PERIOD = services.Period(2021, 3)
BROWSER = "Mozilla/5.0 (Linux; Android 13) AppleWebKit/537.36 Chrome/120 Mobile Safari/537.36"


def at(day, hour=9):
    return timezone.make_aware(datetime.datetime(2021, 3, day, hour))


def add_news(unit, title, published, topic=None):
    index = NewsIndexPage.objects.child_of(unit.home_page).get()
    page = index.add_child(
        instance=NewsPage(title=title, slug=f"bao-cao-{published:%m%d}", date=published.date(), lead=title, topic=topic)
    )
    page.save_revision().publish()
    NewsPage.objects.filter(pk=page.pk).update(first_published_at=published, last_published_at=published)
    return NewsPage.objects.get(pk=page.pk)  # later saves (a workflow's) must not restore the old dates


@pytest.fixture
def march(school, other_school, django_user_model):
    """A month of known activity at the school, and a little at the other school."""
    topic = Topic.objects.get(slug="thi-tuyen-sinh")
    pages = [
        add_news(school, "Tuyển sinh lớp 10 năm 2021", at(3), topic),
        add_news(school, "Lịch thi học kỳ II", at(10), topic),
        add_news(school, "Hội khỏe Phù Đổng cấp trường", at(20)),
    ]
    add_news(school, "Tin tháng trước, không tính", timezone.make_aware(datetime.datetime(2021, 2, 27)))
    editor = django_user_model.objects.get(username=f"{school.code}.bientap")
    moderator = django_user_model.objects.get(username=f"{school.code}.duyet")
    for user, page, day in [(editor, pages[0], 2), (editor, pages[1], 9), (moderator, pages[1], 10)]:
        entry = PageLogEntry.objects.log_action(instance=page, action="wagtail.edit", user=user)
        PageLogEntry.objects.filter(pk=entry.pk).update(timestamp=at(day))
    document = get_document_model().objects.create(
        title="Kế hoạch", collection=school.collection, file=ContentFile(b"%PDF-1.4 ke hoach", name="ke-hoach.pdf")
    )
    get_document_model().objects.filter(pk=document.pk).update(created_at=at(4))

    # Questions held by the school: 3 received in March, 2 answered after 2 and 4 days, 1 still open (overdue).
    for day, answered_after in [(1, 2), (5, 4), (15, None)]:
        question = Question.objects.create(
            unit=school,
            received_by=school,
            asker_name="Phụ huynh",
            asker_phone="0912000000",
            title=f"Câu hỏi ngày {day}",
            body="Nội dung câu hỏi mẫu.",
            created_at=at(day),
        )
        if answered_after:
            Question.objects.filter(pk=question.pk).update(
                status=QuestionStatus.ANSWERED, answer="<p>Đã trả lời.</p>", answered_at=at(day + answered_after)
            )

    # Moderation: one page approved in March after 2 days; one waiting for 4 days now.
    workflow = pages[2].get_workflow()
    for page in pages[1:]:
        workflow.start(page, editor)
    approved, waiting = (TaskState.objects.get(workflow_state__object_id=str(p.pk)) for p in pages[1:])
    TaskState.objects.filter(pk=approved.pk).update(
        status=TaskState.STATUS_APPROVED, started_at=at(5), finished_at=at(7)
    )
    TaskState.objects.filter(pk=waiting.pk).update(started_at=timezone.now() - datetime.timedelta(days=4))
    for page in pages:  # starting a workflow saves the page: its publication dates are set again
        NewsPage.objects.filter(pk=page.pk).update(
            first_published_at=page.first_published_at, last_published_at=page.first_published_at
        )
    DepartmentReview.objects.create(
        page=pages[0], unit=school, status=ReviewStatus.APPROVED, submitted_at=at(3), decided_at=at(4)
    )

    # Page views: 15 in March at the school (a February day does not count), 4 at the other school.
    for page, day, views in [(pages[0], datetime.date(2021, 3, 3), 10), (pages[0], datetime.date(2021, 3, 4), 5)]:
        PageViewDay.objects.create(page=page, unit=school, date=day, views=views)
    PageViewDay.objects.create(page=pages[1], unit=school, date=datetime.date(2021, 2, 28), views=99)
    PageViewDay.objects.create(page=other_school.home_page, unit=other_school, date=datetime.date(2021, 3, 9), views=4)
    return pages


def row_for(report, unit):
    return next(row for row in report.tables[0].rows if row["unit"] == unit.name)


EXPECTED_SCHOOL = {
    "news": 3,
    "documents": 0,
    "other_pages": 0,
    "last_update": datetime.date(2021, 3, 20),
    "stale": False,
    "editors": 2,
    "files": 1,
    "pending": 1,
    "pending_median_days": 4.0,
    "questions_received": 3,
    "questions_answered": 2,
    "questions_overdue": 1,
    "answer_median_days": 3.0,
    "views": 15,
}


def test_activity_figures_of_a_known_month(march, school, other_school):
    report = services.build("activity", Unit.objects.all(), PERIOD)
    school_row = row_for(report, school)
    assert {key: school_row[key] for key in EXPECTED_SCHOOL} == EXPECTED_SCHOOL
    other = row_for(report, other_school)
    assert other["news"] == 0 and other["stale"] is True and other["last_update"] is None and other["views"] == 4
    topics = {row["topic"]: row["count"] for row in report.tables[1].rows}
    assert topics == {"Thi và tuyển sinh": 2, "(chưa chọn lĩnh vực)": 1}
    per_month = dict(report.charts[0].bars)
    assert per_month["03/21"] == 3 and per_month["02/21"] == 1 and len(per_month) == 12


def test_moderation_questions_and_views_figures(march, school, other_school):
    moderation = row_for(services.build("moderation", Unit.objects.all(), PERIOD), school)
    assert {k: moderation[k] for k in ("submitted", "approved", "rejected", "decision_median_days")} == {
        "submitted": 1,
        "approved": 1,
        "rejected": 0,
        "decision_median_days": 2.0,
    }
    assert moderation["pending"] == 1 and moderation["pending_median_days"] == 4.0
    assert moderation["sent_up"] == 1 and moderation["department_approved"] == 1

    questions = row_for(services.build("questions", Unit.objects.all(), PERIOD), school)
    assert {k: questions[k] for k in ("received", "answered", "answer_median_days", "overdue")} == {
        "received": 3,
        "answered": 2,
        "answer_median_days": 3.0,
        "overdue": 1,
    }
    views = services.build("views", Unit.objects.all(), PERIOD)
    assert row_for(views, school)["views"] == 15 and row_for(views, other_school)["views"] == 4
    top = views.tables[1].rows
    assert top[0]["title"] == "Tuyển sinh lớp 10 năm 2021" and top[0]["views"] == 15
    assert top[1]["views"] == 4 and len(top) == 2


def test_department_staff_filter_to_ptdtnt_and_download_xlsx(march, school, other_school, login_client):
    staff = login_client("so.bientap")
    page = staff.get("/admin/bao-cao/activity/?ky=2021-03&loai=ptdtnt")
    assert page.status_code == 200
    html = page.content.decode()
    listed = {
        cell.get_text() for cell in BeautifulSoup(html, "html.parser").select(".report-table tbody td:first-child")
    }
    assert other_school.name in listed and school.name not in listed
    assert "<svg" in html and 'role="img"' in html
    download = staff.get("/admin/bao-cao/activity/?ky=2021-03&loai=ptdtnt&dinh-dang=xlsx")
    assert download.status_code == 200
    assert 'filename="bao-cao-activity-2021-03.xlsx"' in download["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(download.content)).worksheets[0]
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    header = next(row for row in values if row[0] == "Đơn vị")
    rows = values[values.index(header) + 1 :]
    assert {row[0] for row in rows} == set(
        Unit.objects.filter(unit_type="ptdtnt", is_active=True).values_list("name", flat=True)
    )
    bac_ha = dict(zip(header, next(row for row in rows if row[0] == other_school.name), strict=True))
    assert bac_ha["Lượt xem"] == 4 and isinstance(bac_ha["Lượt xem"], int)
    assert bac_ha["Không đăng bài trong 30 ngày"] == "Có"


def test_exports_hold_the_same_numbers(march, school, tmp_path):
    for file_format in ("xlsx", "csv", "pdf"):
        out = tmp_path / f"activity.{file_format}"
        call_command(
            "export_report", "activity", "--period", "2021-03", "--format", file_format, "-o", str(out),
            "--unit", school.code, stdout=io.StringIO(),
        )  # fmt: skip
    workbook = openpyxl.load_workbook(tmp_path / "activity.xlsx")
    sheet = workbook.worksheets[0]
    assert sheet["A1"].value == "Hoạt động của các đơn vị"
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    header = next(row for row in values if row[0] == "Đơn vị")
    row = dict(zip(header, values[values.index(header) + 1], strict=True))
    assert row["Tin bài đăng mới"] == 3 and row["Câu hỏi nhận"] == 3 and row["Lượt xem"] == 15
    assert row["Cập nhật gần nhất"].date() == datetime.date(2021, 3, 20)
    assert row["Thời gian trả lời (trung vị, ngày)"] == 3.0
    assert len(workbook.worksheets) == 2  # and the table by lĩnh vực

    raw = (tmp_path / "activity.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to read Vietnamese
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == 1 and rows[0]["Đơn vị"] == school.name
    assert rows[0]["Tin bài đăng mới"] == "3" and rows[0]["Cập nhật gần nhất"] == "20/03/2021"

    pdf = PdfReader(tmp_path / "activity.pdf")
    text = " ".join(" ".join(page.extract_text().split()) for page in pdf.pages)  # cells wrap their lines
    assert pdf.pages[0].mediabox.width > pdf.pages[0].mediabox.height  # A4 landscape
    assert "Hoạt động của các đơn vị" in text and "tháng 03/2021" in text and school.name in text


def test_command_refuses_a_bad_period_in_vietnamese(tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="không đúng dạng NĂM-THÁNG"):
        call_command("export_report", "views", "--period", "03/2021", "-o", str(tmp_path / "x.csv"))


def test_unit_admins_see_only_their_unit(march, school, other_school, login_client):
    admin = login_client(f"{school.code}.quantri")
    html = admin.get("/admin/bao-cao/activity/?ky=2021-03").content.decode()
    assert school.name in html and other_school.name not in html  # in the table and in the unit menu
    # Asking for another unit by its code shows nothing of it.
    narrowed = admin.get(f"/admin/bao-cao/views/?ky=2021-03&don-vi={other_school.code}&dinh-dang=csv")
    assert other_school.name not in narrowed.content.decode("utf-8-sig")
    # Editors and moderators of a school have no reports.
    for username in (f"{school.code}.bientap", f"{school.code}.duyet"):
        assert_refused(login_client(username).get("/admin/bao-cao/activity/"))
    assert login_client("so.duyet").get("/admin/bao-cao/questions/?ky=2021-03").status_code == 200
    assert login_client("so.duyet").get("/admin/bao-cao/khong-co/").status_code == 404


def test_report_cost_does_not_grow_with_the_number_of_units(march, school):
    for name in services.REPORTS:
        services.build(name, Unit.objects.filter(pk=school.pk), PERIOD)  # content types are cached after this
        with services.QueryCounter() as one:
            services.build(name, Unit.objects.filter(pk=school.pk), PERIOD)
        with services.QueryCounter() as everyone:
            services.build(name, Unit.objects.all(), PERIOD)
        assert 3 <= everyone.count == one.count <= 25, (name, one.count, everyone.count)


def test_page_views_are_counted_for_readers_only(school, login_client):
    client = site_client(school)
    today = timezone.localdate()

    def views():
        row = PageViewDay.objects.filter(page=school.home_page, date=today).first()
        return row.views if row else 0

    client.get("/", HTTP_USER_AGENT=BROWSER)
    client.get("/", HTTP_USER_AGENT=BROWSER)
    assert views() == 2
    client.get("/", HTTP_USER_AGENT="Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)")
    client.get("/", HTTP_USER_AGENT="")
    client.head("/", HTTP_USER_AGENT=BROWSER)
    assert views() == 2
    staff = login_client(f"{school.code}.bientap", host=school.hostname)
    staff.get("/", HTTP_USER_AGENT=BROWSER)
    assert views() == 2
    # Nothing about the visitor is stored: only the page, the unit, the day and a number.
    assert {f.name for f in PageViewDay._meta.get_fields()} == {"id", "date", "page", "unit", "views"}


def test_monthly_summary_is_mailed_to_department_staff(march):
    mail.outbox.clear()
    call_command("send_monthly_report", "--period", "2021-03", stdout=io.StringIO())
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert "so.duyet@demo.sgddt.invalid" in message.to
    assert "tháng 03/2021" in message.subject
    name, content, _mimetype = message.attachments[0]
    assert name == "bao-cao-activity-2021-03.xlsx"
    assert openpyxl.load_workbook(io.BytesIO(content)).worksheets[0]["A1"].value == "Hoạt động của các đơn vị"
