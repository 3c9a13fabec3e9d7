"""Search on every site: scope, facets, snippets, suggestions, promotions, and nothing that must not show."""

import io
import json

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Page, PageViewRestriction

from legal_docs.models import LegalDocumentPage
from news.models import NewsIndexPage, NewsPage
from schoolsite.models import Unit
from search.models import QueryStat
from tests.conftest import assert_refused, site_client

pytestmark = pytest.mark.django_db


def search(unit, **params):
    response = site_client(unit).get("/tim-kiem/", params)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def titles(soup):
    return [a.get_text(" ", strip=True) for a in soup.select(".hit-title a")]


def total(soup):
    text = soup.select_one(".result-count").get_text(" ", strip=True)
    return int(text.split()[0]) if text else 0


def add_news(unit, title, **fields):
    index = NewsIndexPage.objects.child_of(unit.home_page).get()
    page = NewsPage(
        title=title, slug=fields.pop("slug", "tin-rieng"), lead=fields.pop("lead", title), body=[], **fields
    )
    index.add_child(instance=page)
    page.save_revision().publish()
    return page


def test_default_scope_is_the_site_for_schools_and_the_sector_for_the_department(school, department):
    assert search(school, q="khai giang").select_one("input[name=pham_vi][checked]")["value"] == "don-vi"
    assert search(department, q="khai giang").select_one("input[name=pham_vi][checked]")["value"] == "toan-nganh"


def test_site_scope_shows_only_the_site_and_the_shared_library(school, other_school):
    add_news(other_school, "Hội thi văn nghệ dân tộc Mông ở Bắc Hà", slug="hoi-thi-van-nghe")
    assert total(search(school, q="hội thi văn nghệ dân tộc Mông")) == 0
    sector = search(school, q="hội thi văn nghệ dân tộc Mông", pham_vi="toan-nganh")
    assert titles(sector)[0] == "Hội thi văn nghệ dân tộc Mông ở Bắc Hà"
    link = sector.select_one(".hit-title a")["href"]
    assert link.startswith(f"http://{other_school.hostname}")  # another school's page is linked where it lives
    own = search(school, q="luat giao duc 2019")
    assert any("43/2019/QH14" in title for title in titles(own))  # the department's library is part of every site


def test_the_new_user_trial_school_finds_the_departments_plan_sector_wide(school):
    sector = search(school, q="ke hoach nam hoc", pham_vi="toan-nganh")
    assert any("Kế hoạch năm học 2026–2027 của ngành" in title for title in titles(sector)[:3])


def test_facets_count_and_narrow(department):
    soup = search(department, q="tuyen sinh")
    count = total(soup)
    kind_counts = {
        a.get_text(strip=True): int(a.find_next("span").get_text(strip=True).strip("()"))
        for a in soup.select(".facet a")
        if "loai=" in a["href"]
    }
    assert sum(kind_counts.values()) == count
    assert set(kind_counts) <= {"Tin tức", "Văn bản", "Thủ tục hành chính", "Hỏi đáp", "Trang"}
    documents = search(department, q="tuyen sinh", loai="van-ban")
    assert total(documents) == kind_counts["Văn bản"]
    assert all("Văn bản" in meta.get_text() for meta in documents.select(".hit .meta"))
    year = search(department, q="tuyen sinh", loai="van-ban", nam="2025")
    assert all("2025" in t.get("datetime", "") for t in year.select(".hit time"))


def test_unit_facet_on_sector_search(department, school, other_school):
    soup = search(department, q="chăm lo đời sống học sinh nội trú")
    units = {a.get_text(strip=True) for a in soup.select(".facet a") if "don-vi=" in a["href"]}
    assert other_school.display_name in units and school.display_name not in units
    narrowed = search(department, q="chăm lo đời sống học sinh nội trú", **{"don-vi": other_school.code})
    metas = [m.get_text() for m in narrowed.select(".hit .meta")]
    assert metas and all(other_school.display_name in meta for meta in metas)


