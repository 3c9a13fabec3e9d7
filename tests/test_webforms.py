"""Biểu mẫu: forms built by a unit's editors, filled in by parents on the unit's site.

Through the real URLs: the public form page on the unit's host, Wagtail's form
submissions listing and exports at /admin/forms/, the retention command.
"""

import csv
import datetime
import io
import time
import unicodedata

import openpyxl
import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core import mail
from django.core.management import call_command
from django.test import TestCase, override_settings
from django.utils import timezone
from wagtail.contrib.forms.models import FormSubmission
from wagtail.models import PageLogEntry

from home.models import ContentPage
from questions import antispam
from webforms.models import FormField, FormPage

from .conftest import assert_refused, site_client

pytestmark = pytest.mark.django_db

PATH = "/dang-ky-tuyen-sinh-dau-cap/"
PUPIL = "Lò Thị Mỷ Duyên"
PARENT = "Lò Văn Sinh"


def enrolment_form(unit):
    return FormPage.objects.descendant_of(unit.home_page).get(slug="dang-ky-tuyen-sinh-dau-cap")


def enrolment_data(**overrides):
    data = {
        "ho_va_ten_hoc_sinh": PUPIL,
        "ngay_sinh": "05/09/2012",
        "gioi_tinh": "Nữ",
        "dan_toc": "Giáy",
        "truong_thcs_dang_hoc": "Trường THCS Bản Qua",
        "ho_va_ten_cha_me_hoac_nguoi_giam_ho": PARENT,
        "so_dien_thoai_lien_he": "0912 345 678",
        "thu_dien_tu": "",
        "dia_chi_thuong_tru": "Thôn Bản Qua, xã Bản Qua, tỉnh Lào Cai",
        "nguyen_vong": "Lớp chuyên Toán",
        "ghi_chu": "",
        "dong_y": "on",
        "website": "",
        # Shown a minute ago: a person's pace.
        "shown_at": antispam.timing_token(time.time() - 60),
    }
    data.update(overrides)
    return data


def send(client, data, ip="203.113.1.20", path=PATH):
    """Post the form as a browser would after opening it, answering the check question when shown."""
    client.get(path, REMOTE_ADDR=ip)
    expected = client.session.get("sgddt-webform-challenge")
    payload = dict(data)
    if expected is not None and "challenge" not in data:
        payload["challenge"] = str(expected)
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(path, payload, REMOTE_ADDR=ip)


def submissions(unit):
    return FormSubmission.objects.filter(page=enrolment_form(unit))


# --- The public form ------------------------------------------------------------------


def test_the_form_page_is_accessible_and_says_how_long_answers_are_kept(school):
    response = site_client(school).get(PATH)
    html = response.content.decode()
    assert response.status_code == 200
    # Every visible field has a label tied to it; choices are grouped under a legend.
    assert '<label for="id_ho_va_ten_hoc_sinh">Họ và tên học sinh' in html
    assert "<legend>Giới tính" in html and '<label for="id_gioi_tinh_0">' in html
    assert 'aria-describedby="id_ngay_sinh_helptext"' in html
    # Consent with the retention, honeypot hidden from people and screen readers.
    assert "được xoá sau 180 ngày" in html
    assert 'name="dong_y"' in html and 'class="hp-field" aria-hidden="true"' in html
    assert response["Cache-Control"] == "private, no-store"


