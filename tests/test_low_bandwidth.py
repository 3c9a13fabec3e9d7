"""Low bandwidth and print: text-only mode (no image bytes), the print button and the print stylesheet,
theme colours that stay readable, and the accessibility statement every site has."""

import pytest

from home.models import AccessibilityPage
from news.models import NewsPage
from schoolsite.colours import SOFT_BACKGROUND, contrast_ratio
from schoolsite.models import SiteSettings, Unit
from schoolsite.text_only import COOKIE_NAME
from tests.conftest import site_client

pytestmark = pytest.mark.django_db


def school_news_with_photo(unit):
    return (
        NewsPage.objects.descendant_of(unit.home_page)
        .live()
        .filter(featured_image__isnull=False)
        .order_by("-date")
        .first()
    )


def get(client, path):
    return client.get(path, HTTP_USER_AGENT="Mozilla/5.0 (Linux; Android 13)")


# --- Text-only mode ----------------------------------------------------------------------------


def test_the_switch_sets_the_cookie_and_goes_back_to_the_same_page_on_this_site(school):
    client = site_client(school)
    response = client.get("/chi-van-ban/", {"bat": "1", "next": "/tin-tuc/?trang=2"})
    assert response.status_code == 302 and response["Location"] == "/tin-tuc/?trang=2"
    assert response.cookies[COOKIE_NAME].value == "1"
    assert response.cookies[COOKIE_NAME]["max-age"] >= 30 * 24 * 3600
    assert "no-store" in response["Cache-Control"]

    response = client.get("/chi-van-ban/", {"bat": "0", "next": "/tin-tuc/"})
    assert response["Location"] == "/tin-tuc/"
    assert response.cookies[COOKIE_NAME]["max-age"] == 0  # deleted

    for elsewhere in ["https://evil.example/", "//evil.example/tin-tuc/", "/\\evil.example", "javascript:alert(1)"]:
        response = client.get("/chi-van-ban/", {"bat": "1", "next": elsewhere})
        assert response["Location"] == "/", elsewhere


def test_text_only_pages_have_no_images_and_the_cache_never_mixes_the_modes(school):
    from home.demo import _image, landscape_jpeg

    news = school_news_with_photo(school)
    # A new photo, so that no rendition of it exists yet.
    image = _image(school, "Lễ chào cờ (ảnh mới)", landscape_jpeg(7, 640, 360), "chao-co.jpg", "")
    news.body = [
        (
            "text",
            "<p>Học sinh dự lễ khai giảng.</p>"
            f'<embed embedtype="image" id="{image.pk}" format="fullwidth" alt="Ảnh lễ"/>',
        ),
        ("image", {"image": image, "caption": "Lễ chào cờ đầu năm học"}),
    ]
    news.save_revision().publish()
    path = news.relative_url(school.site)

    # Text-only first: the page is built without a single rendition of the photo (the templates and
    # the rich text skip it), not merely with its tags removed afterwards.
    text_only = site_client(school)
    text_only.cookies[COOKIE_NAME] = "1"
    response = get(text_only, path)
    assert response["X-Page-Cache"] == "MISS"
    html = response.content.decode()
    assert "<img" not in html and "/media/images/" not in html.split("</head>")[1]
    assert not image.renditions.exists(), list(image.renditions.values_list("filter_spec", flat=True))
    assert "Lễ chào cờ đầu năm học" in html  # the caption stays
    assert "Học sinh dự lễ khai giảng." in html
    assert "Bạn đang xem trang không ảnh" in html and "Xem có ảnh" in html

    with_images = site_client(school)
    first = get(with_images, path)
    assert first["X-Page-Cache"] == "MISS"  # not the text-only page from the cache
    html = first.content.decode()
    assert html.count("<img") >= 4  # logo, featured image, image block, image in the text
    assert 'alt="Ảnh lễ"' in html and image.renditions.exists()
    assert "Xem không ảnh" in html

    again = get(text_only, path)
    assert again["X-Page-Cache"] == "HIT" and "<img" not in again.content.decode()
    back = get(with_images, path)
    assert back["X-Page-Cache"] == "HIT" and back.content.count(b"<img") >= 4


