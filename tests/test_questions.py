"""Hỏi đáp: a citizen asks on a unit's site, staff of that unit answer, the answer may be published.

Every request goes through the real URLs: the public form and lookup on the
unit's host, the admin queue and question page at /admin/hoi-dap/.
"""

import datetime
import io
import json
import os
import re

import pytest
from django.conf import settings
from django.core import mail
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.management import call_command
from django.test import Client, TestCase, override_settings
from django.utils import timezone
from wagtail.models import ModelLogEntry

from home.demo import minimal_pdf
from questions.models import AnsweredQuestionPage, Question, QuestionStatus

from .conftest import assert_refused, site_client

pytestmark = pytest.mark.django_db

NAME = "Hoàng Thị Mẩy"
EMAIL = "may.hoang.phuhuynh@example.vn"
PHONE = "0987 654 321"
PERSONAL = [NAME, EMAIL, "0987654321", "0987 654 321"]


def ask_data(**overrides):
    data = {
        "asker_name": NAME,
        "asker_email": EMAIL,
        "asker_phone": PHONE,
        "topic": "",
        "title": "Con tôi học lớp 10 có được miễn học phí không?",
        "body": "Gia đình tôi ở xã Bản Phiệt, hộ cận nghèo. Con tôi vào lớp 10 có được miễn học phí không?",
        "website": "",
    }
    data.update(overrides)
    return data


def ask(client, data, ip="203.113.1.10", files=None):
    """Post the public form as a browser would, answering the check question when it is shown."""
    client.get("/hoi-dap/gui-cau-hoi/", REMOTE_ADDR=ip)
    expected = client.session.get("sgddt-question-challenge")
    payload = dict(data)
    if expected is not None and "challenge" not in data:
        payload["challenge"] = str(expected)
    payload.update(files or {})
    with committed():
        return client.post("/hoi-dap/gui-cau-hoi/", payload, REMOTE_ADDR=ip)


def committed():
    """Run what waits for the commit (e-mails) as the request's transaction would on a live server."""
    return TestCase.captureOnCommitCallbacks(execute=True)


def act(client, question, data):
    """A staff action on the question's admin page."""
    with committed():
        return client.post(f"/admin/hoi-dap/{question.pk}/", data)


def contentstate(text):
    """What Wagtail's rich text editor (Draftail) posts for a paragraph of text."""
    block = {"key": "a1b2c", "type": "unstyled", "text": text, "depth": 0, "inlineStyleRanges": []}
    return json.dumps({"blocks": [{**block, "entityRanges": [], "data": {}}], "entityMap": {}})


def staff(login_client, username):
    return login_client(username)


@pytest.fixture
def asked(school):
    """A question a parent sent on the school's site."""
    client = site_client(school)
    response = ask(client, ask_data())
    assert response.status_code == 302, response.content.decode()[:2000]
    return Question.objects.get(title=ask_data()["title"])


# --- Asking ---------------------------------------------------------------------------