def test_a_parent_sends_the_enrolment_form_and_it_is_stored_for_the_unit(school, other_school):
    before_other = submissions(other_school).count()
    client = site_client(school)
    # Typed with combining diacritics (some phone keyboards): stored precomposed (NFC).
    decomposed = unicodedata.normalize("NFD", PUPIL)
    response = send(client, enrolment_data(ho_va_ten_hoc_sinh=f"  {decomposed} "))
    assert response.status_code == 302 and response.url == f"{PATH}?da-gui=1"

    submission = submissions(school).get(form_data__ho_va_ten_hoc_sinh=PUPIL)
    assert submission.page.specific.get_parent().pk == school.home_page.pk
    data = submission.form_data
    assert data["ngay_sinh"] == "2012-09-05" and data["so_dien_thoai_lien_he"] == "0912345678"
    assert data["gioi_tinh"] == "Nữ" and data["dan_toc"] == "Giáy"
    # Only the editor's fields are kept: no consent flag, honeypot, timing or check answer.
    assert not {"dong_y", "website", "shown_at", "challenge"} & set(data)
    assert submissions(other_school).count() == before_other

    thanks = client.get(response.url)
    html = thanks.content.decode()
    assert "Đã gửi biểu mẫu" in html and "phòng Giáo vụ sẽ gọi điện" in html
    assert thanks["Cache-Control"] == "private, no-store"
    # The thank-you page is shown once; reloading it later gives the form again, never a second submission.
    assert 'name="ho_va_ten_hoc_sinh"' in client.get(response.url).content.decode()
    assert submissions(school).filter(form_data__ho_va_ten_hoc_sinh=PUPIL).count() == 1