def test_a_template_that_forgets_text_only_mode_still_sends_no_image():
    from django.http import HttpResponse, JsonResponse

    from schoolsite.text_only import strip_images

    html = '<p>Ảnh:<img src="/media/images/a.webp" alt="Lễ"><picture><source srcset="/media/b.webp"></picture></p>'
    response = strip_images(HttpResponse(html))
    assert response.content.decode() == "<p>Ảnh:<picture></picture></p>"
    data = JsonResponse({"html": "<img src=x>"})
    assert strip_images(data).content == data.content  # only HTML pages


def test_text_only_home_and_news_list_skip_banner_logo_and_cards(school):
    client = site_client(school)
    assert b"<img" in get(client, "/").content
    client.cookies[COOKIE_NAME] = "1"
    for path in ["/", "/tin-tuc/"]:
        html = get(client, path).content.decode()
        assert "<img" not in html, path
        assert "card-title" in html or path == "/"


# --- Print --------------------------------------------------------------------------------------


def test_print_button_is_on_news_document_and_procedure_pages(school):
    from legal_docs.models import LegalDocumentPage, ProcedurePage

    client = site_client(school)
    paths = [
        school_news_with_photo(school).relative_url(school.site),
        LegalDocumentPage.objects.live().first().relative_url(Unit.objects.get(code="so").site),
        ProcedurePage.objects.live().first().relative_url(Unit.objects.get(code="so").site),
    ]
    department = site_client(Unit.objects.get(code="so"))
    for owner, path in zip([client, department, department], paths, strict=True):
        html = get(owner, path).content.decode()
        assert 'data-print hidden title="In trang này, hoặc lưu thành tệp PDF' in html, path
        assert ">In trang</button>" in html, path
        # Unit name and address of the page, printed at the top.
        assert 'class="print-only print-source"' in html, path


# --- Readable colours ---------------------------------------------------------------------------


def test_a_too_light_theme_colour_saved_outside_the_form_is_darkened_on_the_site(school):
    SiteSettings.objects.filter(site=school.site).update(theme_colour="#ffeb3b")
    html = get(site_client(school), "/").content.decode()
    colour = html.split("--theme:")[1][:7]
    assert colour != "#ffeb3b"
    assert contrast_ratio(colour, "#ffffff") >= 4.5 and contrast_ratio(colour, SOFT_BACKGROUND) >= 4.5


def test_a_readable_theme_colour_is_kept(school):
    SiteSettings.objects.filter(site=school.site).update(theme_colour="#1e5631")
    assert "--theme:#1e5631" in get(site_client(school), "/").content.decode()


# --- Accessibility statement ---------------------------------------------------------------------


def test_every_site_has_an_accessibility_statement_in_the_footer_not_the_menu(school, department):
    units = Unit.objects.filter(home_page__isnull=False)
    statements = AccessibilityPage.objects.live()
    assert statements.count() == units.count()
    assert not statements.filter(show_in_menus=True).exists()
    for unit in (school, department):
        home = get(site_client(unit), "/").content.decode()
        assert '<a href="/ho-tro-tiep-can/">Hỗ trợ tiếp cận</a>' in home
        menu = home.split('id="main-menu"')[1].split("</ul>")[0]
        assert "ho-tro-tiep-can" not in menu


