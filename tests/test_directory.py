"""Danh bạ trường học: the department's and district offices' directory of active units, as HTML, CSV and HSDS JSON."""

import csv
import io
import json
import uuid

import pytest
from bs4 import BeautifulSoup

from schoolsite.models import DirectoryPage, SiteSettings, Unit
from schoolsite.roster import parse_roster

from .conftest import site_client
from .test_provisioning import ROSTER, provision, roster_rows, write_roster

pytestmark = pytest.mark.django_db


def listed(response):
    """{unit name: entry element} of the directory page."""
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    return {li.h2.get_text(strip=True): li for li in soup.select(".directory-list > li")}


def get(unit, path="/danh-ba/"):
    return site_client(unit).get(path, HTTP_USER_AGENT="Mozilla/5.0 (Linux; Android 13)")


def test_every_active_roster_unit_is_listed_with_its_contact_details(department):
    entries = listed(get(department))
    rows = parse_roster(ROSTER, local=True)
    assert set(entries) == {row.name for row in rows}
    for row in rows:
        text = entries[row.name].get_text(" ", strip=True)
        assert row.email in text
        assert row.district in text
    # Details a unit's administrators set in its site settings take precedence, as on the unit's Liên hệ page.
    chuyen = Unit.objects.get(code="thpt-chuyen")
    chuyen.phone, chuyen.head_name = "0214 3820 000", "Nguyễn Văn Hùng"
    chuyen.save()
    SiteSettings.objects.update_or_create(site=chuyen.site, defaults={"email": "vanphong@thptchuyen.edu.vn"})
    entry = listed(get(department))[chuyen.name]
    assert entry.select_one('a[href="tel:02143820000"]').get_text() == "0214 3820 000"
    assert "Nguyễn Văn Hùng" in entry.get_text()
    assert entry.select_one('a[href="mailto:vanphong@thptchuyen.edu.vn"]')
    assert entry.h2.a["href"] == chuyen.url


def test_deactivated_units_never_appear(department, other_school):
    other_school.is_active = False
    other_school.save()
    assert other_school.name not in listed(get(department))
    assert other_school.code not in get(department, "/danh-ba/csv/").content.decode("utf-8-sig")
    names = [org["name"] for org in json.loads(get(department, "/danh-ba/json/").content)["organizations"]]
    assert other_school.name not in names and len(names) == Unit.objects.active().count()


@pytest.mark.parametrize(
    ("query", "expected_codes"),
    [
        ("huyen=bac+ha", {"ptdtnt-bac-ha", "thpt-so1-bac-ha", "thpt-so2-bac-ha"}),
        ("huyen=B%E1%BA%AFc+H%C3%A0", {"ptdtnt-bac-ha", "thpt-so1-bac-ha", "thpt-so2-bac-ha"}),  # Bắc Hà
        ("huyen=BAC+HA&loai=ptdtnt", {"ptdtnt-bac-ha"}),
        ("loai=so", {"so"}),
        ("q=chuyen", {"thpt-chuyen"}),
    ],
)
def test_filters_by_district_type_and_name_ignore_accents(department, query, expected_codes):
    names = {u.name: u.code for u in Unit.objects.all()}
    assert {names[name] for name in listed(get(department, f"/danh-ba/?{query}"))} == expected_codes
    rows = list(csv.DictReader(io.StringIO(get(department, f"/danh-ba/csv/?{query}").content.decode("utf-8-sig"))))
    assert {row["Mã đơn vị"] for row in rows} == expected_codes


def test_all_ptdtnt_are_listed_by_type(department):
    assert len(listed(get(department, "/danh-ba/?loai=ptdtnt"))) == 9


def test_csv_opens_in_excel_with_every_active_unit(department, school):
    response = get(department, "/danh-ba/csv/")
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: Excel reads Vietnamese
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == Unit.objects.active().count()
    chuyen = next(row for row in rows if row["Mã đơn vị"] == school.code)
    assert chuyen["Tên đơn vị"] == school.name
    assert chuyen["Thư điện tử"] == school.email
    assert chuyen["Loại đơn vị"] == "Trường THPT"
    assert float(chuyen["Vĩ độ"]) == pytest.approx(float(school.latitude))
    assert get(department, "/danh-ba/?dinh_dang=csv").content == response.content


