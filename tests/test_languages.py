"""The public's languages: H'Mông and English translations, the language switcher, the English pages report."""

import csv
import datetime
import io
import re

import pytest
from django.conf import settings
from django.core.management import call_command
from django.template import Context, Template
from django.utils import timezone, translation
from wagtail.models import Locale, Page

from home.models import ContentPage, IntroductionPage
from reports import services as reports
from sgddt.languages import parse_extra_languages
from tests.conftest import site_client

pytestmark = pytest.mark.django_db

READER = {"HTTP_USER_AGENT": "Mozilla/5.0 (Linux; Android 13)"}


def get(unit, path):
    return site_client(unit).get(path, **READER)


def html_lang(body):
    return re.search(r'<html lang="([^"]+)"', body).group(1)


def switcher(body):
    match = re.search(r'<nav class="language-switcher".*?</nav>', body, re.S)
    return match.group(0) if match else ""


def intro_of(unit):
    return IntroductionPage.objects.child_of(unit.home_page).get()


# --- The H'Mông locale ---------------------------------------------------------------------


def test_hmong_is_a_registered_language_django_does_not_ship():
    info = translation.get_language_info("hmn")
    assert info["name_local"] == "Hmoob" and info["bidi"] is False and info["name"] == "Hmong"
    rendered = Template("{% load i18n %}{% get_language_info for 'hmn' as l %}{{ l.name_local }} {{ l.code }}").render(
        Context({})
    )
    assert rendered == "Hmoob hmn"
    assert "hmn" in dict(settings.LANGUAGES) and "hmn" in dict(settings.WAGTAIL_CONTENT_LANGUAGES)
    assert "hmn" not in dict(settings.WAGTAILADMIN_PERMITTED_LANGUAGES)  # the admin stays Vietnamese


def test_another_minority_language_is_a_settings_value():
    assert parse_extra_languages("hmn:Hmoob:Hmong, ium:Iu Mienh:Iu Mien, tyz:Tày") == [
        ("hmn", "Hmoob", "Hmong"),
        ("ium", "Iu Mienh", "Iu Mien"),
        ("tyz", "Tày", "Tày"),
    ]
    with pytest.raises(ValueError):
        parse_extra_languages("H'Mông:Hmoob")


def test_hmong_locale_exists_after_load_demo():
    assert Locale.get_default().language_code == "vi"
    assert {"vi", "en", "hmn"} <= set(Locale.objects.values_list("language_code", flat=True))


def test_hmong_page_is_served_at_its_prefix_in_hmong(department):
    response = get(department, "/hmn/")
    assert response.status_code == 200
    body = response.content.decode()
    assert html_lang(body) == "hmn"
    assert "Nyob zoo" in body
    # Interface strings without a H'Mông translation fall back to Vietnamese, not to English.
    assert "Trang chủ" in body and 'placeholder="Tìm kiếm…"' in body


def test_admin_offers_hmong_as_a_content_language(login_client, department):
    response = login_client("quantri").get(f"/admin/localize/submit/page/{department.home_page_id}/")
    assert response.status_code == 200
    assert "Hmoob" in response.content.decode()


# --- The switcher ----------------------------------------------------------------------------


def test_switcher_links_the_department_introduction_to_its_english_translation(department):
    body = get(department, "/gioi-thieu/").content.decode()
    nav = switcher(body)
    assert 'href="/en/gioi-thieu/" hreflang="en" lang="en">English</a>' in nav
    assert 'aria-current="true" lang="vi">Tiếng Việt' in nav
    assert '<link rel="alternate" hreflang="en" href="http://so.localhost:8000/en/gioi-thieu/">' in body
    assert '<link rel="alternate" hreflang="vi" href="http://so.localhost:8000/gioi-thieu/">' in body
    assert '<link rel="alternate" hreflang="x-default" href="http://so.localhost:8000/gioi-thieu/">' in body

    english = get(department, "/en/gioi-thieu/")
    assert english.status_code == 200
    english_body = english.content.decode()
    assert html_lang(english_body) == "en"
    assert "<h1>About us</h1>" in english_body
    assert 'href="/gioi-thieu/" hreflang="vi" lang="vi">Tiếng Việt</a>' in switcher(english_body)