def test_snippets_highlight_words_typed_without_accents(department):
    soup = search(department, q="phong chong ret")
    marks = [m.get_text() for m in soup.select(".hit-snippet mark")]
    assert "rét" in [m.lower() for m in marks]


def test_sort_by_date(department):
    soup = search(department, q="kiem tra danh gia", **{"sap-xep": "moi-nhat"})
    dates = [t["datetime"] for t in soup.select(".hit time")]
    assert dates == sorted(dates, reverse=True) and len(dates) > 2


def test_pagination(department):
    first = search(department, q="nam hoc")
    assert total(first) > 10 and len(first.select(".hit")) == 10
    second = search(department, q="nam hoc", trang=2)
    links = [{a["href"] for a in soup.select(".hit-title a")} for soup in (first, second)]
    assert len(links[0]) == 10 and links[0].isdisjoint(links[1])
    assert second.select_one("a[rel=prev]") and first.select_one("a[rel=next]")


def test_empty_result_suggests_the_other_scope_and_a_spelling(school):
    soup = search(school, q="tuyen sinnh lop muoi")
    text = soup.select_one(".no-results").get_text(" ", strip=True)
    assert "Tìm trong toàn ngành" in text
    assert "Có phải bạn muốn tìm" in text and "tuyen sinh" in text


def test_drafts_private_expired_and_closed_units_never_appear(school, other_school):
    draft = NewsPage(title="Bản nháp tuyệt mật chưa đăng", slug="ban-nhap-mat", lead="x", body=[], live=False)
    NewsIndexPage.objects.child_of(school.home_page).get().add_child(instance=draft)
    draft.save_revision()
    private = add_news(school, "Tin nội bộ có mật khẩu riêng", slug="tin-noi-bo")
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="bimat")
    expired = add_news(school, "Thông báo đã hết hạn đăng", slug="het-han")
    NewsPage.objects.filter(pk=expired.pk).update(expire_at=timezone.now() - timezone.timedelta(minutes=1))
    call_command("publish_scheduled", stdout=io.StringIO())
    unpublished = add_news(school, "Tin đã gỡ xuống khỏi trang", slug="da-go")
    unpublished.unpublish()
    closed = add_news(other_school, "Tin của trường đã ngừng hoạt động", slug="truong-dong")
    Unit.objects.filter(pk=other_school.pk).update(is_active=False)
    secrets = {draft.title, private.title, expired.title, unpublished.title, closed.title}
    for query in [
        "tuyệt mật",
        "nội bộ mật khẩu",
        "đã hết hạn đăng",
        "gỡ xuống khỏi trang",
        "trường đã ngừng hoạt động",
    ]:
        for scope in ("don-vi", "toan-nganh"):
            found = titles(search(school, q=query, pham_vi=scope))
            assert secrets.isdisjoint(found), (query, scope, found)
        response = site_client(school).get("/tim-kiem/goi-y/", {"q": query, "pham_vi": "toan-nganh"})
        assert secrets.isdisjoint(item["title"] for item in response.json())


def test_suggestions_json_from_three_characters_without_accents(school):
    client = site_client(school)
    assert client.get("/tim-kiem/goi-y/", {"q": "ke"}).json() == []
    response = client.get("/tim-kiem/goi-y/", {"q": "ke hoa", "pham_vi": "toan-nganh"})
    assert response["Content-Type"].startswith("application/json")
    data = response.json()
    assert data and all({"title", "url", "kind"} <= set(item) for item in data)
    assert any(item["title"].startswith("Kế hoạch") for item in data)
    numbers = client.get("/tim-kiem/goi-y/", {"q": "3006/QD"}).json()
    assert numbers[0]["title"].startswith("Quyết định 3006/QĐ-UBND")
    assert numbers[0]["url"].startswith("/van-ban/xem/")


