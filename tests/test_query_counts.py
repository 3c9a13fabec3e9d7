"""Bounded work per request: every public page type and the busiest admin pages do the same number of SQL
queries however many sites, pages, images, documents and questions exist.

Each test measures its pages on the demo province, grows the data (more units and sites, news with
featured images, documents with attachments, published answers, open questions, pending moderation),
and measures again: the counts must be equal. Run with `-s` to see the table of counts.
The page cache is off here: these counts are the work of rendering a page (a cache hit does none).
"""

import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from home.demo import _image, approve_for_department, landscape_jpeg, minimal_pdf
from home.indexing import deferred_search_indexing
from home.models import Attachment, Topic
from legal_docs.models import (
    DocumentAttachment,
    DocumentLibraryPage,
    IssuingBody,
    LegalDocumentPage,
    ProcedureForm,
    ProcedurePage,
)
from moderation.models import DepartmentReview, ReviewStatus
from news.models import NewsIndexPage, NewsPage
from questions import services as questions
from questions.models import Question
from schoolsite.models import Unit
from schoolsite.roster_generator import generate, write
from tests.conftest import site_client

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 0


MORE_UNITS = 15  # 37 + 15 home pages: more than one page of the explorer (50 rows)
SEARCH = "/tim-kiem/?q=tuy%E1%BB%83n+sinh"  # "tuyển sinh": demo news, documents and the grown content all match

# Document with attachments, and procedure with legal basis and forms, of the department's demo library.
DOCUMENT = "/van-ban/116-2016-nd-cp/"
PROCEDURE = "/thu-tuc-hanh-chinh/1005092-cap-ban-sao-van-bang-chung-chi-tu-so-goc/"

# (unit, path): "so" is the department, "school" THPT Chuyên Lào Cai; "{doc}" and "{procedure}" are the
# department's items shown in place on the school's site (the sector's shared database).
PUBLIC_PAGES = [
    ("so", "/"),
    ("so", "/tin-tuc/"),
    ("so", "/tin-tuc/tuyen-sinh-lop-10-2026-2027/"),
    ("so", "/tin-tuc/tu-cac-don-vi/"),
    ("so", "/tin-tuc/rss/"),
    ("so", "/gioi-thieu/"),
    ("so", "/gioi-thieu/co-cau-to-chuc/"),
    ("so", "/lien-he/"),
    ("so", "/van-ban/"),
    ("so", "/van-ban/?loai=ke-hoach&co-quan=1&nam=2024&linh-vuc=thi-tuyen-sinh"),
    ("so", "/van-ban/?linh-vuc=chuyen-mon&sap-xep=cu-nhat"),
    ("so", "/van-ban/?q=tuyen+sinh"),
    ("so", "/van-ban/rss/"),
    ("so", DOCUMENT),
    ("so", "/thu-tuc-hanh-chinh/"),
    ("so", PROCEDURE),
    ("so", "/hoi-dap/"),
    ("so", "/hoi-dap/thoi-gian-va-noi-nop-ho-so-du-thi-vao-lop-10/"),
    ("so", "/hoi-dap/gui-cau-hoi/"),
    ("so", SEARCH),
    ("so", SEARCH + "&pham_vi=don-vi"),
    ("so", "/sitemap.xml"),
    ("so", "/danh-ba/"),
    ("so", "/danh-ba/?huyen=bat+xat&loai=thpt"),
    ("so", "/danh-ba/json/"),
    ("so", "/lich-cong-tac/"),
    ("school", "/"),
    ("school", "/tin-tuc/"),
    ("school", "/tin-tuc/le-khai-giang-nam-hoc-moi/"),
    ("school", "/tin-tuc/rss/"),
    ("school", "/gioi-thieu/"),
    ("school", "/gioi-thieu/co-cau-to-chuc/"),
    ("school", "/lien-he/"),
    ("school", "/van-ban/"),
    ("school", "/van-ban/?loai=ke-hoach&co-quan=2&nam=2026&linh-vuc=giao-duc-pho-thong"),
    ("school", "/van-ban/37-qd-thptc/"),
    ("school", "{doc}"),
    ("school", "/thu-tuc-hanh-chinh/"),
    ("school", "{procedure}"),
    ("school", "/hoi-dap/"),
    ("school", "/hoi-dap/dong-phuc-nam-hoc-moi-co-thay-doi-khong/"),
    ("school", "/hoi-dap/gui-cau-hoi/"),
    ("school", SEARCH),
    ("school", SEARCH + "&pham_vi=toan-nganh"),
    ("school", "/sitemap.xml"),
    ("school", "/cong-khai/"),
    ("school", "/lich-cong-tac/"),
    ("school", "/lich-cong-tac/?in=1"),
    ("school", "/lich-cong-tac/ical/"),
    ("school", "/su-kien/"),
    ("school", "/su-kien/ical/"),
    ("school", "/thu-vien-anh/"),
    ("school", "/thu-vien-anh/le-khai-giang-nam-hoc-moi/"),
    ("school", "/dang-ky-tuyen-sinh-dau-cap/"),
    ("school", "/ho-tro-tiep-can/"),
]

