"""The admin speaks Vietnamese; dates are written the Vietnamese way; English is available for content."""

import datetime
import json
import re

import pytest
from django.conf import settings
from django.test import Client
from django.utils import formats, translation
from wagtail.models import Locale

pytestmark = pytest.mark.django_db


def test_login_page_is_in_vietnamese():
    body = Client(HTTP_HOST="so.localhost").get("/admin/login/").content.decode()
    assert 'lang="vi"' in body
    assert "Đăng nhập" in body
    label = re.search(r'<label[^>]*for="id_password"[^>]*>\s*([^<]*?)\s*<', body).group(1)
    assert label == "Mật khẩu"  # not Django's English field name


def sidebar_labels(body):
    props = re.search(r'<script id="wagtail-sidebar-props" type="application/json">(.*?)</script>', body, re.S)
    return re.findall(r'"label": "([^"]+)"', json.loads(json.dumps(props.group(1))).encode().decode("unicode_escape"))


def test_dashboard_in_vietnamese_for_a_school_editor(login_client, school):
    client = login_client(f"{school.code}.bientap", host=school.hostname)
    body = client.get("/admin/").content.decode()
    assert 'lang="vi"' in body
    assert "Tổng quan trang web" in body and "Phím tắt" in body
    labels = sidebar_labels(body)
    assert "Trang" in labels and "Hình ảnh" in labels and "Tài liệu" in labels


def test_page_editor_in_vietnamese(login_client, school):
    client = login_client(f"{school.code}.bientap", host=school.hostname)
    from news.models import NewsIndexPage

    index = NewsIndexPage.objects.child_of(school.home_page).get()
    body = client.get(f"/admin/pages/add/news/newspage/{index.pk}/").content.decode()
    for text in ["Lưu nháp", "Nội dung", "Ngày đăng", "Ảnh đại diện", "Lĩnh vực"]:
        assert text in body, text


def test_javascript_strings_in_vietnamese(login_client):
    client = login_client("so.bientap")
    script = client.get("/admin/jsi18n/").content.decode("utf-8")
    catalog = json.loads(re.search(r"const newcatalog = (\{.*?\});\n", script, re.S).group(1))
    assert catalog["Edit"] == "Sửa"
    assert catalog["%(num)s error"] == ["%(num)s lỗi"]


def test_vietnamese_time_zone_and_date_formats():
    assert settings.TIME_ZONE == "Asia/Ho_Chi_Minh"
    with translation.override("vi"):
        assert formats.date_format(datetime.date(2026, 11, 25)) == "25/11/2026"
        assert formats.date_format(datetime.datetime(2026, 11, 25, 7, 30), "DATETIME_FORMAT") == "07:30 25/11/2026"


def test_content_locales_vietnamese_default_english_and_hmong():
    assert Locale.get_default().language_code == "vi"
    assert set(Locale.objects.values_list("language_code", flat=True)) == {"vi", "en", "hmn"}


def test_wagtail_localize_offers_translation_to_english(login_client, department):
    client = login_client("quantri")
    response = client.get(f"/admin/localize/submit/page/{department.home_page_id}/")
    assert response.status_code == 200
    assert "English" in response.content.decode()


DEMO_USERS = ["quantri", "so.duyet", "so.bientap", "thpt-chuyen.bientap", "thpt-chuyen.duyet", "thpt-chuyen.quantri"]


@pytest.mark.parametrize("username", DEMO_USERS + ["ptdtnt-bac-ha.quantri"])
def test_demo_logins_work(login_client, username):
    client = login_client(username)
    assert client.get("/admin/").status_code == 200


def test_editor_explorer_starts_at_their_own_site(login_client, school):
    client = login_client(f"{school.code}.bientap", host=school.hostname)
    response = client.get("/admin/pages/", follow=True)
    assert response.status_code == 200
    assert school.name in response.content.decode()
    assert "Trường PTDTNT THCS và THPT huyện Bắc Hà" not in response.content.decode()


def test_compiled_translations_match_their_sources():
    """locale/*.mo must be rebuilt (`make compilemessages`) whenever a .po file changes."""
    import glob

    import polib

    for po_path in glob.glob(str(settings.BASE_DIR / "locale" / "*" / "LC_MESSAGES" / "*.po")):
        po = {(e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural) for e in polib.pofile(po_path) if e.translated()}
        mo = {(e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural) for e in polib.mofile(po_path[:-3] + ".mo")}
        mo.pop((None, ""), None)
        assert mo == po, po_path


def test_dashboard_offers_writing_news_for_own_unit(login_client, school):
    from news.models import NewsIndexPage

    index = NewsIndexPage.objects.child_of(school.home_page).get()
    body = login_client(f"{school.code}.bientap", host=school.hostname).get("/admin/").content.decode()
    assert "Viết tin mới" in body
    assert f'href="/admin/pages/add/news/newspage/{index.pk}/"' in body


def test_ages_in_the_admin_lists_are_in_vietnamese():
    """Page lists say "3 phút trước": Django's Vietnamese catalog lacks these, the project's supplies them."""
    import datetime

    from django.utils import timezone, translation
    from django.utils.timesince import timesince

    now = timezone.now()

    def age(**delta):
        return timesince(now - datetime.timedelta(**delta), now).replace("\xa0", " ")  # Django's no-break space

    with translation.override("vi"):
        assert age(minutes=3) == "3 phút"
        assert age(days=15) == "2 tuần, 1 ngày"
        assert age(days=400) == "1 năm, 1 tháng"