def test_a_vietnamese_page_reached_under_en_says_it_is_vietnamese(school):
    """A school without English pages: /en/ shows its Vietnamese home, English interface, lang="vi" content."""
    body = get(school, "/en/").content.decode()
    assert html_lang(body) == "vi"
    assert ">Search</button>" in body


def test_no_switcher_on_a_page_without_translation(department, school):
    history = ContentPage.objects.child_of(intro_of(department)).get(slug="lich-su-phat-trien")
    assert not history.get_translations().exists()
    for unit, path in [(department, "/gioi-thieu/lich-su-phat-trien/"), (school, "/gioi-thieu/"), (school, "/")]:
        body = get(unit, path).content.decode()
        assert switcher(body) == "", path
        assert 'hreflang="en"' not in body, path


def test_switcher_does_not_link_to_a_draft_translation(department):
    history = ContentPage.objects.child_of(intro_of(department)).get(slug="lich-su-phat-trien")
    draft = history.copy_for_translation(Locale.objects.get(language_code="en"))
    assert not draft.live
    assert switcher(get(department, "/gioi-thieu/lich-su-phat-trien/").content.decode()) == ""
    draft.title = "History"
    draft.save_revision().publish()
    nav = switcher(get(department, "/gioi-thieu/lich-su-phat-trien/").content.decode())
    assert 'href="/en/gioi-thieu/lich-su-phat-trien/"' in nav


def test_publishing_a_translation_refreshes_the_cached_original(department):
    """The original's cached copy had no switcher: publishing its first translation must show one."""
    history = ContentPage.objects.child_of(intro_of(department)).get(slug="lich-su-phat-trien")
    get(department, "/gioi-thieu/lich-su-phat-trien/")
    cached = get(department, "/gioi-thieu/lich-su-phat-trien/")
    assert cached["X-Page-Cache"] == "HIT" and switcher(cached.content.decode()) == ""
    english = history.copy_for_translation(Locale.objects.get(language_code="en"))
    english.title = "History"
    english.save_revision().publish()
    fresh = get(department, "/gioi-thieu/lich-su-phat-trien/")
    assert fresh["X-Page-Cache"] == "MISS"
    assert 'href="/en/gioi-thieu/lich-su-phat-trien/"' in switcher(fresh.content.decode())
    # Unpublishing it takes the link away again, on the original's cached page too.
    get(department, "/gioi-thieu/lich-su-phat-trien/")
    english.refresh_from_db()
    english.unpublish()
    assert switcher(get(department, "/gioi-thieu/lich-su-phat-trien/").content.decode()) == ""


# --- Interface strings -----------------------------------------------------------------------


def test_english_pages_have_english_interface_strings(department):
    body = get(department, "/en/gioi-thieu/co-cau-to-chuc/").content.decode()
    assert "<h1>Organisation structure</h1>" in body
    for text in ["Skip to main content", ">Home</a>", ">Search</button>", 'placeholder="Search…"', "Office hours"]:
        assert text in body, text
    assert 'aria-label="Main menu"' in body and ">Links</h2>" in body and "Ministry of Education and Training" in body
    assert 'action="/en/tim-kiem/"' in body
    # The menu lists the translated sections with their English titles.
    assert ">About us</a>" in body
    for text in ["Bỏ qua, đến nội dung chính", ">Trang chủ</a>", ">Tìm</button>", "Bộ Giáo dục và Đào tạo"]:
        assert text not in body, text


