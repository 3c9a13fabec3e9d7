"""The sector's document library and administrative procedures."""

import datetime
import io
import json
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook
from wagtail.models import Page, Revision

from home.demo import minimal_pdf
from home.models import Attachment
from legal_docs.models import (
    DocumentLibraryPage,
    DocumentRelation,
    IssuingBody,
    LegalDocumentPage,
    LegalStatus,
    ProcedureIndexPage,
    ProcedurePage,
    RelationType,
    compute_status,
)
from tests.conftest import site_client

pytestmark = pytest.mark.django_db

EXECUTABLE = (
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"PE\x00\x00" + b"\x00" * 200
)


def library(unit):
    return DocumentLibraryPage.objects.child_of(unit.home_page).get()


def document(number):
    return LegalDocumentPage.objects.get(number=number)


def add_document(unit, number, **fields):
    body = IssuingBody.objects.get(unit=unit)
    values = {
        "title": f"Kế hoạch {number}",
        "number": number,
        "document_type": "ke-hoach",
        "issuing_body": body,
        "issued_date": datetime.date(2026, 9, 1),
        "summary": fields.pop("summary", f"Kế hoạch số {number}"),
    }
    values.update(fields)
    page = LegalDocumentPage(**values)
    library(unit).add_child(instance=page)
    return page


# --- Status on boundary dates --------------------------------------------------------

D = datetime.date


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (D(2021, 9, 4), LegalStatus.NOT_YET),  # the day before it takes effect
        (D(2021, 9, 5), LegalStatus.IN_FORCE),  # the day it takes effect
        (D(2030, 12, 31), LegalStatus.IN_FORCE),  # the last day before expiry
        (D(2031, 1, 1), LegalStatus.EXPIRED),  # the day of expiry: no longer in force
    ],
)
def test_status_on_boundary_dates(today, expected):
    assert compute_status(D(2021, 7, 20), D(2021, 9, 5), D(2031, 1, 1), today=today) == expected


def test_status_without_effective_date_starts_on_issue():
    assert compute_status(D(2026, 3, 1), None, None, today=D(2026, 2, 28)) == LegalStatus.NOT_YET
    assert compute_status(D(2026, 3, 1), None, None, today=D(2026, 3, 1)) == LegalStatus.IN_FORCE


def test_database_filter_agrees_with_the_computed_status(department):
    today = datetime.date.today()
    cases = {
        "NY-1": {"issued_date": today, "effective_date": today + datetime.timedelta(days=1)},
        "IF-1": {"issued_date": today - datetime.timedelta(days=3), "effective_date": today},
        "IF-2": {"issued_date": today, "effective_date": None, "expiry_date": today + datetime.timedelta(days=1)},
        "EX-1": {"issued_date": today - datetime.timedelta(days=30), "expiry_date": today},
        "PA-1": {"issued_date": today - datetime.timedelta(days=30), "status_override": LegalStatus.PARTIAL},
    }
    for number, fields in cases.items():
        add_document(department, f"{number}/KH-TEST", **fields)
    tests = LegalDocumentPage.objects.filter(number__endswith="/KH-TEST")
    for status in LegalStatus:
        by_query = set(tests.with_status(status).values_list("number", flat=True))
        by_property = {d.number for d in tests if d.status == status}
        assert by_query == by_property, status


def test_status_override_wins_and_shows_on_the_page(department):
    page = add_document(department, "99/KH-TEST", status_override=LegalStatus.SUSPENDED)
    assert page.status == LegalStatus.SUSPENDED
    body = site_client(department).get(page.url).content.decode()
    assert "Ngưng hiệu lực" in body


# --- Relations, scope, detail --------------------------------------------------------


def test_relations_show_from_both_sides(department):
    newer, older = document("22/2021/TT-BGDĐT"), document("58/2011/TT-BGDĐT")
    assert DocumentRelation.objects.filter(source=newer, target=older, relation_type=RelationType.REPLACES).exists()
    client = site_client(department)
    newer_page = client.get(newer.url).content.decode()
    older_page = client.get(older.url).content.decode()
    assert "Thay thế:" in newer_page and "58/2011/TT-BGDĐT" in newer_page
    assert "Bị thay thế bởi:" in older_page and "22/2021/TT-BGDĐT" in older_page
    assert "Được sửa đổi, bổ sung bởi:" in older_page and "26/2020/TT-BGDĐT" in older_page