def test_parent_asks_school_answers_and_publishes_parent_reads_it_by_code(school, department, login_client):
    parent = site_client(school)
    form = parent.get("/hoi-dap/gui-cau-hoi/")
    assert form.status_code == 200
    assert "Gửi câu hỏi" in form.content.decode()

    pdf = ContentFile(minimal_pdf(["Giay xac nhan ho can ngheo"]), name="giay-xac-nhan.pdf")
    response = ask(parent, ask_data(), files={"attachment": pdf})
    assert response.status_code == 302
    sent = parent.get(response.url)
    question = Question.objects.get(title=ask_data()["title"])
    assert question.unit == question.received_by == school
    assert question.status == QuestionStatus.NEW
    assert question.asker_phone == "0987654321"
    assert question.code in sent.content.decode()
    # Kept in the private storage, never under MEDIA_ROOT (which the web server publishes).
    stored = os.path.realpath(question.attachment.path)
    assert stored.startswith(os.path.realpath(settings.PRIVATE_MEDIA_ROOT) + os.sep)
    assert not stored.startswith(os.path.realpath(settings.MEDIA_ROOT) + os.sep)
    # The code goes by e-mail too, with the address where the answer will be.
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [EMAIL]
    assert question.code in mail.outbox[0].body
    assert f"/hoi-dap/tra-cuu/?ma={question.code}" in mail.outbox[0].body

    status = parent.get(f"/hoi-dap/tra-cuu/?ma={question.code}").content.decode()
    assert "Đang xử lý" in status

    # The school's moderator finds it in the queue, with the asker's contact and attachment.
    moderator = staff(login_client, f"{school.code}.duyet")
    queue = moderator.get("/admin/hoi-dap/").content.decode()
    assert question.code in queue
    page = moderator.get(f"/admin/hoi-dap/{question.pk}/").content.decode()
    assert NAME in page and EMAIL in page and "giay-xac-nhan" in page
    download = moderator.get(f"/admin/hoi-dap/{question.pk}/tep-dinh-kem/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")

    answer = "Học sinh thuộc hộ cận nghèo được giảm 50% học phí theo Nghị định 81/2021/NĐ-CP."
    response = act(moderator, question, {"action": "answer", "answer-answer": contentstate(answer)})
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.status == QuestionStatus.ANSWERED
    assert mail.outbox[-1].to == [EMAIL] and "đã được trả lời" in mail.outbox[-1].subject
    assert "giảm 50% học phí" in mail.outbox[-1].body

    response = act(
        moderator,
        question,
        {
            "action": "publish",
            "publish-title": "Học sinh hộ cận nghèo có được miễn học phí lớp 10?",
            "publish-question_text": "Gia đình tôi thuộc hộ cận nghèo. Con vào lớp 10 có được miễn học phí không?",
        },
    )
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.status == QuestionStatus.PUBLISHED
    published = question.published_page
    assert published.live and published.url_path.startswith(school.home_page.url_path + "hoi-dap/")

    # The parent sees the answer by code; everyone sees it on the school's and the department's lists.
    status = parent.get(f"/hoi-dap/tra-cuu/?ma={question.code.lower().removeprefix('hd-')}").content.decode()
    assert "Đã trả lời và công bố" in status and "giảm 50% học phí" in status
    assert NAME not in status and EMAIL not in status
    assert published.title in parent.get("/hoi-dap/").content.decode()
    assert published.title in site_client(department).get("/hoi-dap/").content.decode()
    public_page = parent.get(published.url)
    assert public_page.status_code == 200 and "giảm 50% học phí" in public_page.content.decode()


def test_invalid_question_is_refused_in_vietnamese_and_keeps_what_was_typed(school):
    client = site_client(school)
    before = Question.objects.count()
    response = ask(client, ask_data(asker_name="", asker_email="", asker_phone=""))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Xin ghi họ và tên của bạn." in page
    assert "Xin ghi thư điện tử hoặc số điện thoại" in page
    assert "Con tôi học lớp 10 có được miễn học phí không?" in page  # the title is kept
    assert "xã Bản Phiệt" in page  # and the question
    assert Question.objects.count() == before

    page = ask(client, ask_data(asker_phone="12345", asker_email="khong-phai-thu")).content.decode()
    assert "Số điện thoại chưa đúng" in page and "Địa chỉ thư điện tử chưa đúng" in page

    fake = ContentFile(b"MZ\x90\x00\x03" + b"\x00" * 400, name="don-xin.pdf")
    page = ask(client, ask_data(), files={"attachment": fake}).content.decode()
    assert "nội dung là" in page and "tệp bị từ chối" in page
    assert "Nếu cần gửi kèm tệp, xin chọn lại tệp." in page
    assert Question.objects.count() == before


def test_combining_diacritics_are_stored_precomposed(school):
    decomposed = "Hoa\u0300ng Thi\u0323 Ma\u0302\u0309y"
    response = ask(site_client(school), ask_data(asker_name=decomposed, title="Hỏi về  học   bổng"))
    assert response.status_code == 302
    question = Question.objects.get(title="Hỏi về học bổng")
    assert question.asker_name == NAME


def test_a_bot_filling_the_honeypot_is_refused(school):
    client = site_client(school)
    before = Question.objects.count()
    response = ask(client, ask_data(website="http://spam.example"))
    assert response.status_code == 302
    assert Question.objects.count() == before
    assert mail.outbox == []
    page = client.get(response.url).content.decode()
    assert "Không gửi được câu hỏi" in page
    # People do not see the honeypot: it is hidden and out of the tab order.
    assert re.search(r'class="hp-field" aria-hidden="true"', page)
    assert 'tabindex="-1"' in page


