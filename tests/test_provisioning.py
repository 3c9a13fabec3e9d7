"""Provisioning from a roster: idempotent, complete, and all-or-nothing."""

import codecs
import csv
import io
import unicodedata
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from openpyxl import Workbook
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, GroupSitePermission, Page, Site

from schoolsite.models import Unit, UnitGroup, UnitRole
from schoolsite.roster import COLUMNS, RosterInvalid, parse_roster
from schoolsite.roster_generator import generate

pytestmark = pytest.mark.django_db

ROSTER = Path(__file__).resolve().parent.parent / "fixtures" / "roster" / "lao-cai.csv"
SECTION_SLUGS = [
    "gioi-thieu",
    "tin-tuc",
    "van-ban",
    "thu-tuc-hanh-chinh",
    "hoi-dap",
    "cong-khai",
    "lich-cong-tac",
    "su-kien",
    "thu-vien-anh",
    "lien-he",
]


def snapshot():
    """Row counts of everything provisioning creates."""
    return {
        "units": Unit.objects.count(),
        "active": Unit.objects.active().count(),
        "sites": Site.objects.count(),
        "pages": Page.objects.count(),
        "collections": Collection.objects.count(),
        "groups": Group.objects.count(),
        "unit_groups": UnitGroup.objects.count(),
        "page_permissions": GroupPagePermission.objects.count(),
        "collection_permissions": GroupCollectionPermission.objects.count(),
        "site_permissions": GroupSitePermission.objects.count(),
    }


def roster_rows():
    with open(ROSTER, encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def as_windows_1258(text):
    """Text as Windows-1258 spells Vietnamese: base letters with separate tone marks."""
    result = []
    for char in text:
        parts = unicodedata.normalize("NFD", char)
        tones = "".join(c for c in parts if c in TONE_MARKS)
        result.append(unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONE_MARKS)) + tones)
    return "".join(result)


def write_roster(path, rows, encoding="utf-8", bom=False):
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\r\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    text = buffer.getvalue()
    data = (as_windows_1258(text) if encoding == "cp1258" else text).encode(encoding)
    if bom:
        data = codecs.BOM_UTF8 + data
    path.write_bytes(data)
    return path


def provision(path, *args):
    out, err = io.StringIO(), io.StringIO()
    call_command("provision_units", str(path), "--local", *args, stdout=out, stderr=err)
    return out.getvalue()


def provision_error(path, *args):
    err = io.StringIO()
    with pytest.raises(CommandError) as excinfo:
        call_command("provision_units", str(path), "--local", *args, stdout=io.StringIO(), stderr=err)
    return str(excinfo.value), err.getvalue()


def test_the_shipped_roster_has_the_department_27_thpt_and_9_ptdtnt():
    rows = parse_roster(ROSTER)
    types = [row.unit_type for row in rows]
    assert types.count("so") == 1 and types.count("thpt") == 27 and types.count("ptdtnt") == 9
    assert rows[0].code == "so"
    assert all(row.parent_code == "so" for row in rows[1:])
    assert len({row.hostname for row in rows}) == 37


def test_provisioning_twice_changes_nothing():
    before = snapshot()
    output = provision(ROSTER)
    assert "tạo 0, cập nhật 0, mở lại 0, ngừng hoạt động 0, giữ nguyên 37" in output
    assert snapshot() == before


def test_each_unit_has_site_home_sections_collection_and_three_groups():
    for unit in Unit.objects.select_related("site", "home_page", "collection"):
        assert unit.site.hostname == f"{unit.code}.localhost"
        assert unit.site.root_page_id == unit.home_page_id
        assert unit.collection.name == unit.name
        slugs = list(unit.home_page.get_children().values_list("slug", flat=True))
        expected = list(SECTION_SLUGS)
        if unit.unit_type in ("so", "phong"):  # the directory of units, before Liên hệ
            expected.insert(expected.index("lien-he"), "danh-ba")
        assert slugs[: len(expected)] == expected
        roles = {link.role: link.group for link in unit.groups.select_related("group")}
        assert set(roles) == set(UnitRole)
        for role, group in roles.items():
            page_perms = GroupPagePermission.objects.filter(group=group)
            # The home page, and its translations (/en/, /hmn/: translations/rights.py) where the unit has some.
            homes = set(unit.home_page.get_translations(inclusive=True).values_list("pk", flat=True))
            assert {p.page_id for p in page_perms} == homes
            assert {p.collection_id for p in GroupCollectionPermission.objects.filter(group=group)} == {
                unit.collection_id
            }
            can_publish = page_perms.filter(permission__codename="publish_page").exists()
            assert can_publish == (role != UnitRole.EDITOR)
        admin_sites = GroupSitePermission.objects.filter(group=roles[UnitRole.ADMIN])
        assert [p.site_id for p in admin_sites] == [unit.site_id]
        assert not GroupSitePermission.objects.filter(group=roles[UnitRole.EDITOR]).exists()