def test_department_document_shows_on_every_school_site_without_a_copy(department, school, other_school):
    doc = document("09/2024/TT-BGDĐT")
    assert doc.sector_wide
    count = LegalDocumentPage.objects.filter(number="09/2024/TT-BGDĐT").count()
    for unit in (school, other_school):
        client = site_client(unit)
        listing = client.get("/van-ban/", {"q": "09/2024"}).content.decode()
        assert f'href="/van-ban/xem/{doc.pk}/"' in listing
        detail = client.get(f"/van-ban/xem/{doc.pk}/")
        assert detail.status_code == 200
        body = detail.content.decode()
        assert "Quy định về công khai" in body
        assert f'<link rel="canonical" href="{doc.full_url}">' in body
        assert unit.name in body  # rendered in the school's own site
    assert LegalDocumentPage.objects.filter(number="09/2024/TT-BGDĐT").count() == count == 1


def test_school_document_only_on_its_own_site_unless_listed(school, other_school, department):
    own = LegalDocumentPage.objects.descendant_of(school.home_page).first()
    assert not own.sector_wide
    assert own.number in site_client(school).get("/van-ban/").content.decode()
    for unit in (other_school, department):
        found, body = count(site_client(unit), q=own.number)
        assert found == 0 and f"/xem/{own.pk}/" not in body
    assert site_client(other_school).get(f"/van-ban/xem/{own.pk}/").status_code == 404
    own.listed_by_department = True
    own.save_revision().publish()
    own.refresh_from_db()
    assert own.sector_wide
    assert site_client(other_school).get(f"/van-ban/xem/{own.pk}/").status_code == 200


def test_own_document_at_the_shared_address_redirects_to_its_page(department):
    doc = document("09/2024/TT-BGDĐT")
    response = site_client(department).get(f"/van-ban/xem/{doc.pk}/")
    assert response.status_code == 301 and response.url == f"/van-ban/{doc.slug}/"


def test_detail_has_metadata_files_viewer_and_schema_org(department, school):
    doc = document("22/2021/TT-BGDĐT")
    body = site_client(school).get(f"/van-ban/xem/{doc.pk}/").content.decode()
    for text in [
        "Số ký hiệu",
        "22/2021/TT-BGDĐT",
        "Bộ Giáo dục và Đào tạo",
        "20/07/2021",
        "05/09/2021",
        "Còn hiệu lực",
    ]:
        assert text in body
    attachment = doc.attachments.first().attachment
    assert f'href="{attachment.url}"' in body and "(PDF, " in body
    assert '<iframe src="' + attachment.url in body
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', body, re.S).group(1))
    assert data["@type"] == "Legislation"
    assert data["legislationIdentifier"] == "22/2021/TT-BGDĐT"
    assert data["legislationLegalForce"] == "InForce"
    assert data["legislationPassedBy"]["name"] == "Bộ Giáo dục và Đào tạo"
    assert data["encoding"][0]["encodingFormat"] == "application/pdf"
    official_letter = LegalDocumentPage.objects.filter(document_type="cong-van").first()
    body = site_client(department).get(official_letter.url).content.decode()
    assert '"@type": "DigitalDocument"' in body


def test_downloads_are_counted(department):
    attachment = document("22/2021/TT-BGDĐT").attachments.first().attachment
    client = site_client(department)
    for _ in range(3):
        response = client.get(attachment.url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content).startswith(b"%PDF")
    attachment.refresh_from_db()
    assert attachment.download_count == 3
    assert len(attachment.sha256) == 64


# --- Library filters ---------------------------------------------------------------------


def count(client, **params):
    body = client.get("/van-ban/", params).content.decode()
    return int(re.search(r"(\d+) văn bản</p>", body).group(1)), body


