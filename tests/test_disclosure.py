"""Công khai (Thông tư 09/2024/TT-BGDĐT): categories per unit type, the school-year index, the department's report."""

import csv
import datetime
import io
import json

import openpyxl
import pytest
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Page

from disclosure.categories import CATEGORIES, categories_for
from disclosure.models import DisclosureEntryPage, DisclosureIndexPage
from disclosure.school_years import current_school_year, parse_school_year, school_year_of
from reports import services
from schoolsite.models import DirectoryPage, Unit, UnitType

from .conftest import assert_refused, site_client
from .test_provisioning import ROSTER, provision, snapshot

pytestmark = pytest.mark.django_db


def slugs(unit_type):
    return [category.slug for category in categories_for(unit_type)]


def previous(year):
    start = int(year[:4]) - 1
    return f"{start}-{start + 1}"


def index_of(unit):
    return DisclosureIndexPage.objects.child_of(unit.home_page).get()


def add_entry(unit, category, title, *, year=None, publish=True):
    page = index_of(unit).add_child(
        instance=DisclosureEntryPage(
            title=title,
            school_year=year or current_school_year(),
            category=category,
            body=f"<p>{title}</p>",
            live=False,
        )
    )
    revision = page.save_revision()
    if publish:
        revision.publish()
    return DisclosureEntryPage.objects.get(pk=page.pk)


# --- Categories and school years ------------------------------------------------------------


def test_each_unit_type_has_the_categories_of_its_kind_of_institution():
    thpt, ptdtnt, so = slugs(UnitType.THPT), slugs(UnitType.PTDTNT), slugs(UnitType.SO)
    # General schools: general information, finance, staff, facilities, quality, plan, results, annual report.
    for slug in ["thong-tin-chung", "tai-chinh", "doi-ngu", "co-so-vat-chat", "kiem-dinh", "ke-hoach", "ket-qua"]:
        assert slug in thpt and slug in ptdtnt
    assert thpt[-1] == ptdtnt[-1] == "bao-cao-thuong-nien"
    # Boarding schools feed their pupils: they publish the menus; a day THPT does not.
    assert "thuc-don" in ptdtnt and "thuc-don" not in thpt
    assert "thuc-don" in slugs(UnitType.MN)
    # The department and district offices are not schools: their budget, not staff or facilities.
    assert so == slugs(UnitType.PHONG)
    assert "du-toan-ngan-sach" in so and "doi-ngu" not in so and "thong-tin-chung" not in so
    for unit_type in UnitType:
        assert slugs(unit_type), unit_type
        assert len(set(slugs(unit_type))) == len(slugs(unit_type))
        assert all(slug in CATEGORIES for slug in slugs(unit_type))


def test_the_school_year_starts_in_september_in_vietnam_time():
    assert school_year_of(datetime.date(2026, 8, 31)) == "2025-2026"
    assert school_year_of(datetime.date(2026, 9, 1)) == "2026-2027"
    assert school_year_of(datetime.date(2027, 6, 30)) == "2026-2027"
    # 31 August 17:30 UTC is already 1 September in Asia/Ho_Chi_Minh.
    moment = datetime.datetime(2026, 8, 31, 17, 30, tzinfo=datetime.UTC)
    assert current_school_year(timezone.localdate(moment)) == "2026-2027"


@pytest.mark.parametrize(
    ("value", "expected"),
    [("2026-2027", "2026-2027"), (" 2026 – 2027 ", "2026-2027"), ("2026/2027", "2026-2027"), ("2026-2028", None),
     ("2026", None), ("abc", None), ("", None)],
)  # fmt: skip
def test_school_year_parameter(value, expected):
    assert parse_school_year(value) == expected


# --- The public page --------------------------------------------------------------------------