def test_the_statement_is_written_from_the_units_own_data(school):
    settings_row = SiteSettings.for_site(school.site)
    settings_row.phone = "0214 3840 123"
    settings_row.email = "thptchuyen@laocai.edu.vn"
    settings_row.save()
    response = get(site_client(school), "/ho-tro-tiep-can/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "WCAG" in html and "2.1" in html and "mức AA" in html
    assert "axe-core" in html and "Hạn chế đã biết" in html
    assert school.name in html
    assert "0214 3840 123" in html and "mailto:thptchuyen@laocai.edu.vn" in html
    assert "Ngày rà soát gần nhất" in html


def test_the_unit_adds_its_own_text_and_review_date(school):
    import datetime

    page = AccessibilityPage.objects.descendant_of(school.home_page).get()
    page.reviewed_on = datetime.date(2026, 11, 20)
    page.body = [("text", "<p>Phòng máy của trường có kính lúp điện tử cho học sinh khiếm thị.</p>")]
    page.save_revision().publish()
    html = get(site_client(school), "/ho-tro-tiep-can/").content.decode()
    assert "kính lúp điện tử" in html and "20/11/2026" in html


def test_provisioning_adds_the_statement_to_an_existing_site_once(school):
    from schoolsite.sections import ensure_sections

    AccessibilityPage.objects.descendant_of(school.home_page).get().delete()
    home = school.home_page
    ensure_sections(home)
    ensure_sections(home)
    added = AccessibilityPage.objects.descendant_of(home).get()
    assert added.slug == "ho-tro-tiep-can" and added.live and not added.show_in_menus


# --- In Chromium --------------------------------------------------------------------------------


@pytest.mark.browser
def test_reader_switches_images_off_and_on_without_javascript(live_portal, browser, school):
    news = school_news_with_photo(school)
    base = f"http://{school.hostname}:{live_portal}"
    context = browser.new_context(viewport={"width": 360, "height": 740}, java_script_enabled=False)
    page = context.new_page()
    image_requests = []
    page.on("request", lambda request: "/media/images/" in request.url and image_requests.append(request.url))

    page.goto(base + news.relative_url(school.site))
    page.wait_for_load_state("networkidle")
    assert page.locator("main img").count() >= 1 and image_requests

    page.get_by_role("link", name="Xem không ảnh (chế độ chỉ văn bản)").click()
    page.wait_for_url(base + news.relative_url(school.site))
    image_requests.clear()
    page.reload()
    page.wait_for_load_state("networkidle")
    assert page.locator("img").count() == 0
    assert image_requests == []
    assert page.get_by_text("Bạn đang xem trang không ảnh").is_visible()
    # The list of news, where every card has a photo, costs no image either.
    page.goto(base + "/tin-tuc/")
    page.wait_for_load_state("networkidle")
    assert page.locator("img").count() == 0 and image_requests == []

    page.locator("main").get_by_role("link", name="Xem có ảnh").click()
    page.wait_for_url(base + "/tin-tuc/")
    page.wait_for_load_state("networkidle")
    assert page.locator("main img").count() >= 1 and image_requests
    context.close()


@pytest.mark.browser
def test_print_button_and_print_stylesheet(live_portal, browser, school):
    news = school_news_with_photo(school)
    url = f"http://{school.hostname}:{live_portal}{news.relative_url(school.site)}"

    # Without JavaScript the button would do nothing: it stays hidden.
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(url)
    assert page.locator("[data-print]").count() == 1 and not page.locator("[data-print]").is_visible()
    context.close()

    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(url)
    button = page.get_by_role("button", name="In trang")
    assert button.is_visible()
    assert "PDF" in button.get_attribute("title")
    page.evaluate("window.print = () => { window.printed = true; }")  # the dialog itself cannot open headless
    button.focus()
    page.keyboard.press("Enter")
    assert page.evaluate("window.printed") is True

    def display(selector):
        return page.locator(selector).first.evaluate("element => getComputedStyle(element).display")

    assert display(".print-source") == "none"
    page.emulate_media(media="print")
    for hidden in [".site-nav", ".header-search", ".site-footer", ".breadcrumbs", ".page-tools", ".skip-link"]:
        assert display(hidden) == "none", hidden
    assert display(".print-source") == "block"
    source = page.locator(".print-source").inner_text()
    assert school.name in source and news.relative_url(school.site) in source
    colours = page.locator("body").evaluate(
        "body => [getComputedStyle(body).color, getComputedStyle(body).backgroundColor,"
        " getComputedStyle(document.querySelector('.site-header')).backgroundColor]"
    )
    assert colours == ["rgb(0, 0, 0)", "rgb(255, 255, 255)", "rgb(255, 255, 255)"]
    assert page.locator("article h1").is_visible()
    context.close()