def test_vietnamese_pages_keep_vietnamese_interface_strings(department):
    body = get(department, "/gioi-thieu/co-cau-to-chuc/").content.decode()
    assert html_lang(body) == "vi"
    for text in ["Bỏ qua, đến nội dung chính", ">Trang chủ</a>", ">Tìm</button>", "Bộ Giáo dục và Đào tạo"]:
        assert text in body, text
    assert "Skip to main content" not in body and 'action="/tim-kiem/"' in body


def test_department_officials_contacts_in_english(department):
    body = get(department, "/en/gioi-thieu/lanh-dao-so/").content.decode()
    assert "Leadership and contacts" in body and "Deputy Director" in body
    assert "mailto:giamdoc.sogddt@laocai.edu.vn" in body and "Phone" in body
    vietnamese = get(department, "/gioi-thieu/lanh-dao-so/").content.decode()
    assert "Phó Giám đốc Sở" in vietnamese and "Điện thoại" in vietnamese


def test_load_demo_is_idempotent_for_translations(department):
    before = Page.objects.filter(locale__language_code__in=["en", "hmn"]).count()
    from translations import demo

    demo.load()
    assert Page.objects.filter(locale__language_code__in=["en", "hmn"]).count() == before


def test_compiled_english_catalog_is_current():
    """locale/en/…/django.mo is rebuilt (make compilemessages) with its .po; the header gives English plurals."""
    with translation.override("en"):
        assert translation.gettext("Tìm") == "Search"
        assert translation.ngettext("%(counter)s văn bản", "%(counter)s văn bản", 2) == "%(counter)s documents"
    with translation.override("hmn"):
        assert translation.gettext("Tìm") == "Tìm"


# --- The English pages report --------------------------------------------------------------


def report_rows(user_units=None, **filters):
    from schoolsite.models import Unit

    units = user_units if user_units is not None else Unit.objects.all()
    report = reports.build("translations", units, reports.Period.last_month(), reports.Filters(**filters))
    return report


def test_report_lists_a_school_without_english_pages(school, department):
    report = report_rows()
    units = [row["unit"] for row in report.tables[0].rows]
    assert school.name in units
    row = next(row for row in report.tables[0].rows if row["unit"] == school.name)
    assert row["page0"] == row["page1"] == row["page2"] == "Chưa có bản tiếng Anh"
    assert department.name not in units  # its structure, duties and contacts are translated


def test_report_lists_a_department_page_republished_after_its_english_translation(department):
    duties = ContentPage.objects.child_of(intro_of(department)).get(slug="chuc-nang-nhiem-vu")
    revision = duties.save_revision()
    revision.publish()
    english = duties.get_translation(Locale.objects.get(language_code="en"))
    Page.objects.filter(pk=english.pk).update(last_published_at=timezone.now() - timezone.timedelta(days=3))
    report = report_rows(unit_code="so")
    assert [row["unit"] for row in report.tables[0].rows] == [department.name]
    details = report.tables[1].rows
    assert [(row["page"], row["status"]) for row in details] == [
        ("Chức năng, nhiệm vụ", "Bản tiếng Anh cũ hơn bản tiếng Việt")
    ]
    assert details[0]["url"].endswith("/gioi-thieu/chuc-nang-nhiem-vu/")