def categories_shown(html):
    """{category title: [entry titles] or None when shown as not disclosed}."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    shown = {}
    for item in soup.select(".disclosure-category"):
        title = item.h2.get_text(strip=True)
        missing = item.select_one(".disclosure-missing")
        shown[title] = None if missing else [a.get_text(strip=True) for a in item.select(".disclosure-title")]
        if missing:
            assert missing.get_text(strip=True) == "Chưa công khai"
    return shown


def test_the_current_school_year_is_shown_by_default_with_missing_categories(school):
    year = current_school_year()
    response = site_client(school).get("/cong-khai/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<option value="{year}" selected>' in html
    shown = categories_shown(html)
    assert list(shown) == [str(c.title) for c in categories_for(UnitType.THPT)]
    # The demo THPT Chuyên published seven categories this year; the annual report is missing.
    assert shown["Báo cáo thường niên"] is None
    assert shown["Thông tin chung về cơ sở giáo dục"] == [f"Thông tin chung về nhà trường năm học {year}"]
    assert sum(1 for items in shown.values() if items is None) == 1
    assert "Còn 1 mục chưa công khai." in html


def test_another_school_year_shows_its_own_entries(school):
    year = previous(current_school_year())
    html = site_client(school).get(f"/cong-khai/?nam_hoc={year}").content.decode()
    assert f'<option value="{year}" selected>' in html
    shown = categories_shown(html)
    assert shown["Báo cáo thường niên"] == [f"Báo cáo thường niên năm học {year}"]
    assert shown["Kết quả hoạt động giáo dục"] == ["Kết quả giáo dục năm học trước"]
    assert shown["Thông tin chung về cơ sở giáo dục"] is None
    # A year nobody wrote anything for: every category is missing, and the page says so.
    empty = categories_shown(site_client(school).get("/cong-khai/?nam_hoc=2019-2020").content.decode())
    assert set(empty.values()) == {None}


def test_a_wrong_year_falls_back_to_the_current_one(school):
    html = site_client(school).get("/cong-khai/?nam_hoc=2026-2030").content.decode()
    assert f'<option value="{current_school_year()}" selected>' in html
    assert "Năm học ghi không đúng dạng" in html


def test_boarding_school_lists_the_menu_and_the_department_its_budget(other_school, department):
    shown = categories_shown(site_client(other_school).get("/cong-khai/").content.decode())
    assert shown["Thực đơn dự kiến hằng ngày, hằng tuần"] == ["Thực đơn bữa ăn học sinh nội trú tuần này"]
    shown = categories_shown(site_client(department).get("/cong-khai/").content.decode())
    assert list(shown) == [str(c.title) for c in categories_for(UnitType.SO)]
    assert shown["Quyết toán ngân sách"] is None


def test_drafts_and_unpublished_entries_are_not_shown(other_school):
    draft = add_entry(other_school, "doi-ngu", "Đội ngũ giáo viên (bản nháp)", publish=False)
    assert not draft.live
    published = add_entry(other_school, "kiem-dinh", "Kết quả kiểm định chất lượng")
    html = site_client(other_school).get("/cong-khai/").content.decode()
    shown = categories_shown(html)
    assert shown["Đội ngũ cán bộ quản lý, giáo viên, nhân viên"] is None
    assert "bản nháp" not in html
    assert shown["Kết quả đánh giá và kiểm định chất lượng giáo dục"] == ["Kết quả kiểm định chất lượng"]
    assert site_client(other_school).get(draft.url_path[len(other_school.home_page.url_path) - 1 :]).status_code == 404

    published.unpublish()
    shown = categories_shown(site_client(other_school).get("/cong-khai/").content.decode())
    assert shown["Kết quả đánh giá và kiểm định chất lượng giáo dục"] is None


def test_an_entry_page_shows_its_year_category_date_and_file(school):
    entry = DisclosureEntryPage.objects.descendant_of(school.home_page).filter(category="thong-tin-chung").first()
    html = site_client(school).get(f"/cong-khai/{entry.slug}/").content.decode()
    assert "Thông tin chung về cơ sở giáo dục" in html
    assert entry.school_year.replace("-", "–") in html
    assert entry.published_on.strftime("%d/%m/%Y") in html
    assert entry.document.url in html


# --- The editor picks from lists ----------------------------------------------------------------


def draftail(text):
    block = {"key": "a1b2c", "type": "unstyled", "text": text, "depth": 0, "inlineStyleRanges": [], "entityRanges": []}
    return json.dumps({"blocks": [block], "entityMap": {}})


def test_a_clerk_picks_year_and_category_of_their_unit_type(login_client, school):
    client = login_client("thpt-chuyen.quantri", host=school.hostname)
    add_url = f"/admin/pages/add/disclosure/disclosureentrypage/{index_of(school).pk}/"
    html = client.get(add_url).content.decode()
    assert 'value="bao-cao-thuong-nien"' in html
    assert 'value="thuc-don"' not in html and 'value="du-toan-ngan-sach"' not in html
    assert f'value="{current_school_year()}" selected' in html

    data = {
        "title": "Báo cáo thường niên",
        "slug": "bao-cao-thuong-nien-moi",
        "school_year": current_school_year(),
        "category": "thuc-don",  # not a THPT category
        "published_on": timezone.localdate().isoformat(),
        "body": draftail("Báo cáo thường niên của nhà trường."),
        "action-publish": "action-publish",
    }
    refused = client.post(add_url, data)
    assert refused.status_code == 200
    assert not DisclosureEntryPage.objects.filter(slug="bao-cao-thuong-nien-moi").exists()

    client.post(add_url, {**data, "category": "bao-cao-thuong-nien"})
    entry = DisclosureEntryPage.objects.get(slug="bao-cao-thuong-nien-moi")
    assert entry.live and entry.category == "bao-cao-thuong-nien"
    edit = client.get(f"/admin/pages/{entry.pk}/edit/").content.decode()
    assert 'value="bao-cao-thuong-nien" selected' in edit and 'value="thuc-don"' not in edit
    shown = categories_shown(site_client(school).get("/cong-khai/").content.decode())
    assert shown["Báo cáo thường niên"] == ["Báo cáo thường niên"]


def test_an_entry_without_content_is_refused_with_a_message(login_client, school):
    client = login_client("thpt-chuyen.quantri", host=school.hostname)
    add_url = f"/admin/pages/add/disclosure/disclosureentrypage/{index_of(school).pk}/"
    response = client.post(
        add_url,
        {
            "title": "Trống",
            "slug": "trong",
            "school_year": current_school_year(),
            "category": "doi-ngu",
            "published_on": timezone.localdate().isoformat(),
            "body": draftail(""),
            "action-publish": "action-publish",
        },
    )
    assert response.status_code == 200
    assert "Hãy nhập nội dung, hoặc chọn một tệp đính kèm" in response.content.decode()
    assert not DisclosureEntryPage.objects.filter(slug="trong").exists()


# --- The department's report ----------------------------------------------------------------------


def rows_by_unit(report):
    return {row["unit"]: row for row in report.tables[0].rows}


def test_the_report_counts_what_each_unit_has_not_published(school, other_school, department):
    period = services.default_period("disclosure")
    add_entry(other_school, "doi-ngu", "Đội ngũ (nháp)", publish=False)  # a draft does not count
    add_entry(other_school, "kiem-dinh", "Kiểm định")
    add_entry(other_school, "kiem-dinh", "Kiểm định, bản bổ sung")  # two entries are still one category
    add_entry(other_school, "ket-qua", "Kết quả năm trước", year=previous(current_school_year()))  # another year
    report = services.build("disclosure", Unit.objects.all(), period)
    rows = rows_by_unit(report)
    assert len(rows) == Unit.objects.active().count()
    assert current_school_year() in report.title
    chuyen, bac_ha, so = rows[school.name], rows[other_school.name], rows[department.name]
    assert (chuyen["required"], chuyen["published"], chuyen["missing"]) == (8, 7, 1)
    assert chuyen["missing_list"] == "Báo cáo thường niên"
    # PTDTNT Bắc Hà: 9 categories; the demo published 4, this test one more.
    assert (bac_ha["required"], bac_ha["published"], bac_ha["missing"]) == (9, 5, 4)
    assert "Đội ngũ cán bộ quản lý, giáo viên, nhân viên" in bac_ha["missing_list"]
    assert (so["required"], so["published"], so["missing"]) == (3, 2, 1)
    # A THPT without any entry misses all eight.
    empty = rows["Trường THPT số 2 Bắc Hà"]
    assert (empty["published"], empty["missing"]) == (0, 8)
    missing_pairs = report.tables[1].rows
    assert len(missing_pairs) == sum(row["missing"] for row in rows.values())
    assert {"unit": school.name, "category": "Báo cáo thường niên"}.items() <= next(
        pair for pair in missing_pairs if pair["unit"] == school.name
    ).items()
    assert next(pair for pair in missing_pairs if pair["unit"] == school.name)["url"].endswith("/cong-khai/")


def test_the_report_is_scoped_by_permission_and_exports(login_client, school, other_school):
    staff = login_client("so.duyet")
    page = staff.get("/admin/bao-cao/disclosure/")
    assert page.status_code == 200
    assert f"Năm học {current_school_year()}: mọi tháng" in page.content.decode()
    rows = list(
        csv.reader(io.StringIO(staff.get("/admin/bao-cao/disclosure/?dinh-dang=csv").content.decode("utf-8-sig")))
    )
    assert rows[0][:3] == ["Đơn vị", "Huyện/thị xã/thành phố", "Loại"]
    assert len(rows) - 1 == Unit.objects.active().count()
    workbook = openpyxl.load_workbook(io.BytesIO(staff.get("/admin/bao-cao/disclosure/?dinh-dang=xlsx").content))
    assert workbook.sheetnames == ["Theo đơn vị", "Mục chưa công khai"]

    admin = login_client("thpt-chuyen.quantri", host=school.hostname)
    own = list(
        csv.reader(io.StringIO(admin.get("/admin/bao-cao/disclosure/?dinh-dang=csv").content.decode("utf-8-sig")))
    )
    assert [row[0] for row in own[1:]] == [school.name]
    asked_other = admin.get(f"/admin/bao-cao/disclosure/?don-vi={other_school.code}&dinh-dang=csv")
    assert other_school.name not in asked_other.content.decode("utf-8-sig")
    assert_refused(login_client("thpt-chuyen.bientap", host=school.hostname).get("/admin/bao-cao/disclosure/"))


def test_export_report_command_writes_the_disclosure_report(tmp_path, school):
    out = tmp_path / "cong-khai.csv"
    call_command("export_report", "disclosure", "--format", "csv", "-o", str(out), "--unit-type", "thpt",
                 stdout=io.StringIO())  # fmt: skip
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert len(rows) == Unit.objects.active().filter(unit_type="thpt").count() == 27
    chuyen = next(row for row in rows if row["Đơn vị"] == school.name)
    assert chuyen["Chưa công khai"] == "1"


# --- Provisioning -------------------------------------------------------------------------------------


def test_provisioning_adds_the_section_to_existing_sites_once(school, department):
    index_of(school).delete()  # a site made before the section existed
    assert site_client(school).get("/cong-khai/").status_code == 404
    provision(ROSTER)
    assert DisclosureIndexPage.objects.child_of(school.home_page).count() == 1
    assert site_client(school).get("/cong-khai/").status_code == 200
    before = snapshot()
    provision(ROSTER)
    assert snapshot() == before
    for unit in Unit.objects.active().select_related("home_page"):
        children = Page.objects.child_of(unit.home_page)
        assert children.type(DisclosureIndexPage).count() == 1
        assert children.type(DirectoryPage).count() == (1 if unit.unit_type == UnitType.SO else 0)