def test_changed_row_updates_unit_site_and_collection(tmp_path):
    rows = roster_rows()
    target = next(r for r in rows if r["code"] == "thpt-chuyen")
    target["name"] = "Trường THPT Chuyên tỉnh Lào Cai"
    target["phone"] = "0214 3820 000"
    output = provision(write_roster(tmp_path / "r.csv", rows))
    assert "cập nhật 1" in output
    unit = Unit.objects.select_related("site", "collection").get(code="thpt-chuyen")
    assert unit.name == "Trường THPT Chuyên tỉnh Lào Cai"
    assert unit.phone == "0214 3820 000"
    assert unit.site.site_name == unit.name
    assert unit.collection.name == unit.name


def test_missing_row_deactivates_without_deleting(tmp_path, school):
    before = snapshot()
    rows = [r for r in roster_rows() if r["code"] != school.code]
    output = provision(write_roster(tmp_path / "r.csv", rows))
    assert "ngừng hoạt động 1" in output
    school.refresh_from_db()
    assert not school.is_active and school.deactivated_at is not None
    after = snapshot()
    assert after["active"] == before["active"] - 1
    assert {k: v for k, v in after.items() if k != "active"} == {k: v for k, v in before.items() if k != "active"}
    # Back in the roster: the same unit, site and pages come back.
    output = provision(ROSTER)
    assert "mở lại 1" in output
    school.refresh_from_db()
    assert school.is_active and school.deactivated_at is None
    assert snapshot() == before


def test_roster_that_would_close_over_a_tenth_of_units_is_refused(tmp_path):
    before = snapshot()
    rows = roster_rows()[:30]  # drops 7 of 37 units
    message, errors = provision_error(write_roster(tmp_path / "short.csv", rows))
    assert "không có gì bị thay đổi" in message
    assert "--allow-deactivate" in errors
    assert snapshot() == before
    output = provision(tmp_path / "short.csv", "--allow-deactivate")
    assert "ngừng hoạt động 7" in output
    assert Unit.objects.active().count() == 30


def test_dry_run_reports_and_changes_nothing(tmp_path):
    rows = roster_rows()
    rows[3]["address"] = "Phường Bắc Cường, thành phố Lào Cai"
    rows.append(dict(rows[5], code="thpt-moi", name="Trường THPT Mới", hostname="thpt-moi.laocai.edu.vn"))
    before = snapshot()
    output = provision(write_roster(tmp_path / "r.csv", rows), "--dry-run")
    assert "+ tạo thpt-moi: Trường THPT Mới (thpt-moi.localhost)" in output
    assert f"~ cập nhật {rows[3]['code']}: address:" in output
    assert "Chạy thử, không ghi gì. Sẽ tạo 1, cập nhật 1" in output
    assert snapshot() == before


def test_new_unit_in_roster_gets_a_working_site(tmp_path, client):
    rows = roster_rows()
    rows.append(dict(rows[5], code="thpt-moi", name="Trường THPT Mới", hostname="thpt-moi.laocai.edu.vn"))
    provision(write_roster(tmp_path / "r.csv", rows))
    response = client.get("/tin-tuc/", HTTP_HOST="thpt-moi.localhost")
    assert response.status_code == 200
    assert "Trường THPT Mới" in response.content.decode()


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda rows: rows[4].update(unit_type="dai-hoc"), "Dòng 6, cột unit_type: loại đơn vị “dai-hoc” không hợp lệ"),
        (lambda rows: rows[6].update(code=rows[5]["code"]), "Dòng 8, cột code: mã đơn vị “"),
        (lambda rows: rows[6].update(hostname=rows[5]["hostname"]), "Dòng 8, cột hostname: tên miền"),
        (lambda rows: rows[2].update(parent_code="phong-khong-co"), "đơn vị cấp trên “phong-khong-co” không có"),
        (lambda rows: rows[2].update(code="THPT Số 1"), "mã đơn vị “thpt số 1” không hợp lệ"),
        (lambda rows: rows[9].update(email="khong-phai-email"), "Dòng 11, cột email"),
        (lambda rows: rows[0].update(unit_type="thpt"), "đúng một Sở"),
    ],
)
def test_malformed_roster_lists_errors_by_row_and_changes_nothing(tmp_path, change, expected):
    rows = roster_rows()
    change(rows)
    before = snapshot()
    names_before = dict(Unit.objects.values_list("code", "name"))
    # Remote hostnames are checked too, so run without --local.
    err = io.StringIO()
    with pytest.raises(CommandError) as excinfo:
        call_command("provision_units", str(write_roster(tmp_path / "bad.csv", rows)), stdout=io.StringIO(), stderr=err)
    assert "lỗi; không có gì bị thay đổi" in str(excinfo.value)
    assert expected in err.getvalue()
    assert snapshot() == before
    assert dict(Unit.objects.values_list("code", "name")) == names_before