@override_settings(QUESTION_CHALLENGE_AFTER=2)
def test_repeated_attempts_bring_a_check_question(school):
    client = site_client(school)
    ip = "203.113.1.20"
    assert ask(client, ask_data(title="Câu hỏi một về tuyển sinh"), ip=ip).status_code == 302
    assert (
        ask(client, ask_data(title="Câu hỏi hai về tuyển sinh", asker_email="b@example.vn"), ip=ip).status_code == 302
    )
    form = client.get("/hoi-dap/gui-cau-hoi/", REMOTE_ADDR=ip).content.decode()
    assert "bằng mấy?" in form
    # A wrong answer is refused, the question kept; the answer in words (without accents) passes.
    wrong = client.post(
        "/hoi-dap/gui-cau-hoi/",
        ask_data(title="Câu hỏi ba về tuyển sinh", asker_email="c@example.vn", challenge="99"),
        REMOTE_ADDR=ip,
    )
    assert wrong.status_code == 200
    assert "Câu trả lời kiểm tra chưa đúng" in wrong.content.decode()
    assert "Câu hỏi ba về tuyển sinh" in wrong.content.decode()
    expected = client.session["sgddt-question-challenge"]
    words = ["khong", "mot", "hai", "ba", "bon", "nam", "sau", "bay", "tam", "chin", "muoi"]
    right = client.post(
        "/hoi-dap/gui-cau-hoi/",
        ask_data(title="Câu hỏi ba về tuyển sinh", asker_email="c@example.vn", challenge=words[expected]),
        REMOTE_ADDR=ip,
    )
    assert right.status_code == 302
    assert Question.objects.filter(title="Câu hỏi ba về tuyển sinh").exists()


@override_settings(QUESTION_LIMIT_PER_IP_HOUR=3, QUESTION_LIMIT_PER_EMAIL_DAY=50)
def test_one_address_may_send_only_so_many_questions_an_hour(school):
    client = site_client(school)
    for number in range(3):
        title = f"Câu hỏi số {number} về lịch thi"
        assert ask(client, ask_data(title=title, asker_email=f"p{number}@example.vn")).status_code == 302
    refused = ask(client, ask_data(title="Câu hỏi thứ tư về lịch thi", asker_email="p9@example.vn"))
    assert refused.status_code == 200
    assert "trong một giờ qua" in refused.content.decode()
    assert "Câu hỏi thứ tư về lịch thi" in refused.content.decode()
    assert not Question.objects.filter(title="Câu hỏi thứ tư về lịch thi").exists()
    # Another address is not affected.
    other = ask(site_client(school), ask_data(title="Câu hỏi từ máy khác", asker_email="q@example.vn"), ip="1.2.3.4")
    assert other.status_code == 302


@override_settings(QUESTION_LIMIT_PER_EMAIL_DAY=2, QUESTION_LIMIT_PER_IP_HOUR=50)
def test_one_email_may_send_only_so_many_questions_a_day(school, other_school):
    for number, (unit, ip) in enumerate([(school, "10.0.0.1"), (other_school, "10.0.0.2")]):
        response = ask(site_client(unit), ask_data(title=f"Hỏi lần {number}"), ip=ip)
        assert response.status_code == 302
    refused = ask(site_client(school), ask_data(title="Hỏi lần thứ ba", asker_email=EMAIL.upper()), ip="10.0.0.3")
    assert refused.status_code == 200
    assert "trong 24 giờ qua" in refused.content.decode()
    assert not Question.objects.filter(title="Hỏi lần thứ ba").exists()


# --- Routing --------------------------------------------------------------------------