def test_report_in_the_admin_scoped_to_a_unit_admin(login_client, school, other_school):
    client = login_client(f"{school.code}.quantri", host=school.hostname)
    response = client.get("/admin/bao-cao/translations/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Bản tiếng Anh" in body and school.name in body and other_school.name not in body
    department_staff = login_client("so.duyet")
    assert other_school.name in department_staff.get("/admin/bao-cao/translations/").content.decode()


def test_export_report_translations_as_csv(tmp_path, school):
    output = tmp_path / "translations.csv"
    call_command("export_report", "translations", "--format", "csv", "-o", str(output), stdout=io.StringIO())
    text = output.read_text(encoding="utf-8-sig")
    assert school.name in text and "Chưa có bản tiếng Anh" in text
    assert any(school.name in ",".join(row) for row in csv.reader(io.StringIO(text)))


def test_a_translated_home_page_gets_the_units_editors(school):
    from wagtail.models import GroupPagePermission

    english = school.home_page.copy_for_translation(Locale.objects.get(language_code="en"))
    groups = set(GroupPagePermission.objects.filter(page=school.home_page).values_list("group", "permission"))
    assert groups and set(GroupPagePermission.objects.filter(page=english).values_list("group", "permission")) == groups


def test_browser_switches_to_english_and_back(live_portal, browser, department):
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True)
    page = context.new_page()
    try:
        page.goto(f"http://{department.hostname}:{live_portal}/gioi-thieu/")
        assert page.evaluate("document.documentElement.lang") == "vi"
        page.get_by_role("navigation", name="Ngôn ngữ").get_by_role("link", name="English").click()
        page.wait_for_url("**/en/gioi-thieu/")
        assert page.evaluate("document.documentElement.lang") == "en"
        assert page.locator("h1").inner_text() == "About us"
        page.get_by_role("navigation", name="Language").get_by_role("link", name="Tiếng Việt").click()
        page.wait_for_url(f"http://{department.hostname}:{live_portal}/gioi-thieu/")
        assert page.locator("h1").inner_text() == "Giới thiệu"
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    finally:
        context.close()


def test_a_content_language_without_catalog_is_reported(settings):
    from translations.checks import content_languages_have_catalogs

    assert content_languages_have_catalogs(None) == []
    settings.WAGTAIL_CONTENT_LANGUAGES = [*settings.WAGTAIL_CONTENT_LANGUAGES, ("ium", "Iu Mienh")]
    assert [warning.id for warning in content_languages_have_catalogs(None)] == ["translations.W001"]


def test_a_school_editor_translates_a_page_and_edits_the_translation(login_client, school):
    """Translating in the admin (wagtail-localize) gives the unit's editors the translated tree too."""
    client = login_client(f"{school.code}.bientap", host=school.hostname)
    intro = intro_of(school)
    english = Locale.objects.get(language_code="en")
    response = client.post(f"/admin/localize/submit/page/{intro.pk}/", {"locales": [english.pk]})
    assert response.status_code == 302
    translated = intro.get_translation(english)
    assert translated.get_parent().specific.get_translation(Locale.get_default()).pk == school.home_page_id
    assert client.get(f"/admin/pages/{translated.pk}/edit/").status_code == 200
    # Another school's editors get nothing on it.
    other = login_client("ptdtnt-bac-ha.bientap", host="ptdtnt-bac-ha.localhost")
    assert other.get(f"/admin/pages/{translated.pk}/edit/").status_code in (302, 403)