def test_library_filters_narrow_the_list(school):
    client = site_client(school)
    total, _body = count(client)
    visible = LegalDocumentPage.objects.visible_from(library(school))
    assert total == visible.count()
    assert count(client, loai="thong-tu")[0] == visible.filter(document_type="thong-tu").count()
    moet = IssuingBody.objects.get(abbreviation="BGDĐT")
    assert count(client, **{"co-quan": moet.pk})[0] == visible.filter(issuing_body=moet).count()
    assert count(client, **{"linh-vuc": "thi-tuyen-sinh"})[0] == visible.filter(topic__slug="thi-tuyen-sinh").count()
    assert count(client, nam="2024")[0] == visible.filter(issued_date__year=2024).count()
    expired = count(client, **{"tinh-trang": "het-hieu-luc"})
    assert expired[0] == 4 and "17/2012/TT-BGDĐT" in expired[1]
    four = {"loai": "thong-tu", "co-quan": moet.pk, "linh-vuc": "chuyen-mon", "tinh-trang": "con-hieu-luc"}
    narrowed, body = count(client, **four)
    expected = visible.filter(document_type="thong-tu", issuing_body=moet, topic__slug="chuyen-mon")
    expected = expected.with_status(LegalStatus.IN_FORCE)
    assert narrowed == expected.count() >= 3
    assert "22/2021/TT-BGDĐT" in body and "17/2012/TT-BGDĐT" not in body
    assert count(client, loai="khong-co-loai-nay")[0] == total  # unknown values are ignored


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("22/2021/TT-BGDĐT", "22/2021/TT-BGDĐT"),
        ("22/2021/tt-bgddt", "22/2021/TT-BGDĐT"),
        ("3006/QD-UBND", "3006/QĐ-UBND"),
        ("3006", "3006/QĐ-UBND"),
        ("cong khai", "09/2024/TT-BGDĐT"),
        ("công khai trong hoạt động", "09/2024/TT-BGDĐT"),
        ("DAY THEM HOC THEM", "29/2024/TT-BGDĐT"),
    ],
)
def test_quick_box_finds_numbers_and_words_with_or_without_accents(school, query, expected):
    found, body = count(site_client(school), q=query)
    assert found >= 1 and expected in body


def test_library_is_paginated_and_sorted(school):
    client = site_client(school)
    first = client.get("/van-ban/").content.decode()
    assert first.count('class="doc-item"') == DocumentLibraryPage.per_page
    dates = re.findall(r'<time datetime="(\d{4}-\d\d-\d\d)"', first)
    assert dates == sorted(dates, reverse=True)
    oldest = client.get("/van-ban/", {"sap-xep": "cu-nhat"}).content.decode()
    assert "38/2005/QH11" in oldest
    assert 'rel="next"' in first


def test_library_query_count_does_not_grow_with_documents(department, school, settings):
    settings.PAGE_CACHE_SECONDS = 0  # the work of rendering, not of a cache hit
    client = site_client(school)
    params = {
        "loai": "cong-van",
        "linh-vuc": "chuyen-doi-so",
        "nam": "2025",
        "tinh-trang": "con-hieu-luc",
        "trang": "1",
    }
    client.get("/van-ban/", params)
    with CaptureQueriesContext(connection) as before:
        client.get("/van-ban/", params)
    for number in range(60):
        add_document(department, f"{number}/CV-THEM", document_type="cong-van", issued_date=datetime.date(2025, 3, 1))
    with CaptureQueriesContext(connection) as after:
        client.get("/van-ban/", params)
    assert len(after) == len(before) <= 20


# --- Procedures ---------------------------------------------------------------------------


def test_procedures_list_filters_and_legal_basis_both_ways(school):
    client = site_client(school)
    body = client.get("/thu-tuc-hanh-chinh/").content.decode()
    assert "10 thủ tục" in body
    assert "3 thủ tục" in client.get("/thu-tuc-hanh-chinh/", {"cap": "don-vi"}).content.decode()
    assert "4 thủ tục" in client.get("/thu-tuc-hanh-chinh/", {"linh-vuc": "thi-tuyen-sinh"}).content.decode()
    procedure = ProcedurePage.objects.get(code="1.005088")
    detail = client.get(f"/thu-tuc-hanh-chinh/xem/{procedure.pk}/").content.decode()
    for text in ["Trình tự thực hiện", "Trực tuyến", "Phiếu đăng ký dự thi", "Dịch vụ công trực tuyến toàn trình"]:
        assert text in detail
    doc = document("24/2024/TT-BGDĐT")
    assert f'href="/van-ban/xem/{doc.pk}/"' in detail  # the legal basis, shown in the school's own library
    assert "https://thisinh.thitotnghiepthpt.edu.vn/" in detail
    doc_page = client.get(f"/van-ban/xem/{doc.pk}/").content.decode()
    assert "Thủ tục hành chính căn cứ văn bản này" in doc_page and procedure.title in doc_page