def test_department_hands_a_question_to_a_school_and_back_each_step_recorded(department, school, login_client):
    response = ask(site_client(department), ask_data(title="Hỏi về tuyển sinh lớp 10 trường chuyên"))
    assert response.status_code == 302
    question = Question.objects.get(title="Hỏi về tuyển sinh lớp 10 trường chuyên")
    assert question.unit == department

    moderator = staff(login_client, "so.duyet")
    page = moderator.get(f"/admin/hoi-dap/{question.pk}/").content.decode()
    assert "Chuyển đơn vị xử lý" in page
    response = act(
        moderator,
        question,
        {"action": "assign", "assign-unit": school.pk, "assign-note": "Trường trả lời giúp về chỉ tiêu."},
    )
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.unit == school and question.received_by == department
    assert question.status == QuestionStatus.ASSIGNED
    # The department no longer holds it: its staff cannot open it.
    assert_refused(moderator.get(f"/admin/hoi-dap/{question.pk}/"), secret=NAME)

    school_staff = staff(login_client, f"{school.code}.bientap")
    page = school_staff.get(f"/admin/hoi-dap/{question.pk}/").content.decode()
    assert NAME in page
    # A school may hand it back to the department only.
    assert "Sở Giáo dục" in page
    response = act(school_staff, question, {"action": "assign", "assign-unit": department.pk, "assign-note": ""})
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.unit == department and question.status == QuestionStatus.NEW

    steps = list(ModelLogEntry.objects.for_instance(question).order_by("timestamp"))
    assert [step.action for step in steps] == [
        "sgddt.question_submit",
        "sgddt.question_assign",
        "sgddt.question_assign",
    ]
    assert steps[1].user.username == "so.duyet" and steps[1].data["to"] == school.code
    assert steps[2].user.username == f"{school.code}.bientap" and steps[2].data["to"] == department.code
    history = moderator.get(f"/admin/hoi-dap/{question.pk}/").content.decode()
    assert "Chuyển câu hỏi từ" in history and "Trường trả lời giúp về chỉ tiêu." in history
    # The asker sees one unit answering, not the internal steps.
    status = site_client(department).get(f"/hoi-dap/tra-cuu/?ma={question.code}").content.decode()
    assert "Đang xử lý" in status


def test_a_school_cannot_hand_a_question_to_another_school(asked, other_school, login_client):
    school_staff = staff(login_client, f"{asked.unit.code}.duyet")
    response = act(school_staff, asked, {"action": "assign", "assign-unit": other_school.pk, "assign-note": ""})
    assert response.status_code == 200
    asked.refresh_from_db()
    assert asked.unit.code == "thpt-chuyen"


def test_staff_of_another_unit_cannot_read_or_act_on_a_question(asked, other_school, login_client):
    outsider = staff(login_client, f"{other_school.code}.quantri")
    assert asked.code not in outsider.get("/admin/hoi-dap/").content.decode()
    assert_refused(outsider.get(f"/admin/hoi-dap/{asked.pk}/"), secret=NAME)
    assert_refused(outsider.get(f"/admin/hoi-dap/{asked.pk}/tep-dinh-kem/"))
    assert_refused(act(outsider, asked, {"action": "answer", "answer-answer": contentstate("Sai")}))
    asked.refresh_from_db()
    assert asked.status == QuestionStatus.NEW and not asked.answer
    # The department's staff do not read a school's questions either (personal data stays with the holder).
    assert_refused(staff(login_client, "so.bientap").get(f"/admin/hoi-dap/{asked.pk}/"), secret=NAME)
    # Anonymous visitors are sent to the login page.
    anonymous = Client().get(f"/admin/hoi-dap/{asked.pk}/")
    assert anonymous.status_code == 302 and "/admin/login/" in anonymous.url


def test_portal_administrators_oversee_queues_without_reading_personal_data(asked, login_client):
    admin = staff(login_client, "quantri")
    assert asked.code in admin.get(f"/admin/hoi-dap/?don-vi={asked.unit.code}").content.decode()
    detail = admin.get(f"/admin/hoi-dap/{asked.pk}/")
    assert detail.status_code == 200
    page = detail.content.decode()
    assert "chỉ cán bộ của đơn vị đang giữ câu hỏi" in page
    for secret in [NAME, EMAIL, "0987654321", "Bản Phiệt"]:
        assert secret not in page
    asked.attachment.save("giay-to.pdf", ContentFile(minimal_pdf(["Giay to"])))
    assert admin.get(f"/admin/hoi-dap/{asked.pk}/tep-dinh-kem/").status_code == 404
    assert_refused(act(admin, asked, {"action": "answer", "answer-answer": contentstate("Trả lời hộ")}))
    asked.refresh_from_db()
    assert not asked.answer


def test_an_editor_answers_but_only_a_moderator_publishes(asked, login_client):
    editor = staff(login_client, f"{asked.unit.code}.bientap")
    act(editor, asked, {"action": "answer", "answer-answer": contentstate("Được giảm.")})
    asked.refresh_from_db()
    assert asked.status == QuestionStatus.ANSWERED
    page = editor.get(f"/admin/hoi-dap/{asked.pk}/").content.decode()
    assert "Công bố trên trang công khai" not in page
    response = act(
        editor,
        asked,
        {"action": "publish", "publish-title": "Miễn học phí", "publish-question_text": "Có được miễn không?"},
    )
    assert_refused(response)
    asked.refresh_from_db()
    assert asked.status == QuestionStatus.ANSWERED and asked.published_page is None