# (username, path): quantri is the portal administrator (superuser), so.duyet the department's and sector's
# moderator; "{home}", "{news_index}", "{news}" and "{so_news}" are filled in from the demo pages.
ADMIN_PAGES = [
    ("quantri", "/admin/"),
    ("quantri", "/admin/pages/"),
    ("quantri", "/admin/images/"),
    ("quantri", "/admin/hoi-dap/"),
    ("quantri", "/admin/hang-cho-duyet/"),
    ("quantri", "/admin/bao-cao/activity/"),
    ("so.duyet", "/admin/"),
    ("so.duyet", "/admin/hang-cho-duyet/"),
    ("so.bientap", "/admin/pages/{so_news}/edit/"),
    ("thpt-chuyen.bientap", "/admin/"),
    ("thpt-chuyen.bientap", "/admin/pages/{home}/"),
    ("thpt-chuyen.bientap", "/admin/pages/{news_index}/"),
    ("thpt-chuyen.bientap", "/admin/pages/{news}/edit/"),
    ("thpt-chuyen.bientap", "/admin/images/"),
    ("thpt-chuyen.bientap", "/admin/images/chooser/"),
    ("thpt-chuyen.bientap", "/admin/documents/"),
    ("thpt-chuyen.bientap", "/admin/hoi-dap/"),
    ("thpt-chuyen.duyet", "/admin/"),
    ("thpt-chuyen.duyet", "/admin/hang-cho-duyet/"),
    ("thpt-chuyen.quantri", "/admin/bao-cao/activity/"),
]

# Not fixed yet: Wagtail's page explorer does queries for each row it lists (the "add child page" check
# counts each section type under every home page, wagtail-localize looks up translations per row, a
# non-publisher's delete check looks for live descendants, a page in a workflow loads its task). The list
# is paginated (50 rows), so the count is bounded, but it is not constant. Listed here so that fixing
# one fails the test until it is removed from the list.
KNOWN_PER_ROW = [("quantri", "/admin/pages/"), ("thpt-chuyen.bientap", "/admin/pages/{news_index}/")]


def count_queries(client, path):
    """Queries of a warm request: the first request fills caches and makes renditions, the second is counted."""
    assert client.get(path).status_code == 200, path
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(queries)


def report(title, before, after):
    width = max(len(key) for key in before)
    lines = [f"\n{title}", f"{'page':<{width}}  before  after"]
    lines += [
        f"{key:<{width}}  {before[key]:>6}  {after[key]:>5}{'' if before[key] == after[key] else '  ←'}"
        for key in before
    ]
    print("\n".join(lines))


# --- Growing the province ----------------------------------------------------------


def add_units(tmp_path, how_many):
    roster = tmp_path / "bigger.csv"
    write(generate(Unit.objects.count() + how_many, domain="localhost"), roster)
    call_command("provision_units", str(roster), "--local", stdout=io.StringIO())


def add_images(unit, how_many):
    return [
        _image(unit, f"Ảnh thêm {number}", landscape_jpeg(number, 320, 180), f"them-{number}.jpg", "Ảnh phong cảnh")
        for number in range(how_many)
    ]


def add_news(unit, how_many, images):
    """News with featured images; a school's go up to the department's portal, approved."""
    index = NewsIndexPage.objects.child_of(unit.home_page).get()
    topics = list(Topic.objects.all())
    pages = []
    first = NewsPage.objects.child_of(index).filter(slug__startswith="tin-so-").count()
    for number in range(first, first + how_many):
        page = index.add_child(
            instance=NewsPage(
                title=f"Tuyển sinh: tin số {number}",
                slug=f"tin-so-{number}",
                date=datetime.date(2026, 1, 1) + datetime.timedelta(days=number),
                lead="Tin thêm về tuyển sinh để đo số truy vấn.",
                topic=topics[number % len(topics)],
                featured_image=images[number % len(images)],
                body=[("text", "<p>Nội dung</p>")],
            )
        )
        if not unit.is_department:
            approve_for_department(unit, page)
        pages.append(page)
    return pages


def add_attachment(unit, title):
    attachment = Attachment(title=title, collection=unit.collection)
    attachment.file.save(f"{title}.pdf", ContentFile(minimal_pdf([title, "Tep them"])), save=False)
    attachment.save()
    return attachment


def add_documents(unit, how_many, year, topic):
    """Plans with an attachment each, all matching the filtered library URLs above."""
    library = DocumentLibraryPage.objects.child_of(unit.home_page).get()
    body = IssuingBody.objects.get(unit=unit)
    for number in range(how_many):
        document = LegalDocumentPage(
            title=f"Kế hoạch tuyển sinh số {number}",
            slug=f"kh-them-{number}",
            number=f"{900 + number}/KH-THEM",
            document_type="ke-hoach",
            issuing_body=body,
            issued_date=datetime.date(year, 1, 1) + datetime.timedelta(days=number),
            summary="Kế hoạch tuyển sinh thêm để đo số truy vấn.",
            topic=Topic.objects.get(slug=topic),
        )
        document.attachments.add(DocumentAttachment(attachment=add_attachment(unit, f"kh-them-{unit.code}-{number}")))
        library.add_child(instance=document)