def test_new_public_features_have_english_interface_strings(department, school):
    """Footer tools, schedule, công khai, albums, alerts and web forms say their interface text in English."""
    body = get(department, "/en/gioi-thieu/co-cau-to-chuc/").content.decode()
    footer = body[body.index("<footer") :]
    for text in ['aria-label="Tools"', ">Accessibility</a>", "View without images (text-only mode)"]:
        assert text in footer, text
    assert "Hỗ trợ tiếp cận" not in footer and "Xem không ảnh" not in footer

    # A school without English pages serves its Vietnamese sections under /en/ with the English interface.
    for path, texts in [
        ("/en/cong-khai/", ["Circular 09/2024/TT-BGDĐT", "School year"]),
        ("/en/lich-cong-tac/", ["Choose a week", ": from Monday ", "This week"]),
        ("/en/su-kien/", ["Choose a month", "Add to your calendar app (iCalendar)"]),
        ("/en/hoi-dap/gui-cau-hoi/", ["PDF, Word, Excel or OpenDocument, at most 10 MB."]),
    ]:
        page = get(school, path).content.decode()
        for text in texts:
            assert text in page, (path, text)
    assert "Chọn tuần" not in get(school, "/en/lich-cong-tac/").content.decode()

    from alerts.models import AlertLevel
    from schedule.models import PERIOD_LABELS, WEEKDAY_NAMES

    with translation.override("en"):
        heading = Template('{% include "schedule/_week_heading.html" %}').render(
            Context({"week_number": 49, "monday": datetime.date(2026, 11, 30), "sunday": datetime.date(2026, 12, 6)})
        )
        assert "Week 49: from Monday 30/11/2026 to Sunday 06/12/2026" in heading
        assert [str(name) for name in WEEKDAY_NAMES][:2] == ["Monday", "Tuesday"]
        assert "Morning" in [str(label) for label in PERIOD_LABELS.values()]
        assert translation.gettext("Chưa công khai") == "Not yet published"
        assert translation.gettext("Thông tư 09/2024/TT-BGDĐT") == "Circular 09/2024/TT-BGDĐT"
        assert translation.ngettext("%(counter)s ảnh", "%(counter)s ảnh", 3) % {"counter": 3} == "3 photos"
        assert str(AlertLevel.labels[-1]) == "Emergency"
        assert (
            translation.gettext("Xin đánh dấu ô đồng ý để gửi biểu mẫu.")
            == "Please tick the consent box to send the form."
        )


# --- The sitemap in every language ---------------------------------------------------------------

SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def sitemap_of(unit):
    """{location: {hreflang: href}} of the unit's /sitemap.xml."""
    from xml.etree import ElementTree

    response = get(unit, "/sitemap.xml")
    assert response.status_code == 200
    entries = {}
    for url in ElementTree.fromstring(response.content).findall("s:url", SITEMAP_NS):
        links = url.findall("x:link", SITEMAP_NS)
        assert all(link.get("rel") == "alternate" for link in links)
        entries[url.find("s:loc", SITEMAP_NS).text] = {link.get("hreflang"): link.get("href") for link in links}
    return entries


def test_sitemap_lists_the_english_pages_and_links_each_translation(department):
    base = department.site.root_url
    entries = sitemap_of(department)
    assert f"{base}/en/gioi-thieu/" in entries
    expected = {"vi": f"{base}/gioi-thieu/", "en": f"{base}/en/gioi-thieu/", "x-default": f"{base}/gioi-thieu/"}
    assert entries[f"{base}/gioi-thieu/"] == expected
    assert entries[f"{base}/en/gioi-thieu/"] == expected
    # A page without a translation has no alternates.
    assert entries[f"{base}/gioi-thieu/lich-su-phat-trien/"] == {}


def test_sitemap_leaves_out_draft_translations_and_untranslated_copies(department):
    history = ContentPage.objects.child_of(intro_of(department)).get(slug="lich-su-phat-trien")
    english = Locale.objects.get(language_code="en")
    history.copy_for_translation(english)  # a draft
    news = Page.objects.child_of(department.home_page).get(slug="tin-tuc")
    alias = news.copy_for_translation(english, alias=True)  # live, but the Vietnamese text under /en/
    assert alias.live
    base = department.site.root_url
    entries = sitemap_of(department)
    assert f"{base}/en/gioi-thieu/lich-su-phat-trien/" not in entries
    assert entries[f"{base}/gioi-thieu/lich-su-phat-trien/"] == {}
    assert f"{base}/en/tin-tuc/" not in entries and entries[f"{base}/tin-tuc/"] == {}


def test_sitemap_of_a_school_without_translations_has_no_alternates(school, department):
    entries = sitemap_of(school)
    assert f"{school.site.root_url}/gioi-thieu/" in entries
    assert not any(entries.values())
    # Never another unit's pages, in any language.
    assert all(location.startswith(f"{school.site.root_url}/") for location in entries)
    assert all(location.startswith(f"{department.site.root_url}/") for location in sitemap_of(department))