def test_rejecting_tells_the_asker_why(asked, login_client):
    moderator = staff(login_client, f"{asked.unit.code}.duyet")
    empty = act(moderator, asked, {"action": "reject", "reject-reason": ""})
    assert empty.status_code == 200 and "Xin ghi lý do" in empty.content.decode()
    act(moderator, asked, {"action": "reject", "reject-reason": "Câu hỏi không thuộc thẩm quyền."})
    asked.refresh_from_db()
    assert asked.status == QuestionStatus.REJECTED
    assert "không thuộc thẩm quyền" in mail.outbox[-1].body
    status = site_client(asked.unit).get(f"/hoi-dap/tra-cuu/?ma={asked.code}").content.decode()
    assert "Không tiếp nhận" in status and "không thuộc thẩm quyền" in status


def test_queue_shows_days_waiting_and_highlights_overdue_questions(asked, login_client):
    Question.objects.filter(pk=asked.pk).update(created_at=timezone.now() - datetime.timedelta(days=9))
    moderator = staff(login_client, f"{asked.unit.code}.duyet")
    queue = moderator.get("/admin/hoi-dap/").content.decode()
    row = queue[queue.index(asked.code) - 300 : queue.index(asked.code) + 1500]
    assert "qa-overdue" in row and "Quá hạn" in row and "9 ngày" in row
    assert "1 câu hỏi đã quá hạn trả lời." in queue
    answered_tab = moderator.get("/admin/hoi-dap/?trang-thai=da-tra-loi").content.decode()
    assert asked.code not in answered_tab
    # The menu tells staff how many questions wait (the sidebar's labels are JSON).
    waiting = Question.objects.open().filter(unit=asked.unit).count()
    assert waiting >= 1
    assert json.dumps(f"Hỏi đáp ({waiting})") in moderator.get("/admin/").content.decode()


# --- Privacy ----------------------------------------------------------------------------


def publish(question, login_client):
    moderator = staff(login_client, f"{question.unit.code}.duyet")
    act(
        moderator,
        question,
        {"action": "answer", "answer-answer": contentstate("Được miễn học phí theo quy định hiện hành.")},
    )
    act(
        moderator,
        question,
        {
            "action": "publish",
            "publish-title": "Miễn học phí cho học sinh hộ cận nghèo",
            "publish-question_text": "Học sinh thuộc hộ cận nghèo vào lớp 10 có được miễn học phí không?",
        },
    )
    question.refresh_from_db()
    assert question.status == QuestionStatus.PUBLISHED
    return question.published_page


def assert_private(text):
    for value in PERSONAL:
        assert value not in text


def test_published_answers_carry_no_personal_data_anywhere_public(asked, department, login_client):
    page = publish(asked, login_client)
    school = site_client(asked.unit)
    for url in [
        page.url,
        "/hoi-dap/",
        "/hoi-dap/?q=mien hoc phi",
        f"/hoi-dap/tra-cuu/?ma={asked.code}",
        "/tim-kiem/?q=mien hoc phi can ngheo",
        "/tim-kiem/goi-y/?q=mien hoc",
        "/sitemap.xml",
        "/tin-tuc/rss/",
        "/tin-tuc/atom/",
        "/api/v2/pages/?type=questions.AnsweredQuestionPage&fields=*",
        f"/api/v2/pages/{page.pk}/",
        "/api/openapi.json",
    ]:
        response = school.get(url)
        assert response.status_code == 200, url
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert_private(body.decode())
    sector = site_client(department)
    for url in ["/hoi-dap/", "/tim-kiem/?q=mien hoc phi can ngheo&pham_vi=toan-nganh", "/api/v2/pages/?limit=100"]:
        response = sector.get(url)
        assert response.status_code == 200
        assert_private(response.content.decode())
    # The page is found by search (without accents) and the API shows only its public wording.
    assert page.title in school.get("/tim-kiem/?q=mien hoc phi can ngheo").content.decode()
    detail = school.get(f"/api/v2/pages/{page.pk}/").json()
    assert detail["question_text"].startswith("Học sinh thuộc hộ cận nghèo")
    # Nothing of the question itself is in the search index: only the published page.
    from wagtail.search.models import IndexEntry

    indexed = " ".join(
        f"{entry.title} {entry.body} {entry.autocomplete}"
        for entry in IndexEntry.objects.filter(object_id=str(page.pk))
    )
    assert "'ngheo'" in indexed  # the public wording, folded
    for word in ["hoang", "phuhuynh", "0987654321", "phiet"]:
        assert f"'{word}" not in indexed
    assert not IndexEntry.objects.filter(content_type__model="question").exists()