def add_files_to(department):
    """More attachments on the measured document, more forms on the measured procedure."""
    document = LegalDocumentPage.objects.get(url_path="/so" + DOCUMENT)
    procedure = ProcedurePage.objects.get(url_path="/so" + PROCEDURE)
    for number in range(5):
        DocumentAttachment.objects.create(page=document, attachment=add_attachment(department, f"phu-luc-{number}"))
        ProcedureForm.objects.create(procedure=procedure, attachment=add_attachment(department, f"mau-{number}"))


def add_questions(unit, answered, waiting):
    for number in range(answered + waiting):
        question = Question(
            unit=unit,
            received_by=unit,
            asker_name="Người hỏi",
            asker_phone="0912000000",
            title=f"Câu hỏi về tuyển sinh số {number}",
            body="Nội dung câu hỏi.",
        )
        questions.submit(question)
        if number < answered:
            questions.answer(question, "<p>Trả lời.</p>", None)
            questions.publish(question, None, title=question.title, question_text=question.body)


def add_pending_moderation(school, in_workflow, for_department):
    """School news waiting for the school's moderators (Wagtail workflow) and for the department."""
    editor = get_user_model().objects.get(username="thpt-chuyen.bientap")
    news = list(NewsPage.objects.descendant_of(school.home_page).filter(slug__startswith="tin-so-").order_by("pk"))
    for page in news[in_workflow]:
        page.save_revision(user=editor)
        page.get_workflow().start(page, editor)
    pending = [page.pk for page in news[for_department]]
    DepartmentReview.objects.filter(page__in=pending).update(status=ReviewStatus.PENDING, submitted_at=timezone.now())


def seed(department, school):
    """The smaller size is one of each, not none: Django skips a query for an empty `IN ()` list."""
    with deferred_search_indexing():
        add_news(school, 1, add_images(school, 1))
    add_pending_moderation(school, slice(0, 1), slice(0, 1))


def grow(tmp_path, department, school):
    add_units(tmp_path, MORE_UNITS)
    assert Unit.objects.count() >= 52
    with deferred_search_indexing():
        for unit in (department, school):
            add_news(unit, 32, add_images(unit, 8))
            add_questions(unit, answered=6, waiting=6)
        add_documents(department, 22, 2024, "thi-tuyen-sinh")
        add_documents(school, 22, 2026, "giao-duc-pho-thong")
        add_files_to(department)
    add_pending_moderation(school, slice(1, 7), slice(7, 12))


# --- The tests ---------------------------------------------------------------------


def public_paths(department):
    document = LegalDocumentPage.objects.get(url_path="/so" + DOCUMENT)
    procedure = ProcedurePage.objects.get(url_path="/so" + PROCEDURE)
    names = {"doc": f"/van-ban/xem/{document.pk}/", "procedure": f"/thu-tuc-hanh-chinh/xem/{procedure.pk}/"}
    return [(unit, path.format(**names)) for unit, path in PUBLIC_PAGES]


def admin_paths(department, school):
    news_index = NewsIndexPage.objects.child_of(school.home_page).get()
    names = {
        "home": school.home_page_id,
        "news_index": news_index.pk,
        "news": NewsPage.objects.child_of(news_index).get(slug="le-khai-giang-nam-hoc-moi").pk,
        "so_news": NewsPage.objects.descendant_of(department.home_page).get(slug="tuyen-sinh-lop-10-2026-2027").pk,
    }
    pages = [(user, path.format(**names)) for user, path in ADMIN_PAGES]
    known = {f"{user} {path.format(**names)}" for user, path in KNOWN_PER_ROW}
    return pages, known


def test_work_per_request_does_not_grow(tmp_path, department, school):
    units = {"so": department, "school": school}
    public = public_paths(department)
    admin, known_per_row = admin_paths(department, school)
    users = {user.username: user for user in get_user_model().objects.filter(username__in={u for u, _ in admin})}

    def measure():
        clients = {code: site_client(unit) for code, unit in units.items()}
        clients.update({username: site_client(department, user) for username, user in users.items()})
        return {f"{who} {path}": count_queries(clients[who], path) for who, path in public + admin}

    seed(department, school)
    before = measure()
    grow(tmp_path, department, school)
    after = measure()
    report("Queries per warm request (public pages by site, admin pages by user)", before, after)
    # Fewer is fine: a search's first page may lose a page type (one lookup per type) as more content outranks it.
    grown = {page: (before[page], after[page]) for page in before if after[page] > before[page]}
    assert set(grown) == known_per_row, grown
    # A small, fixed budget: the home page of a school stays light on the database.
    assert before["school /"] <= 15, before