def test_department_editors_pin_results_for_a_query(department, login_client):
    page = LegalDocumentPage.objects.get(number="30/2024/TT-BGDĐT")
    client = login_client("so.duyet")
    response = client.post(
        "/admin/searchpicks/add/",
        {
            "query_string": "tuyển sinh",
            "editors_picks-TOTAL_FORMS": "1",
            "editors_picks-INITIAL_FORMS": "0",
            "editors_picks-MIN_NUM_FORMS": "0",
            "editors_picks-MAX_NUM_FORMS": "1000",
            "editors_picks-0-page": page.pk,
            "editors_picks-0-description": "Quy chế tuyển sinh mới nhất",
            "editors_picks-0-ORDER": "1",
            "editors_picks-0-id": "",
            "editors_picks-0-DELETE": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:500]
    assert SearchPromotion.objects.filter(query=Query.objects.get(query_string="tuyển sinh"), page=page).exists()
    soup = search(department, q="tuyen sinh")
    promoted = soup.select_one(".hit-promoted")
    assert (
        promoted and "30/2024/TT-BGDĐT" in promoted.get_text() and "Quy chế tuyển sinh mới nhất" in promoted.get_text()
    )
    school_editor = login_client("thpt-chuyen.bientap", host="thpt-chuyen.localhost")
    assert_refused(school_editor.get("/admin/searchpicks/add/"))


def test_frequent_and_fruitless_queries_report(department, login_client):
    for query in ["tuyen sinh", "tuyen sinh", "Tuyển sinh", "xyzzy không có"]:
        search(department, q=query)
    assert QueryStat.objects.get(query="tuyen sinh").searches == 2
    assert QueryStat.objects.get(query="xyzzy không có").without_results == 1
    body = login_client("so.bientap").get("/admin/reports/tu-khoa-tim-kiem/").content.decode()
    soup = BeautifulSoup(body, "html.parser")
    frequent, fruitless = soup.select("section table")
    assert "tuyen sinh" in frequent.get_text() and "xyzzy không có" in fruitless.get_text()
    assert "tuyen sinh" not in fruitless.get_text()
    assert_refused(
        login_client("thpt-chuyen.quantri", host="thpt-chuyen.localhost").get("/admin/reports/tu-khoa-tim-kiem/")
    )


def test_hostile_and_very_long_queries_are_harmless(department):
    for query in ["'; DROP TABLE wagtailcore_page; --", "<script>alert(1)</script>", "a" * 5000, "%_\\", "))) OR 1=1"]:
        response = site_client(department).get("/tim-kiem/", {"q": query})
        assert response.status_code == 200
        assert "<script>alert(1)</script>" not in response.content.decode()
    assert Page.objects.exists()


def test_search_box_in_every_page_header(school):
    soup = BeautifulSoup(site_client(school).get("/").content, "html.parser")
    box = soup.select_one("header form[role=search] input[name=q]")
    assert box and box["data-suggest"] == "/tim-kiem/goi-y/"


def test_update_index_rebuilds_the_postgresql_index(department):
    out = io.StringIO()
    call_command("update_index", stdout=out)
    soup = search(department, q="bao ve du lieu ca nhan")
    assert "13/2023/NĐ-CP" in titles(soup)[0]


def test_search_page_answers_in_a_bounded_number_of_queries(department, school):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = site_client(school)
    client.get("/tim-kiem/", {"q": "nam hoc", "pham_vi": "toan-nganh"})
    with CaptureQueriesContext(connection) as queries:
        client.get("/tim-kiem/", {"q": "nam hoc", "pham_vi": "toan-nganh"})
    assert len(queries) <= 40, len(queries)


def test_suggestions_keep_vietnamese_titles_in_the_json(school):
    raw = site_client(school).get("/tim-kiem/goi-y/", {"q": "luat giao"}).content.decode("utf-8")
    assert "Luật" in raw  # UTF-8, not \\u escapes, for the smallest payload
    assert any("Luật" in item["title"] for item in json.loads(raw))


def test_nothing_found_is_a_normal_page(department):
    soup = search(department, q="zzzzzz")
    assert total(soup) == 0 and soup.select_one(".no-results")