# --- Attachments checked by content --------------------------------------------------------


def test_renamed_executable_posing_as_pdf_is_refused_in_the_admin(login_client, department):
    client = login_client("so.bientap")
    before = Attachment.objects.count()
    upload = SimpleUploadedFile("quyet-dinh.pdf", EXECUTABLE, content_type="application/pdf")
    response = client.post(
        "/admin/documents/add/", {"title": "Quyết định", "file": upload, "collection": department.collection_id}
    )
    assert response.status_code == 200
    assert "mang đuôi .pdf nhưng nội dung là tệp chương trình" in response.content.decode()
    assert Attachment.objects.count() == before
    genuine = SimpleUploadedFile("quyet-dinh.pdf", minimal_pdf(["Quyet dinh"]), content_type="application/pdf")
    response = client.post(
        "/admin/documents/add/", {"title": "Quyết định", "file": genuine, "collection": department.collection_id}
    )
    assert response.status_code == 302
    assert Attachment.objects.get(title="Quyết định").file_kind == "pdf"


def test_oversized_and_disallowed_files_are_refused(settings):
    from django.core.exceptions import ValidationError

    from home.files import check_attachment

    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 1000
    with pytest.raises(ValidationError, match="vượt giới hạn"):
        check_attachment(io.BytesIO(minimal_pdf(["x"]) + b" " * 2000), "lon.pdf")
    with pytest.raises(ValidationError, match="Không nhận tệp .exe"):
        check_attachment(io.BytesIO(EXECUTABLE), "chuong-trinh.exe")
    with pytest.raises(ValidationError, match="nội dung là"):
        check_attachment(io.BytesIO(minimal_pdf(["x"])), "bang-tinh.xlsx")


# --- Import and export ----------------------------------------------------------------------

HEADER = (
    "so_ky_hieu,loai_van_ban,co_quan_ban_hanh,ngay_ban_hanh,ngay_co_hieu_luc,linh_vuc,trich_yeu,tep_dinh_kem,can_cu\n"
)