def test_retention_erases_personal_data_of_old_questions(asked, school, login_client):
    asked.attachment.save("giay-to.pdf", ContentFile(minimal_pdf(["Giay to"])))
    stored = asked.attachment.name
    assert storages["private"].exists(stored)
    page = publish(asked, login_client)
    Question.objects.filter(pk=asked.pk).update(created_at=timezone.now() - datetime.timedelta(days=800))
    recent = ask(site_client(school), ask_data(title="Câu hỏi mới gửi hôm nay", asker_email="moi@example.vn"))
    assert recent.status_code == 302

    out = io.StringIO()
    call_command("erase_expired_personal_data", stdout=out)
    assert "1 câu hỏi" in out.getvalue()

    asked.refresh_from_db()
    assert NAME not in asked.asker_name and asked.asker_email == "" and asked.asker_phone == ""
    assert asked.personal_data_erased_at is not None
    assert not asked.attachment and not storages["private"].exists(stored)
    assert "Bản Phiệt" not in asked.body and asked.title == page.title
    assert ModelLogEntry.objects.for_instance(asked).filter(action="sgddt.question_erase").exists()
    # The published answer stays; the recent question keeps its data.
    assert AnsweredQuestionPage.objects.get(pk=page.pk).live
    assert Question.objects.get(title="Câu hỏi mới gửi hôm nay").asker_email == "moi@example.vn"
    # Staff see that the data was erased.
    detail = staff(login_client, f"{school.code}.duyet").get(f"/admin/hoi-dap/{asked.pk}/").content.decode()
    assert "Dữ liệu cá nhân đã được xoá" in detail
    # Running it again erases nothing more.
    out = io.StringIO()
    call_command("erase_expired_personal_data", stdout=out)
    assert "0 câu hỏi" in out.getvalue()


# --- Public side ----------------------------------------------------------------------


def test_lookup_explains_an_unknown_code_and_limits_guessing(school):
    client = site_client(school)
    page = client.get("/hoi-dap/tra-cuu/?ma=HD-XXXXXXXXXX")
    assert page.status_code == 200
    assert "Không tìm thấy câu hỏi có mã HD-XXXXXXXXXX" in page.content.decode()
    assert page["Cache-Control"] == "private, no-store"
    with override_settings(QUESTION_LOOKUPS_PER_IP_HOUR=3):
        for _attempt in range(3):
            client.get("/hoi-dap/tra-cuu/?ma=HD-AAAAAAAAAA", REMOTE_ADDR="198.51.100.7")
        blocked = client.get("/hoi-dap/tra-cuu/?ma=HD-AAAAAAAAAA", REMOTE_ADDR="198.51.100.7")
    assert "quá nhiều lần" in blocked.content.decode()


def test_answers_are_listed_by_topic_and_found_without_accents(asked, department, login_client):
    from home.models import Topic

    topic = Topic.objects.first()
    Question.objects.filter(pk=asked.pk).update(topic=topic)
    asked.refresh_from_db()
    page = publish(asked, login_client)
    school = site_client(asked.unit)
    listing = school.get(f"/hoi-dap/?linh-vuc={topic.slug}").content.decode()
    assert page.title in listing
    other = Topic.objects.exclude(pk=topic.pk).first()
    assert page.title not in school.get(f"/hoi-dap/?linh-vuc={other.slug}").content.decode()
    assert page.title in school.get("/hoi-dap/?q=ho can ngheo").content.decode()
    assert page.title not in school.get("/hoi-dap/?q=hoc bong du hoc").content.decode()
    # The whole site's search has a "Hỏi đáp" kind; the department's list is sector-wide, naming the unit.
    search = school.get("/tim-kiem/?q=ho can ngheo&loai=hoi-dap").content.decode()
    assert page.title in search and "Hỏi đáp" in search
    sector = site_client(department).get("/hoi-dap/").content.decode()
    assert page.title in sector and asked.unit.display_name in sector
    # Unpublishing takes it off every list.
    staff(login_client, f"{asked.unit.code}.duyet").post(f"/admin/hoi-dap/{asked.pk}/", {"action": "unpublish"})
    assert page.title not in school.get("/hoi-dap/").content.decode()
    assert school.get(page.url).status_code == 404