def test_json_follows_open_referral_hsds(department, school):
    response = get(department, "/danh-ba/json/")
    assert response["Content-Type"].startswith("application/json")
    data = json.loads(response.content)
    organizations, services, locations = data["organizations"], data["services"], data["locations"]
    assert len(organizations) == len(services) == len(locations) == Unit.objects.active().count()
    org_ids = {org["id"] for org in organizations}
    for record in organizations + services + locations:
        uuid.UUID(record["id"])  # HSDS identifiers are UUIDs
    assert len(org_ids) == len(organizations)
    for org in organizations:
        assert org["name"] and org["description"]
        assert org["parent_organization_id"] in org_ids | {None}
    for service in services:
        assert service["organization_id"] in org_ids and service["status"] == "active"
        assert service["service_at_locations"][0]["location_id"] in {loc["id"] for loc in locations}
    chuyen = next(org for org in organizations if org["name"] == school.name)
    assert chuyen["email"] == school.email and chuyen["website"] == school.url
    assert chuyen["organization_identifiers"][0]["identifier"] == school.code
    location = next(loc for loc in locations if loc["organization_id"] == chuyen["id"])
    assert location["location_type"] == "physical"
    assert location["latitude"] == pytest.approx(float(school.latitude))
    assert location["addresses"][0]["state_province"] == "Lào Cai" and location["addresses"][0]["country"] == "VN"
    # The same identifiers on every export, so that others can merge updates.
    assert json.loads(get(department, "/danh-ba/json/").content)["organizations"][0]["id"] == organizations[0]["id"]


def test_phones_appear_in_hsds_where_the_roster_has_them(department, school):
    Unit.objects.filter(pk=school.pk).update(phone="0214 3820 000")
    data = json.loads(get(department, "/danh-ba/json/?q=chuyen").content)
    assert data["organizations"][0]["phones"][0]["number"] == "0214 3820 000"
    assert data["locations"][0]["phones"][0]["number"] == "0214 3820 000"


def test_no_directory_on_a_school_site(school, other_school):
    assert get(school).status_code == 404
    assert get(other_school, "/danh-ba/json/").status_code == 404
    assert not DirectoryPage.can_create_at(school.home_page.specific)
    assert not DirectoryPage.objects.descendant_of(school.home_page).exists()


def test_the_list_works_without_javascript(department):
    html = get(department).content.decode()
    soup = BeautifulSoup(html, "html.parser")
    assert len(soup.select(".directory-list > li")) == Unit.objects.active().count()
    # The map is an enhancement: hidden until the script shows it; no inline script (CSP: script-src 'self').
    assert soup.select_one("#directory-map").has_attr("hidden")
    assert all(script.get("src") for script in soup.find_all("script"))
    assert soup.select_one("form.directory-filters")["method"] == "get"
    assert soup.select_one('label[for="dir-district"]') and soup.select_one('label[for="dir-type"]')


def test_the_map_tile_host_is_allowed_by_the_content_security_policy(department, settings):
    policy = get(department)["Content-Security-Policy"]
    img_src = next(part for part in policy.split(";") if part.strip().startswith("img-src"))
    assert "https://tile.openstreetmap.org" in img_src
    assert "script-src 'self'" in policy


def test_the_cached_directory_follows_roster_changes(department, school):
    first = get(department)
    assert "0214 3999 888" not in first.content.decode()
    assert get(department)["X-Page-Cache"] == "HIT"
    school.phone = "0214 3999 888"
    school.save()
    again = get(department)
    assert again["X-Page-Cache"] == "MISS"
    assert "0214 3999 888" in again.content.decode()
    # A school's own site settings refresh the department's directory too.
    assert get(department)["X-Page-Cache"] == "HIT"
    SiteSettings.objects.update_or_create(site=school.site, defaults={"phone": "0214 3777 666"})
    assert "0214 3777 666" in get(department).content.decode()


def test_a_district_office_lists_the_units_of_its_district(tmp_path):
    rows = roster_rows()
    phong = dict(rows[0], code="phong-bac-ha", name="Phòng Giáo dục và Đào tạo Bắc Hà", short_name="Phòng GD&ĐT Bắc Hà",
                 unit_type="phong", district="Bắc Hà", parent_code="so", hostname="phong-bac-ha.laocai.edu.vn",
                 email="phongbacha@laocai.edu.vn")  # fmt: skip
    school = dict(rows[5], code="thcs-bac-ha", name="Trường THCS thị trấn Bắc Hà", short_name="THCS TT Bắc Hà",
                  unit_type="thcs", district="Bắc Hà", parent_code="phong-bac-ha", hostname="thcs-bac-ha.laocai.edu.vn",
                  email="thcsbacha@laocai.edu.vn")  # fmt: skip
    provision(write_roster(tmp_path / "r.csv", rows + [phong, school]))
    office = Unit.objects.get(code="phong-bac-ha")
    assert DirectoryPage.objects.child_of(office.home_page).count() == 1
    names = set(listed(get(office)))
    expected = set(Unit.objects.active().filter(district="Bắc Hà").values_list("name", flat=True))
    assert names == expected
    assert "Trường THCS thị trấn Bắc Hà" in names and "Trường THPT Chuyên Lào Cai" not in names
    assert "Sở Giáo dục và Đào tạo tỉnh Lào Cai" not in names
    # Coordinates kept: this roster had no location columns.
    assert Unit.objects.get(code="thpt-chuyen").latitude is not None


