"""Liên thông: school news rising to the department's portal, announcements going down to the schools."""

import datetime
import re

import pytest
from django.core.cache import cache
from django.utils import timezone

from moderation import services as moderation
from moderation.models import DepartmentReview, ReviewStatus
from news.models import NewsIndexPage, NewsPage
from schoolsite.models import Unit
from tests.conftest import site_client
from tests.test_moderation import page_form

pytestmark = pytest.mark.django_db


def publish_school_news(unit, title, slug, send=True):
    index = NewsIndexPage.objects.child_of(unit.home_page).get()
    page = NewsPage(
        title=title, slug=slug, lead="Tóm tắt.", body=[("text", "<p>Nội dung.</p>")], send_to_department=send
    )
    index.add_child(instance=page)
    revision = page.save_revision()
    revision.publish()
    return NewsPage.objects.get(pk=page.pk)


def test_approved_school_news_is_listed_by_the_department_linking_to_the_school(school, other_school, department):
    page = publish_school_news(school, "Chuyên Lào Cai đón đoàn kiểm định chất lượng", "kiem-dinh-chat-luong")
    review = DepartmentReview.objects.get(page=page)
    portal = site_client(department)

    # Waiting for the department: not on its portal yet.
    assert review.status == ReviewStatus.PENDING
    assert "đón đoàn kiểm định" not in portal.get("/").content.decode()
    assert "đón đoàn kiểm định" not in portal.get("/tin-tuc/tu-cac-don-vi/").content.decode()

    moderation.approve(review, None)
    home = portal.get("/").content.decode()
    listing = portal.get("/tin-tuc/tu-cac-don-vi/").content.decode()
    for html in (home, listing):
        assert "Chuyên Lào Cai đón đoàn kiểm định chất lượng" in html
        assert school.display_name in html
        # The department links to the school's page; it never copies it.
        assert f'href="{page.full_url}"' in html
    assert NewsPage.objects.filter(title=page.title).count() == 1
    school_page = site_client(school).get("/tin-tuc/kiem-dinh-chat-luong/").content.decode()
    assert f'<link rel="canonical" href="{page.full_url}">' in school_page

    # Filters by district and by unit type.
    same_district = portal.get("/tin-tuc/tu-cac-don-vi/", {"huyen": school.district}).content.decode()
    assert "đón đoàn kiểm định" in same_district
    other_district = portal.get("/tin-tuc/tu-cac-don-vi/", {"huyen": other_school.district}).content.decode()
    assert "đón đoàn kiểm định" not in other_district
    assert "đón đoàn kiểm định" in portal.get("/tin-tuc/tu-cac-don-vi/", {"loai": "thpt"}).content.decode()
    assert "đón đoàn kiểm định" not in portal.get("/tin-tuc/tu-cac-don-vi/", {"loai": "ptdtnt"}).content.decode()

    # Only the department's portal has this list.
    assert site_client(school).get("/tin-tuc/tu-cac-don-vi/").status_code == 404


def test_rejected_or_unpublished_school_news_leaves_the_department(school, department):
    page = publish_school_news(school, "Tin bị Sở trả lại", "tin-bi-tra-lai")
    review = DepartmentReview.objects.get(page=page)
    moderation.reject(review, None, "Thiếu ảnh.")
    assert "Tin bị Sở trả lại" not in site_client(department).get("/tin-tuc/tu-cac-don-vi/").content.decode()

    approved = publish_school_news(school, "Tin đã duyệt rồi gỡ", "tin-da-duyet-roi-go")
    moderation.approve(DepartmentReview.objects.get(page=approved), None)
    assert "Tin đã duyệt rồi gỡ" in site_client(department).get("/").content.decode()
    approved.unpublish()
    assert "Tin đã duyệt rồi gỡ" not in site_client(department).get("/").content.decode()


def test_demo_department_portal_shows_news_from_units(department):
    html = site_client(department).get("/tin-tuc/tu-cac-don-vi/").content.decode()
    count = int(re.search(r'class="result-count">(\d+)', html).group(1))
    assert count >= 5
    assert "Xem tất cả tin từ các đơn vị" in site_client(department).get("/").content.decode()


def announce(client, department, **fields):
    """The department editor publishes an announcement addressed to units, through the admin form."""
    index = NewsIndexPage.objects.child_of(department.home_page).get()
    url = f"/admin/pages/add/news/newspage/{index.pk}/"
    data = page_form(client, url, **fields)
    data["action-publish"] = "1"
    response = client.post(url, data)
    errors = re.findall(r'class="error-message"[^>]*>\s*<p>([^<]*)', response.content.decode())
    assert response.status_code == 302, errors
    return NewsPage.objects.child_of(index).get(slug=fields["slug"])


def announcements_on(unit):
    html = site_client(unit).get("/").content.decode()
    block = re.search(r'<section class="container section announcements".*?</section>', html, re.S)
    return block.group(0) if block else ""