def test_a_missing_required_field_is_explained_in_vietnamese_and_keeps_what_was_typed(school):
    before = submissions(school).count()
    response = send(site_client(school), enrolment_data(ho_va_ten_hoc_sinh="", ngay_sinh="31/02/2012"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Biểu mẫu chưa được gửi" in html
    assert "Xin điền ô “Họ và tên học sinh”." in html
    assert "Ngày chưa đúng, xin ghi theo dạng ngày/tháng/năm" in html
    assert f'value="{PARENT}"' in html and 'value="0912 345 678"' in html
    assert 'id="id_gioi_tinh_1" checked' in html
    assert 'value="31/02/2012"' in html
    assert submissions(school).count() == before


def test_without_consent_nothing_is_stored(school):
    before = submissions(school).count()
    response = send(site_client(school), enrolment_data(dong_y=""))
    assert "Xin đánh dấu ô đồng ý để gửi biểu mẫu." in response.content.decode()
    assert submissions(school).count() == before


def test_the_honeypot_refuses_a_bot(school):
    before = submissions(school).count()
    client = site_client(school)
    response = send(client, enrolment_data(website="http://spam.example"))
    assert response.status_code == 302 and response.url == PATH
    assert "Không gửi được biểu mẫu" in client.get(PATH).content.decode()
    assert submissions(school).count() == before


def test_a_form_sent_too_fast_or_without_its_timing_token_is_refused_and_kept(school):
    before = submissions(school).count()
    client = site_client(school)
    for token in (antispam.timing_token(), "", "1700000000:forged"):
        response = send(client, enrolment_data(shown_at=token))
        html = response.content.decode()
        assert response.status_code == 200 and "như máy tự động" in html
        assert f'value="{PUPIL}"' in html
    assert submissions(school).count() == before
    # The re-shown form carries a fresh token: sent a little later, it goes through.
    fresh = response.context["form"].data["shown_at"]
    assert not antispam.sent_too_fast(fresh, 0)
    assert send(client, enrolment_data()).status_code == 302
    assert submissions(school).count() == before + 1


@override_settings(WEBFORM_LIMIT_PER_IP_HOUR=2, WEBFORM_CHALLENGE_AFTER=100)
def test_one_address_sending_too_many_is_limited_like_the_question_form(school):
    client = site_client(school)
    for number in range(2):
        phone = f"091200030{number}"
        assert send(client, enrolment_data(so_dien_thoai_lien_he=phone)).status_code == 302
    response = send(client, enrolment_data(so_dien_thoai_lien_he="0912000309"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Máy của bạn đã gửi 2 biểu mẫu trong một giờ qua" in html and f'value="{PUPIL}"' in html
    assert not submissions(school).filter(form_data__so_dien_thoai_lien_he="0912000309").exists()
    # Another address is not held back; the Hỏi đáp counters are separate.
    assert send(site_client(school), enrolment_data(), ip="203.113.9.9").status_code == 302


@override_settings(WEBFORM_LIMIT_PER_CONTACT_DAY=1, WEBFORM_CHALLENGE_AFTER=100)
def test_one_phone_number_is_limited_per_day(school):
    assert send(site_client(school), enrolment_data(), ip="203.113.1.31").status_code == 302
    response = send(site_client(school), enrolment_data(so_dien_thoai_lien_he="0912.345.678"), ip="203.113.1.32")
    assert "0912345678 đã được dùng để gửi 1 biểu mẫu trong 24 giờ qua" in response.content.decode()


@override_settings(WEBFORM_CHALLENGE_AFTER=1)
def test_after_repeated_attempts_a_check_question_must_be_answered(school):
    client = site_client(school)
    assert send(client, enrolment_data(ho_va_ten_hoc_sinh="")).status_code == 200
    page = client.get(PATH, REMOTE_ADDR="203.113.1.20").content.decode()
    assert "bằng mấy?" in page
    wrong = client.post(PATH, enrolment_data(challenge="99"), REMOTE_ADDR="203.113.1.20")
    assert "Câu trả lời kiểm tra chưa đúng" in wrong.content.decode()
    assert send(client, enrolment_data()).status_code == 302


def test_the_form_page_is_never_cached_and_a_post_never_is(school):
    client = site_client(school)
    for _attempt in range(2):
        response = client.get(PATH, HTTP_USER_AGENT="Mozilla/5.0 (Linux; Android 13)")
        assert response.get("X-Page-Cache") != "HIT" and response["Cache-Control"] == "private, no-store"
    # Even for a reader who already holds the CSRF cookie and no session.
    fresh = site_client(school)
    fresh.cookies["csrftoken"] = response.cookies["csrftoken"].value
    for _attempt in range(2):
        assert fresh.get(PATH).get("X-Page-Cache") != "HIT"
    posted = send(site_client(school), enrolment_data(), ip="203.113.1.40")
    assert posted.status_code == 302 and "X-Page-Cache" not in posted


def test_the_staff_get_a_note_without_personal_data(school):
    page = enrolment_form(school)
    page.to_address = "giaovu@thptchuyen.example.vn"
    page.save()
    send(site_client(school), enrolment_data())
    assert len(mail.outbox) == 1
    note = mail.outbox[0]
    assert note.to == ["giaovu@thptchuyen.example.vn"]
    assert f"/admin/forms/submissions/{page.pk}/" in note.body
    for personal in (PUPIL, PARENT, "0912345678", "Giáy", "Bản Qua"):
        assert personal not in note.body and personal not in note.subject


def test_editors_may_add_a_form_under_the_home_page_and_under_a_content_page(school, login_client):
    editor = login_client(f"{school.code}.bientap", host=school.hostname)
    content = (
        ContentPage.objects.child_of(school.home_page).first()
        or ContentPage.objects.descendant_of(school.home_page).first()
    )
    for parent in (school.home_page, content):
        response = editor.get(f"/admin/pages/add/webforms/formpage/{parent.pk}/")
        assert response.status_code == 200, parent
        assert "Số ngày lưu giữ" in response.content.decode() or "số ngày lưu giữ" in response.content.decode()


# --- Who reads the answers ---------------------------------------------------------


def test_the_units_moderator_and_admin_read_their_forms_answers(school, other_school, login_client):
    send(site_client(school), enrolment_data())
    page = enrolment_form(school)
    others = FormPage.objects.descendant_of(other_school.home_page)
    for role in ("duyet", "quantri"):
        staff = login_client(f"{school.code}.{role}", host=school.hostname)
        listing = staff.get("/admin/forms/").content.decode()
        assert page.title in listing
        assert all(f"/admin/forms/submissions/{other.pk}/" not in listing for other in others)
        response = staff.get(f"/admin/forms/submissions/{page.pk}/")
        assert response.status_code == 200 and PUPIL in response.content.decode()
        assert "05/09/2012" in response.content.decode()


def test_editors_build_forms_but_do_not_read_the_answers(school, login_client):
    send(site_client(school), enrolment_data())
    page = enrolment_form(school)
    editor = login_client(f"{school.code}.bientap", host=school.hostname)
    assert page.title not in editor.get("/admin/forms/").content.decode()
    for url in (f"/admin/forms/submissions/{page.pk}/", f"/admin/forms/submissions/{page.pk}/?export=csv"):
        assert_refused(editor.get(url), secret=PUPIL)
    assert editor.get(f"/admin/pages/{page.pk}/edit/").status_code == 200


@pytest.mark.parametrize("username", ["ptdtnt-bac-ha.quantri", "ptdtnt-bac-ha.duyet", "so.duyet", "so.bientap"])
def test_another_units_staff_are_refused(school, login_client, username):
    send(site_client(school), enrolment_data())
    page = enrolment_form(school)
    staff = login_client(username)
    assert page.title not in staff.get("/admin/forms/").content.decode()
    for url in (
        f"/admin/forms/submissions/{page.pk}/",
        f"/admin/forms/submissions/{page.pk}/?export=csv",
        f"/admin/forms/submissions/{page.pk}/?export=xlsx",
        f"/admin/forms/submissions/{page.pk}/delete/",
    ):
        assert_refused(staff.get(url), secret=PUPIL)


def test_the_public_is_refused(school):
    send(site_client(school), enrolment_data())
    page = enrolment_form(school)
    client = site_client(school)
    submissions_url = f"/admin/forms/submissions/{page.pk}/"
    for url in ("/admin/forms/", submissions_url, f"{submissions_url}?export=csv"):
        response = client.get(url)
        assert response.status_code == 302 and "/admin/login/" in response.url
    # Nor does the public API or search show answers.
    assert PUPIL not in client.get("/api/v2/pages/?type=webforms.FormPage&fields=*").content.decode()


# --- Export ----------------------------------------------------------------------------


def test_exports_open_with_correct_vietnamese_in_excel_and_as_csv(school, login_client):
    send(site_client(school), enrolment_data(ghi_chu='=HYPERLINK("http://evil.example","Bấm")'))
    page = enrolment_form(school)
    staff = login_client(f"{school.code}.duyet", host=school.hostname)

    response = staff.get(f"/admin/forms/submissions/{page.pk}/?export=csv")
    raw = b"".join(response.streaming_content)
    assert response.status_code == 200 and raw.startswith(b"\xef\xbb\xbf")  # Excel reads it as UTF-8
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    ours = next(row for row in rows if row["Họ và tên học sinh"] == PUPIL)
    assert ours["Họ và tên cha, mẹ hoặc người giám hộ"] == PARENT
    assert ours["Ngày sinh"] == "05/09/2012"  # as staff write dates
    assert ours["Dân tộc"] == "Giáy" and ours["Địa chỉ thường trú"] == "Thôn Bản Qua, xã Bản Qua, tỉnh Lào Cai"
    assert "Vàng A Dế (ví dụ)" in {row["Họ và tên học sinh"] for row in rows}  # the demo's samples too
    assert ours["Ghi chú"] == '\'=HYPERLINK("http://evil.example","Bấm")'  # text, never a formula

    response = staff.get(f"/admin/forms/submissions/{page.pk}/?export=xlsx")
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    values = list(sheet.values)
    header = list(values[0])
    assert "Họ và tên học sinh" in header and "Nguyện vọng" in header
    row = next(row for row in values[1:] if row[header.index("Họ và tên học sinh")] == PUPIL)
    assert row[header.index("Giới tính")] == "Nữ" and row[header.index("Nguyện vọng")] == "Lớp chuyên Toán"
    assert row[header.index("Ngày sinh")] == "05/09/2012"
    note = next(cell for cell in next(sheet.iter_rows(min_row=values.index(row) + 1)) if "HYPERLINK" in str(cell.value))
    assert note.data_type == "s"


# --- Retention --------------------------------------------------------------------------


def _submission(page, days_ago, name):
    submission = FormSubmission.objects.create(page=page, form_data={"ho_va_ten_hoc_sinh": name})
    FormSubmission.objects.filter(pk=submission.pk).update(
        submit_time=timezone.now() - datetime.timedelta(days=days_ago)
    )
    return submission


@override_settings(WEBFORM_RETENTION_DAYS=30)
def test_retention_erases_expired_submissions_only_and_records_it(school, other_school):
    school_form = enrolment_form(school)  # keeps 180 days
    survey = FormPage.objects.descendant_of(other_school.home_page).get(slug="khao-sat-y-kien-cha-me-hoc-sinh")
    survey.retention_days = None  # the default: WEBFORM_RETENTION_DAYS
    survey.save()
    old = _submission(school_form, 200, "Học sinh cũ")
    recent = _submission(school_form, 100, "Học sinh năm nay")
    old_survey = _submission(survey, 40, "Phiếu cũ")
    new_survey = _submission(survey, 10, "Phiếu mới")

    out = io.StringIO()
    call_command("erase_expired_personal_data", stdout=out)

    remaining = set(FormSubmission.objects.values_list("pk", flat=True))
    assert old.pk not in remaining and old_survey.pk not in remaining
    assert recent.pk in remaining and new_survey.pk in remaining
    # The demo's recent samples are kept too.
    assert submissions(school).filter(form_data__ho_va_ten_hoc_sinh="Vàng A Dế (ví dụ)").exists()
    report = out.getvalue()
    assert f"“{school_form.title}” (#{school_form.pk}): đã xoá 1 bản gửi quá 180 ngày" in report
    assert f"(#{survey.pk}): đã xoá 1 bản gửi quá 30 ngày" in report
    entry = PageLogEntry.objects.get(page=school_form, action="sgddt.form_submissions_erase")
    assert entry.data == {"count": 1, "days": 180}
    assert "Học sinh cũ" not in str(entry.data)

    # Run again the next day: nothing more to erase, nothing logged twice.
    out = io.StringIO()
    call_command("erase_expired_personal_data", stdout=out)
    assert "Đã xoá 0 bản gửi biểu mẫu" in out.getvalue()
    assert PageLogEntry.objects.filter(page=school_form, action="sgddt.form_submissions_erase").count() == 1


def test_an_editors_field_named_like_a_guard_field_does_not_clash(school):
    field = FormField(label="Website", field_type="url")
    assert field.get_field_clean_name() == "website_"
    assert FormField(label="Địa chỉ thường trú").get_field_clean_name() == "dia_chi_thuong_tru"


# --- In a real browser ----------------------------------------------------------------------


@pytest.mark.browser
def test_a_parent_on_a_phone_sends_the_enrolment_form_with_the_keyboard_only(live_portal, phone_page, school):
    page = phone_page
    page.goto(f"http://{school.hostname}:{live_portal}{PATH}")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert not page.locator("input[name=website]").is_visible()
    assert Axe().run(page).violations_count == 0
    pupil = f"Giàng Thị Xuân {timezone.now():%H%M%S%f}"

    def focused():
        return page.evaluate("document.activeElement.name || document.activeElement.id")

    def tab_to(name):
        page.keyboard.press("Tab")
        assert focused() == name

    def type_text(text):
        page.keyboard.type(text, delay=20)  # a person's pace: the timing check lets it through

    for _press in range(40):  # from the top of the page, through the header and the intro's links
        page.keyboard.press("Tab")
        if focused() == "ho_va_ten_hoc_sinh":
            break
    else:
        pytest.fail("the first field cannot be reached with Tab")
    type_text(pupil)
    tab_to("ngay_sinh")
    type_text("05/09/2012")
    tab_to("gioi_tinh")
    page.keyboard.press("ArrowDown")  # Nam -> Nữ
    tab_to("dan_toc")
    page.keyboard.press("ArrowDown")  # Kinh
    page.keyboard.press("ArrowDown")  # H'Mông
    tab_to("truong_thcs_dang_hoc")
    type_text("Trường PTDTBT THCS Bản Khoang")
    tab_to("ho_va_ten_cha_me_hoac_nguoi_giam_ho")
    type_text("Giàng A Sử")
    tab_to("so_dien_thoai_lien_he")
    type_text("0912 345 678")
    tab_to("thu_dien_tu")
    tab_to("dia_chi_thuong_tru")
    type_text("Bản Khoang, xã Tả Phìn, tỉnh Lào Cai")
    tab_to("nguyen_vong")
    page.keyboard.press("Space")  # the first choice
    tab_to("ghi_chu")
    tab_to("dong_y")
    page.keyboard.press("Space")
    page.keyboard.press("Tab")  # the honeypot and the timing token are skipped
    assert page.evaluate("document.activeElement.textContent.trim()") == "Gửi"
    page.keyboard.press("Enter")
    page.wait_for_url("**?da-gui=1")
    assert page.get_by_role("heading", name="Đã gửi biểu mẫu").is_visible()
    assert page.console_errors == []

    data = submissions(school).get(form_data__ho_va_ten_hoc_sinh=pupil).form_data
    assert data["gioi_tinh"] == "Nữ" and data["dan_toc"] == "H'Mông"
    assert data["ngay_sinh"] == "2012-09-05" and data["so_dien_thoai_lien_he"] == "0912345678"
    assert data["nguyen_vong"] == "Lớp chuyên Toán"


@pytest.mark.browser
def test_on_a_phone_errors_are_accessible_and_nothing_typed_is_lost(live_portal, phone_page, school):
    page = phone_page
    page.goto(f"http://{school.hostname}:{live_portal}{PATH}")
    page.get_by_label("Họ và tên cha, mẹ hoặc người giám hộ").fill(PARENT)
    page.get_by_label("Nữ").check()
    with page.expect_navigation():
        page.locator("main form[method=post]").get_by_role("button", name="Gửi").click()
    assert page.get_by_role("alert").is_visible()
    assert page.get_by_text("Xin điền ô “Họ và tên học sinh”.").is_visible()
    assert page.get_by_label("Họ và tên học sinh").get_attribute("aria-invalid") == "true"
    assert page.get_by_label("Họ và tên cha, mẹ hoặc người giám hộ").input_value() == PARENT
    assert page.get_by_label("Nữ").is_checked()
    assert Axe().run(page).violations_count == 0
    assert page.console_errors == []


def test_the_demo_ships_the_forms_once(school, other_school):
    from home.demo import DEMO
    from schoolsite.models import Unit
    from webforms.demo import ensure_forms

    for unit in (school, other_school):
        assert enrolment_form(unit).live
    titles = set(FormPage.objects.descendant_of(school.home_page).values_list("title", flat=True))
    assert "Đăng ký tham dự Ngày hội tư vấn tuyển sinh 2027" in titles
    survey = FormPage.objects.descendant_of(other_school.home_page).filter(slug="khao-sat-y-kien-cha-me-hoc-sinh")
    assert survey.exists()
    pages, samples = FormPage.objects.count(), FormSubmission.objects.count()
    assert ensure_forms(list(Unit.objects.select_related("home_page")), DEMO / "forms.json") == 0
    assert (FormPage.objects.count(), FormSubmission.objects.count()) == (pages, samples)


def test_exports_give_the_time_sent_in_lao_cai_time(school, login_client):
    send(site_client(school), enrolment_data())
    page = enrolment_form(school)
    submission = FormSubmission.objects.filter(page=page).latest("submit_time")
    sent = datetime.datetime(2026, 11, 30, 1, 5, tzinfo=datetime.UTC)  # 08:05 in Lào Cai (UTC+7)
    FormSubmission.objects.filter(pk=submission.pk).update(submit_time=sent)
    staff = login_client(f"{school.code}.duyet", host=school.hostname)

    raw = b"".join(staff.get(f"/admin/forms/submissions/{page.pk}/?export=csv").streaming_content)
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert next(row for row in rows if row["Họ và tên học sinh"] == PUPIL)["Ngày gửi"] == "30/11/2026 08:05"

    response = staff.get(f"/admin/forms/submissions/{page.pk}/?export=xlsx")
    values = list(openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.values)
    header = list(values[0])
    row = next(row for row in values[1:] if row[header.index("Họ và tên học sinh")] == PUPIL)
    assert row[header.index("Ngày gửi")] == datetime.datetime(2026, 11, 30, 8, 5)