def test_all_errors_are_reported_at_once(tmp_path):
    rows = roster_rows()
    rows[4]["unit_type"] = "xyz"
    rows[10]["parent_code"] = "khong-co"
    rows[20]["name"] = ""
    _message, errors = provision_error(write_roster(tmp_path / "bad.csv", rows))
    assert "Dòng 6" in errors and "Dòng 12" in errors and "Dòng 22" in errors


def test_utf8_with_bom_and_windows_1258_rosters_are_read(tmp_path):
    rows = roster_rows()
    with_bom = parse_roster(write_roster(tmp_path / "bom.csv", rows, bom=True))
    cp1258 = parse_roster(write_roster(tmp_path / "cp1258.csv", rows, encoding="cp1258"))
    utf16 = parse_roster(write_roster(tmp_path / "utf16.csv", rows, encoding="utf-16"))
    assert [r.name for r in with_bom] == [r.name for r in cp1258] == [r.name for r in utf16]
    assert with_bom[1].name == "Trường THPT Chuyên Lào Cai"


def test_combining_diacritics_are_normalised_to_nfc(tmp_path):
    rows = roster_rows()
    rows[1]["name"] = unicodedata.normalize("NFD", rows[1]["name"])
    parsed = parse_roster(write_roster(tmp_path / "nfd.csv", rows))
    assert parsed[1].name == unicodedata.normalize("NFC", rows[1]["name"])
    assert unicodedata.is_normalized("NFC", parsed[1].name)


def test_mojibake_is_reported_as_a_bad_encoding(tmp_path):
    rows = roster_rows()
    # A UTF-8 file opened as Latin-1 and saved again: "Trường" becomes "TrÆ°á»ng".
    rows[3]["name"] = rows[3]["name"].encode("utf-8").decode("latin-1")
    with pytest.raises(RosterInvalid) as excinfo:
        parse_roster(write_roster(tmp_path / "mojibake.csv", rows))
    message = str(excinfo.value)
    assert "Dòng 5, cột name" in message and "sai bảng mã" in message


def test_undecodable_file_is_refused(tmp_path):
    path = tmp_path / "binary.csv"
    path.write_bytes(b"code,name,unit_type,parent_code,hostname\r\nso,S\x81\x8d\x8e,so,,a.b\r\n")
    with pytest.raises(RosterInvalid) as excinfo:
        parse_roster(path)
    assert "bảng mã" in str(excinfo.value)


def test_xlsx_roster_as_staff_keep_it(tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append([c.upper() if c == "code" else c for c in COLUMNS])  # header case does not matter
    for row in roster_rows():
        values = [row[c] for c in COLUMNS]
        values[COLUMNS.index("phone")] = 2143840123 if row["code"] == "thpt-chuyen" else None  # typed as a number
        sheet.append(values)
    path = tmp_path / "danh-sach.xlsx"
    workbook.save(path)
    rows = parse_roster(path, local=True)
    chuyen = next(r for r in rows if r.code == "thpt-chuyen")
    assert chuyen.phone == "02143840123"
    assert chuyen.hostname == "thpt-chuyen.localhost"
    assert len(rows) == 37


def test_hostnames_pasted_as_urls_are_cleaned(tmp_path):
    rows = roster_rows()
    rows[1]["hostname"] = "  HTTPS://THPT-Chuyen.LaoCai.edu.vn/  "
    parsed = parse_roster(write_roster(tmp_path / "r.csv", rows))
    assert parsed[1].hostname == "thpt-chuyen.laocai.edu.vn"


def test_generated_province_roster_is_valid_at_660_units(tmp_path):
    path = tmp_path / "province.csv"
    call_command("generate_roster", "--units", "660", str(path), stdout=io.StringIO())
    rows = parse_roster(path)
    assert len(rows) == 660
    types = {t: sum(1 for r in rows if r.unit_type == t) for t in {r.unit_type for r in rows}}
    assert types["phong"] == 9 and types["so"] == 1
    assert types["mn"] > 150 and types["th"] > 170 and types["thcs"] > 140
    by_code = {r.code: r for r in rows}
    assert all(by_code[r.parent_code].unit_type in {"so", "phong"} for r in rows if r.parent_code)


def test_generated_roster_is_deterministic():
    assert generate(120) == generate(120)
    assert generate(120, seed=1) != generate(120, seed=2)