def test_sector_wide_announcement_reaches_every_school_until_it_expires(login_client, department, school, other_school):
    editor = login_client("so.duyet")
    today = timezone.localdate()
    page = announce(
        editor,
        department,
        title="Thông báo nghỉ học do rét đậm, rét hại",
        slug="nghi-hoc-do-ret-dam",
        date=today.strftime("%d/%m/%Y"),
        lead="Học sinh mầm non, tiểu học nghỉ học khi nhiệt độ dưới 7°C.",
        body="<p>Các trường chủ động thông báo tới cha mẹ học sinh.</p>",
        audience="all",
        show_until=(today + datetime.timedelta(days=7)).strftime("%d/%m/%Y"),
    )
    assert page.live and page.audience == "all"
    for unit in (school, other_school):
        block = announcements_on(unit)
        assert "Thông báo từ Sở" in block
        assert "Thông báo nghỉ học do rét đậm, rét hại" in block
        assert f'href="{page.full_url}"' in block  # the department's page, not a copy
    # Newest first.
    titles = re.findall(r"<li>\s*<a [^>]*>([^<]+)</a>", announcements_on(school))
    assert titles[0] == "Thông báo nghỉ học do rét đậm, rét hại"
    # The department's own home does not address itself.
    assert "Thông báo từ Sở" not in site_client(department).get("/").content.decode()

    # Past its date it disappears by itself (each day has its own cache entry, as after midnight).
    NewsPage.objects.filter(pk=page.pk).update(show_until=today - datetime.timedelta(days=1))
    cache.clear()
    assert "Thông báo nghỉ học do rét đậm" not in announcements_on(school)
    assert "Thông báo nghỉ học do rét đậm" not in announcements_on(other_school)


def test_announcement_addressed_by_type_district_or_list(login_client, department, school, other_school):
    editor = login_client("so.duyet")
    today = timezone.localdate().strftime("%d/%m/%Y")
    common = {"date": today, "lead": "Tóm tắt.", "body": "<p>Nội dung.</p>", "audience": "selected"}
    page = announce(
        editor,
        department,
        **dict(common, title="Gửi các trường PTDTNT", slug="gui-ptdtnt"),
        audience_unit_types="ptdtnt",
    )
    assert page.audience_unit_types == ",ptdtnt,"
    assert "Gửi các trường PTDTNT" in announcements_on(other_school)  # ptdtnt-bac-ha
    assert "Gửi các trường PTDTNT" not in announcements_on(school)  # a THPT

    announce(
        editor,
        department,
        **dict(common, title="Gửi các trường ở Bắc Hà", slug="gui-bac-ha"),
        audience_districts=other_school.district,
    )
    assert "Gửi các trường ở Bắc Hà" in announcements_on(other_school)
    assert "Gửi các trường ở Bắc Hà" not in announcements_on(school)

    announce(
        editor,
        department,
        **dict(common, title="Gửi riêng trường Chuyên", slug="gui-rieng-chuyen"),
        audience_units=str(school.pk),
    )
    assert "Gửi riêng trường Chuyên" in announcements_on(school)
    assert "Gửi riêng trường Chuyên" not in announcements_on(other_school)


def test_department_documents_addressed_to_schools_appear_too(department, school):
    from legal_docs.models import LegalDocumentPage

    document = LegalDocumentPage.objects.live().descendant_of(department.home_page).order_by("-issued_date").first()
    LegalDocumentPage.objects.filter(pk=document.pk).update(audience="all", show_until=None)
    cache.clear()  # .update() sends no publication signal
    block = announcements_on(school)
    assert document.number in block


def test_schools_cannot_address_the_sector(login_client, school):
    editor = login_client(f"{school.code}.quantri", host=school.hostname)
    index = NewsIndexPage.objects.child_of(school.home_page).get()
    html = editor.get(f"/admin/pages/add/news/newspage/{index.pk}/").content.decode()
    assert 'name="audience"' not in html
    # Even if a school's page carried an audience, only the department's pages are sent down.
    page = publish_school_news(school, "Trường tự gửi toàn ngành", "truong-tu-gui", send=False)
    NewsPage.objects.filter(pk=page.pk).update(audience="all")
    cache.clear()  # .update() sends no publication signal
    other = Unit.objects.get(code="ptdtnt-bac-ha")
    assert "Trường tự gửi toàn ngành" not in announcements_on(other)


def test_demo_schools_show_the_departments_announcements(school, other_school):
    assert "Chủ động phòng, chống rét cho học sinh vùng cao" in announcements_on(school)
    assert "Hưởng ứng Ngày Pháp luật" in announcements_on(other_school)  # addressed to PTDTNT schools
    assert "Hưởng ứng Ngày Pháp luật" not in announcements_on(school)