def write(tmp_path, name, text, encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def zip_of(tmp_path, files):
    path = tmp_path / "tep.zip"
    with zipfile.ZipFile(path, "w") as bundle:
        for name, content in files.items():
            bundle.writestr(name, content)
    return path


def run_import(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_documents", *map(str, args), stdout=out, stderr=err)
    return out.getvalue()


def import_errors(*args):
    err = io.StringIO()
    with pytest.raises(CommandError) as excinfo:
        call_command("import_documents", *map(str, args), stdout=io.StringIO(), stderr=err)
    return str(excinfo.value), err.getvalue()


def snapshot():
    return (
        Page.objects.count(),
        Revision.objects.count(),
        Attachment.objects.count(),
        DocumentRelation.objects.count(),
    )


def test_import_dry_run_real_run_and_idempotency(tmp_path):
    csv_text = HEADER + (
        "15/2026/TT-BGDĐT,Thông tư,Bộ Giáo dục và Đào tạo,15/03/2026,01/05/2026,Hoạt động chuyên môn,"
        "Quy định về đánh giá năng lực ngoại ngữ,tt-15.pdf,43/2019/QH14\n"
        "200/SGDĐT-GDTrH,Công văn,Sở Giáo dục và Đào tạo tỉnh Lào Cai,20/03/2026,,Hoạt động chuyên môn,"
        "Hướng dẫn triển khai Thông tư 15/2026/TT-BGDĐT,,15/2026/TT-BGDĐT\n"
    )
    path = write(tmp_path, "van-ban.csv", csv_text)
    archive = zip_of(tmp_path, {"tt-15.pdf": minimal_pdf(["15/2026/TT-BGDDT"])})
    before = snapshot()
    output = run_import(path, "--attachments", archive, "--dry-run")
    assert "tệp hợp lệ, 2 văn bản" in output
    assert snapshot() == before

    output = run_import(path, "--attachments", archive)
    assert "2 tạo mới, 0 cập nhật, 0 không đổi; 1 tệp mới" in output
    circular = document("15/2026/TT-BGDĐT")
    assert circular.live and circular.sector_wide and circular.attachments.count() == 1
    letter = document("200/SGDĐT-GDTrH")
    assert [(r.relation_type, r.target.number) for r in letter.relations.all()] == [("can-cu", "15/2026/TT-BGDĐT")]

    after = snapshot()
    output = run_import(path, "--attachments", archive)
    assert "0 tạo mới, 0 cập nhật, 2 không đổi; 0 tệp mới" in output
    assert snapshot() == after  # no new page, revision, file or relation

    changed = path.read_text(encoding="utf-8").replace("ngoại ngữ", "ngoại ngữ của học sinh")
    path.write_text(changed, encoding="utf-8")
    assert "0 tạo mới, 1 cập nhật, 1 không đổi" in run_import(path, "--attachments", archive)
    assert document("15/2026/TT-BGDĐT").summary.endswith("của học sinh")


def test_bad_rows_are_all_reported_and_nothing_is_written(tmp_path):
    csv_text = HEADER + (
        "1/2026/TT-BGDĐT,Thông tư,Bộ Giáo dục và Đào tạo,15/03/2026,,Hoạt động chuyên môn,Hợp lệ,,\n"
        "2/2026/XX,Loại lạ,Bộ Giáo dục và Đào tạo,15/03/2026,,,Sai loại,,\n"
        "3/2026/XX,Thông tư,Bộ Không Có,15/03/2026,,,Sai cơ quan,,\n"
        "4/2026/XX,Thông tư,Bộ Giáo dục và Đào tạo,31/02/2026,,,Sai ngày,,\n"
        "5/2026/XX,Thông tư,Bộ Giáo dục và Đào tạo,15/03/2026,,,Thiếu tệp,khong-co.pdf,\n"
        "6/2026/XX,Thông tư,Bộ Giáo dục và Đào tạo,15/03/2026,,,Tệp giả,gia.pdf,\n"
        "7/2026/XX,Thông tư,Bộ Giáo dục và Đào tạo,15/03/2026,,,Căn cứ không có,,999/9999/ZZ\n"
        "1/2026/TT-BGDĐT,Thông tư,Bộ Giáo dục và Đào tạo,15/03/2026,,,Trùng dòng 2,,\n"
    )
    path = write(tmp_path, "loi.csv", csv_text)
    archive = zip_of(tmp_path, {"gia.pdf": EXECUTABLE})
    before = snapshot()
    message, errors = import_errors(path, "--attachments", archive)
    assert "không có gì được nhập" in message
    expected = [
        "Dòng 3, cột loai_van_ban: loại văn bản “Loại lạ” không có",
        "Dòng 4, cột co_quan_ban_hanh: chưa có cơ quan ban hành “Bộ Không Có”",
        "Dòng 5, cột ngay_ban_hanh: ngày “31/02/2026” không đúng dạng",
        "Dòng 6, cột tep_dinh_kem: không thấy tệp “khong-co.pdf”",
        "Dòng 7, cột tep_dinh_kem: Tệp gia.pdf mang đuôi .pdf nhưng nội dung là tệp chương trình",
        "Dòng 8, cột can_cu: không tìm thấy văn bản số “999/9999/ZZ”",
        "Dòng 9, cột so_ky_hieu: văn bản này trùng với dòng 2",
    ]
    for line in expected:
        assert line in errors, line
    assert snapshot() == before
    assert not LegalDocumentPage.objects.filter(number="1/2026/TT-BGDĐT").exists()


def test_import_accepts_excel_files_and_vietnamese_headers(tmp_path):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Văn bản"
    sheet.append(["Số ký hiệu", "Loại văn bản", "Cơ quan ban hành", "Ngày ban hành", "Trích yếu", "Lĩnh vực"])
    sheet.append(
        ["16/2026/TT-BGDĐT", "thông tư", "BGDĐT", datetime.datetime(2026, 4, 1), "Quy định thí điểm", "chuyen-doi-so"]
    )
    path = tmp_path / "van-ban.xlsx"
    workbook.save(path)
    assert "1 tạo mới" in run_import(path)
    imported = document("16/2026/TT-BGDĐT")
    assert imported.issued_date == datetime.date(2026, 4, 1) and imported.topic.slug == "chuyen-doi-so"


def test_import_of_windows_1258_csv(tmp_path):
    from tests.test_provisioning import as_windows_1258

    text = HEADER + "17/2026/TT-BGDĐT,Thông tư,Bộ Giáo dục và Đào tạo,01/04/2026,,,Hướng dẫn thí điểm,,\n"
    path = tmp_path / "cp1258.csv"
    path.write_bytes(as_windows_1258(text).encode("cp1258"))
    run_import(path)
    assert document("17/2026/TT-BGDĐT").summary == "Hướng dẫn thí điểm"


def test_yearly_numbers_of_official_letters_are_different_documents(tmp_path):
    text = HEADER + (
        "300/SGDĐT-VP,Công văn,Sở Giáo dục và Đào tạo tỉnh Lào Cai,05/01/2025,,,Công văn năm 2025,,\n"
        "300/SGDĐT-VP,Công văn,Sở Giáo dục và Đào tạo tỉnh Lào Cai,05/01/2026,,,Công văn năm 2026,,\n"
    )
    assert "2 tạo mới" in run_import(write(tmp_path, "cv.csv", text))
    assert LegalDocumentPage.objects.filter(number="300/SGDĐT-VP").count() == 2


def test_duplicate_document_is_refused_in_the_admin(department):
    from django.core.exceptions import ValidationError

    copy = LegalDocumentPage(
        title="Bản trùng",
        number="22/2021/tt-bgdđt",
        document_type="thong-tu",
        issuing_body=IssuingBody.objects.get(abbreviation="BGDĐT"),
        issued_date=datetime.date(2021, 7, 20),
        summary="x",
    )
    with pytest.raises(ValidationError, match="đã có trong thư viện"):
        copy.full_clean()


def test_procedure_import_refuses_unknown_level_and_missing_basis(tmp_path):
    text = (
        "ma_thu_tuc,ten_thu_tuc,cap_thuc_hien,trinh_tu_thuc_hien,thoi_han_giai_quyet,doi_tuong_thuc_hien,"
        "co_quan_thuc_hien,ket_qua_thuc_hien,can_cu_phap_ly\n"
        "9.999999,Thủ tục thử,Liên thông,Nộp hồ sơ,5 ngày,Công dân,Sở,Giấy phép,999/2099/ZZ\n"
    )
    _message, errors = import_errors(write(tmp_path, "tt.csv", text))
    assert "cột cap_thuc_hien: cấp thực hiện “Liên thông” không có" in errors
    assert "cột can_cu_phap_ly: không tìm thấy văn bản số “999/2099/ZZ”" in errors


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
def test_export_formats_and_round_trip(tmp_path, fmt):
    out = tmp_path / f"thu-vien.{fmt}"
    call_command("export_documents", "--format", fmt, "-o", str(out), stdout=io.StringIO())
    total = LegalDocumentPage.objects.live().count()
    if fmt == "csv":
        raw = out.read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf")
        import csv

        rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
        assert len(rows) == total
        chuyen = next(r for r in rows if r["so_ky_hieu"] == "22/2021/TT-BGDĐT")
        assert chuyen["co_quan_ban_hanh"] == "Bộ Giáo dục và Đào tạo" and chuyen["thay_the"] == "58/2011/TT-BGDĐT"
        procedures = tmp_path / "thu-vien-thu-tuc.csv"
        assert len(list(csv.DictReader(io.StringIO(procedures.read_bytes().decode("utf-8-sig"))))) == 10
        # What is exported imports again as is: nothing new, nothing changed.
        before = snapshot()
        output = run_import(out)
        assert f"0 tạo mới, 0 cập nhật, {total} không đổi" in output
        assert snapshot() == before
    elif fmt == "xlsx":
        workbook = load_workbook(out)
        assert workbook.sheetnames == ["Văn bản", "Thủ tục"]
        assert workbook["Văn bản"].max_row == total + 1
        assert workbook["Thủ tục"].max_row == 11
    else:
        data = json.loads(out.read_text(encoding="utf-8"))
        assert len(data["van_ban"]) == total and len(data["thu_tuc"]) == 10


# --- As a new user would ---------------------------------------------------------------------


def test_editor_adds_a_circular_with_pdf_and_links_it_to_a_procedure(login_client, department, school):
    from wagtail.test.utils.form_data import querydict_from_html

    editor = login_client("so.bientap")
    moderator = login_client("so.duyet")
    upload = SimpleUploadedFile("tt-20-2026.pdf", minimal_pdf(["Thong tu 20/2026"]), content_type="application/pdf")
    response = editor.post(
        "/admin/documents/add/",
        {"title": "Thông tư 20/2026/TT-BGDĐT", "file": upload, "collection": department.collection_id},
    )
    assert response.status_code == 302
    attachment = Attachment.objects.get(title="Thông tư 20/2026/TT-BGDĐT")

    add_url = f"/admin/pages/add/legal_docs/legaldocumentpage/{library(department).pk}/"
    data = querydict_from_html(editor.get(add_url).content.decode(), form_id="page-edit-form")
    data.update(
        {
            "number": "20/2026/TT-BGDĐT",
            "document_type": "thong-tu",
            "issuing_body": IssuingBody.objects.get(abbreviation="BGDĐT").pk,
            "title": "Thông tư 20/2026/TT-BGDĐT quy định về tuyển sinh đầu cấp",
            "slug": "20-2026-tt-bgddt",
            "summary": "Quy định về tuyển sinh đầu cấp",
            "issued_date": "01/10/2026",
            "effective_date": "15/11/2026",
            "topic": "",
            "attachments-TOTAL_FORMS": "1",
            "attachments-0-attachment": attachment.pk,
            "attachments-0-label": "Toàn văn Thông tư",
            "attachments-0-ORDER": "1",
            "attachments-0-id": "",
            "attachments-0-DELETE": "",
            "body-count": "0",
            "action-submit": "1",
        }
    )
    response = editor.post(add_url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    circular = LegalDocumentPage.objects.get(number="20/2026/TT-BGDĐT")
    assert not circular.live

    from tests.test_moderation import workflow_action

    workflow_action(moderator, circular, "approve")
    circular.refresh_from_db()
    assert circular.live and circular.sector_wide

    procedure = ProcedurePage.objects.get(code="1.005095")
    edit_url = f"/admin/pages/{procedure.pk}/edit/"
    html = moderator.get(edit_url).content.decode()
    data = querydict_from_html(html, form_id="page-edit-form")
    existing = int(data["legal_basis-TOTAL_FORMS"])
    prefix = f"legal_basis-{existing}"
    data.update(
        {
            "legal_basis-TOTAL_FORMS": str(existing + 1),
            f"{prefix}-document": circular.pk,
            f"{prefix}-ORDER": str(existing + 1),
            f"{prefix}-id": "",
            f"{prefix}-DELETE": "",
            "action-publish": "1",
        }
    )
    for key in [k for k in data if k.startswith(("methods-", "dossier-"))]:
        del data[key]
    from wagtail.test.utils.form_data import nested_form_data, streamfield

    method = {"kind": "truc-tiep", "time_limit": "Theo kế hoạch", "fee": "Không", "description": ""}
    data.update(nested_form_data({"methods": streamfield([("method", method)])}))
    data.update(
        nested_form_data({"dossier": streamfield([("item", {"name": "Đơn dự tuyển", "copies": "01", "template": ""})])})
    )
    response = moderator.post(edit_url, data)
    assert response.status_code == 302, re.findall(r"error-message[^>]*>(.*?)<", response.content.decode(), re.S)[:5]
    procedure.refresh_from_db()
    assert circular.pk in procedure.legal_basis.values_list("document", flat=True)

    for unit in (department, school):
        client = site_client(unit)
        found = client.get("/van-ban/", {"loai": "thong-tu", "nam": "2026", "q": "20/2026"}).content.decode()
        assert "Thông tư 20/2026/TT-BGDĐT" in found
        proc_url = procedure.url if unit == department else f"/thu-tuc-hanh-chinh/xem/{procedure.pk}/"
        assert "20/2026/TT-BGDĐT" in client.get(proc_url).content.decode()
    index = ProcedureIndexPage.objects.child_of(school.home_page).get()
    assert index  # every school has the procedures section