def test_roster_location_columns_are_optional_and_checked(tmp_path):
    from schoolsite.roster import COLUMNS, RosterInvalid

    rows = roster_rows()
    rows[1]["latitude"] = "22,5"  # a decimal comma, as typed in Vietnamese
    path = tmp_path / "r.csv"
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS + ["latitude", "longitude"])
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    parsed = parse_roster(path)
    assert str(parsed[1].unit_fields()["latitude"]) == "22.50000"
    rows[2]["longitude"] = "999"
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS + ["latitude", "longitude"])
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    with pytest.raises(RosterInvalid) as error:
        parse_roster(path)
    assert "Dòng 4, cột longitude" in str(error.value.errors[0])


# A one-pixel PNG for the map tiles: the test must not depend on OpenStreetMap's servers.
TILE = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8cf00000301010018dd8db00000000049454e44ae426082"
)


@pytest.mark.browser
def test_a_parent_on_a_phone_finds_a_school_by_district(live_portal, phone_page, department):
    page = phone_page
    page.route("https://tile.openstreetmap.org/**", lambda route: route.fulfill(body=TILE, content_type="image/png"))
    page.goto(f"http://{department.hostname}:{live_portal}/danh-ba/")
    assert page.locator("h1").inner_text() == "Danh bạ trường học"
    # The script shows the map above the list (Leaflet loaded from our own origin).
    page.wait_for_selector("#directory-map[data-ready]")
    assert page.locator("#directory-map").is_visible()
    assert page.locator(".leaflet-interactive").count() == Unit.objects.active().count()

    page.get_by_label("Huyện, thị xã, thành phố").select_option("Bắc Hà")
    page.get_by_role("button", name="Lọc").click()
    page.wait_for_url("**/danh-ba/?huyen=*")
    entries = page.locator(".directory-entry")
    assert entries.count() == 3
    assert all("Bắc Hà" in text for text in entries.all_inner_texts())
    school = page.locator("#don-vi-ptdtnt-bac-ha")
    assert school.is_visible()
    assert school.get_by_role("link", name="ptdtntbacha@laocai.edu.vn").is_visible()
    assert page.locator(".leaflet-interactive").count() == 3
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert page.console_errors == []
    page.screenshot(path="/tmp/sgddt-disclosure-directory-phone.png", full_page=False)


@pytest.mark.browser
def test_without_javascript_the_directory_is_a_plain_list(live_portal, browser, department):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(f"http://{department.hostname}:{live_portal}/danh-ba/?loai=ptdtnt")
    assert page.locator(".directory-entry").count() == 9
    assert not page.locator("#directory-map").is_visible()
    context.close()


def test_a_long_directory_is_paginated_but_exports_are_whole(department, monkeypatch):
    from schoolsite import directory

    monkeypatch.setattr(directory, "PER_PAGE", 10)
    total = Unit.objects.active().count()
    first = get(department)
    assert len(listed(first)) == 10
    assert f"{total} đơn vị" in first.content.decode()
    last = get(department, f"/danh-ba/?trang={(total - 1) // 10 + 1}")
    assert len(listed(last)) == total - 10 * ((total - 1) // 10)
    assert 'rel="prev"' in last.content.decode()
    rows = list(csv.DictReader(io.StringIO(get(department, "/danh-ba/csv/?trang=2").content.decode("utf-8-sig"))))
    assert len(rows) == total


def test_districts_are_listed_in_vietnamese_alphabetical_order():
    """ă, â, đ… are letters of their own: Bảo Thắng, Bảo Yên, Bát Xát, then Bắc Hà; tone marks only break ties."""
    from home.tabular import vietnamese_sort_key

    names = ["Bắc Hà", "Bát Xát", "Bảo Yên", "Bảo Thắng", "Đà Lạt", "Dân Chủ", "Ba Bể"]
    assert sorted(names, key=vietnamese_sort_key) == [
        "Ba Bể", "Bảo Thắng", "Bảo Yên", "Bát Xát", "Bắc Hà", "Dân Chủ", "Đà Lạt"
    ]  # fmt: skip
    districts = Unit.objects.active().districts()
    assert districts == sorted(set(districts), key=vietnamese_sort_key)
    assert districts.index("Bát Xát") < districts.index("Bắc Hà")
