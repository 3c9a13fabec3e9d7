"""The public page cache answers anonymous readers and forgets a page the moment what it shows changes."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from home.models import ContentPage
from moderation import services as moderation
from moderation.models import DepartmentReview
from news.models import NewsIndexPage, NewsPage
from reports.models import PageViewDay
from schoolsite.models import SiteSettings
from tests.conftest import site_client
from tests.test_exchange import announce, announcements_on, publish_school_news

pytestmark = pytest.mark.django_db


def get(unit, path="/", **headers):
    return site_client(unit).get(path, HTTP_USER_AGENT="Mozilla/5.0 (Linux; Android 13)", **headers)


def cached(unit, path="/"):
    return get(unit, path).get("X-Page-Cache") == "HIT"


def school_news(unit):
    return NewsPage.objects.descendant_of(unit.home_page).live().order_by("-date").first()


def test_a_second_reader_is_answered_from_the_cache_without_the_database(school):
    first = get(school, "/tin-tuc/")
    assert first.status_code == 200 and first["X-Page-Cache"] == "MISS"
    with CaptureQueriesContext(connection) as queries:
        second = get(school, "/tin-tuc/")
    assert second["X-Page-Cache"] == "HIT"
    assert second.content == first.content
    # The only statement is the page-view counter (written at once in tests, in batches in production).
    assert [q["sql"] for q in queries.captured_queries if "reports_pageviewday" not in q["sql"]] == []
    # Browsers revalidate every time, so an invalidated page never lingers on a phone.
    assert "max-age=0" in second["Cache-Control"] and "must-revalidate" in second["Cache-Control"]
    assert second["Content-Security-Policy"] and second["X-Frame-Options"] == "SAMEORIGIN"


def test_an_unchanged_page_costs_a_phone_only_a_304(school):
    first = get(school, "/")
    again = get(school, "/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""


def test_a_logged_in_editor_never_gets_a_cached_page(school, login_client):
    assert get(school, "/").status_code == 200
    assert cached(school, "/")
    editor = login_client(f"{school.code}.bientap", host=school.hostname)
    response = editor.get("/")
    assert "X-Page-Cache" not in response
    assert "wagtail-userbar" in response.content.decode()  # the editor's own page, with the edit bar
    # ...and what the editor saw is not served to readers.
    assert "wagtail-userbar" not in get(school, "/").content.decode()


def test_forms_with_a_csrf_token_are_never_cached(school):
    for _attempt in range(2):
        response = get(school, "/hoi-dap/gui-cau-hoi/")
        assert response.status_code == 200 and response.get("X-Page-Cache") != "HIT"


def test_publishing_refreshes_the_sites_pages_and_leaves_other_sites_cached(school, other_school):
    news = school_news(school)
    for path in ("/", "/tin-tuc/", news.url):
        get(school, path)
    get(other_school, "/")
    news.title = "Tiêu đề đã sửa sau khi xuất bản"
    news.save_revision().publish()
    for path in ("/", "/tin-tuc/", news.url):
        response = get(school, path)
        assert response["X-Page-Cache"] == "MISS", path
        assert "Tiêu đề đã sửa sau khi xuất bản" in response.content.decode(), path
    assert cached(other_school, "/")


def test_unpublishing_removes_the_page_everywhere_it_was_shown(school):
    news = school_news(school)
    assert news.title in get(school, "/tin-tuc/").content.decode()
    assert get(school, news.url).status_code == 200
    news.unpublish()
    assert news.title not in get(school, "/tin-tuc/").content.decode()
    assert get(school, news.url).status_code == 404


def test_moving_a_page_serves_it_at_its_new_address_and_redirects_the_old(school):
    page = ContentPage.objects.descendant_of(school.home_page).live().first()
    old_url = page.url
    assert get(school, old_url).status_code == 200
    news_index = NewsIndexPage.objects.child_of(school.home_page).get()
    page.move(news_index, pos="last-child")
    page.refresh_from_db()
    assert page.url != old_url
    moved = get(school, old_url)  # no longer the cached page: Wagtail's redirect to the new address
    assert moved.status_code == 301 and moved["Location"] == page.full_url
    assert get(school, page.url).status_code == 200


def test_site_settings_change_shows_at_once_on_that_site_only(school, other_school):
    get(school, "/")
    get(other_school, "/")
    settings_row = SiteSettings.for_site(school.site)
    settings_row.footer_text = "Người chịu trách nhiệm nội dung: Hiệu trưởng (mới)"
    settings_row.save()
    assert "Hiệu trưởng (mới)" in get(school, "/").content.decode()
    assert cached(other_school, "/")


def test_school_news_approved_upward_appears_on_the_department_portal(school, department):
    page = publish_school_news(school, "Học sinh Chuyên đạt giải Quốc gia", "dat-giai-quoc-gia")
    assert "đạt giải Quốc gia" not in get(department, "/").content.decode()
    assert cached(department, "/")
    moderation.approve(DepartmentReview.objects.get(page=page), None)
    assert "đạt giải Quốc gia" in get(department, "/").content.decode()
    assert "đạt giải Quốc gia" in get(department, "/tin-tuc/tu-cac-don-vi/").content.decode()


def test_an_announcement_addressed_to_a_district_reaches_its_cached_home_pages(
    login_client, department, school, other_school
):
    for unit in (school, other_school):
        get(unit, "/")
        assert cached(unit, "/")
    today = timezone.localdate()
    announce(
        login_client("so.duyet"),
        department,
        title="Nghỉ học do mưa lũ",
        slug="nghi-hoc-do-mua-lu",
        date=today.strftime("%d/%m/%Y"),
        lead="Các trường trong huyện cho học sinh nghỉ học.",
        body="<p>Theo dõi thông báo tiếp theo.</p>",
        audience="selected",
        audience_districts=school.district,
        show_until=(today + datetime.timedelta(days=3)).strftime("%d/%m/%Y"),
    )
    assert "Nghỉ học do mưa lũ" in announcements_on(school)
    assert "Nghỉ học do mưa lũ" not in announcements_on(other_school)


def test_readers_are_counted_on_cached_pages_too(school):
    today = timezone.localdate()
    for _view in range(3):
        get(school, "/")
    row = PageViewDay.objects.get(page=school.home_page, date=today)
    assert row.views == 3
    # Crawlers are not readers, cached or not.
    site_client(school).get("/", HTTP_USER_AGENT="Googlebot/2.1")
    row.refresh_from_db()
    assert row.views == 3


def test_a_change_made_through_this_process_is_seen_at_once_despite_its_memory(school, settings):
    settings.PAGE_CACHE_LOCAL_SECONDS = 60  # what each application server keeps in memory (1 s in production)
    news = school_news(school)
    get(school, "/tin-tuc/")
    assert cached(school, "/tin-tuc/")
    news.title = "Tin sửa khi máy chủ còn nhớ trang cũ"
    news.save_revision().publish()
    assert "Tin sửa khi máy chủ còn nhớ trang cũ" in get(school, "/tin-tuc/").content.decode()


def test_shared_caches_may_keep_a_public_page_one_second(school):
    response = get(school, "/")
    assert "s-maxage=1" in response["Cache-Control"] and "max-age=0" in response["Cache-Control"]
