"""In real Chromium at a phone viewport: an alert raised in the admin shows on an already cached school home;
an album with a YouTube player and its photos loads under the portal's Content-Security-Policy."""

import pytest
from django.utils import timezone

from tests.conftest import served_portal

pytestmark = [pytest.mark.django_db, pytest.mark.browser]

PASSWORD = "sgddt-demo-2026"


@pytest.fixture
def single_worker_portal(django_db_setup, django_db_blocker):
    """gunicorn with one worker: without Redis the page cache lives in the worker's memory, so an alert
    raised through one request must be seen by the next (with Redis every worker shares it)."""
    from django.db import connection

    db = connection.settings_dict
    with served_portal(workers=1) as port:
        started = timezone.now()
        yield port
    # What the test committed through the server, removed on a connection of its own (the test's
    # connection is inside a transaction that is rolled back).
    import psycopg

    with psycopg.connect(host=db["HOST"], port=db["PORT"] or 5432, user=db["USER"], dbname=db["NAME"]) as own:
        ids = [row[0] for row in own.execute("SELECT id FROM alerts_alert WHERE created_at >= %s", [started])]
        if ids:
            own.execute(
                "DELETE FROM wagtailcore_modellogentry WHERE object_id = ANY(%s) AND content_type_id = "
                "(SELECT id FROM django_content_type WHERE app_label = 'alerts' AND model = 'alert')",
                [[str(pk) for pk in ids]],
            )
            own.execute("DELETE FROM alerts_alert_audience_units WHERE alert_id = ANY(%s)", [ids])
            own.execute("DELETE FROM alerts_alert WHERE id = ANY(%s)", [ids])


def phone_visit(browser, url):
    """A first visit from a phone with an empty browser cache: what the server answers, as it renders."""
    context = browser.new_context(
        viewport={"width": 360, "height": 740},
        device_scale_factor=2,
        is_mobile=True,
        extra_http_headers={"Accept-Language": "vi"},
    )
    page = context.new_page()
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    response = page.goto(url)
    return context, page, response, errors


def test_alert_raised_in_admin_shows_on_a_cached_school_home_on_a_phone(single_worker_portal, browser):
    port = single_worker_portal
    home = f"http://thpt-chuyen.localhost:{port}/"
    # Warm the cache (a first render may also complete the demo images' metadata, which refreshes the site).
    for _attempt in range(5):
        context, page, response, errors = phone_visit(browser, home)
        context.close()
        if response.headers["x-page-cache"] == "HIT":
            break
    assert response.headers["x-page-cache"] == "HIT"

    # The department's moderator raises an alert for the city's schools in the admin.
    admin = browser.new_context(viewport={"width": 1280, "height": 900})
    staff = admin.new_page()
    staff.goto(f"http://so.localhost:{port}/admin/login/")
    staff.fill("input[name=username]", "so.duyet")
    staff.fill("input[name=password]", PASSWORD)
    staff.click("button[type=submit]")
    staff.wait_for_url("**/admin/")
    staff.goto(f"http://so.localhost:{port}/admin/thong-bao-khan/add/")
    staff.select_option("select[name=level]", "emergency")
    staff.fill("input[name=title]", "Học sinh nghỉ học do mưa lũ")
    staff.fill(
        "textarea[name=message]",
        "Mưa lớn gây ngập úng. Học sinh nghỉ học ngày mai, theo dõi thông báo của nhà trường.",
    )
    now = timezone.localtime()
    staff.fill("input[name=starts_at]", (now - timezone.timedelta(minutes=1)).strftime("%d/%m/%Y %H:%M"))
    staff.fill("input[name=ends_at]", (now + timezone.timedelta(hours=6)).strftime("%d/%m/%Y %H:%M"))
    staff.select_option("select[name=audience]", "selected")
    staff.check("input[name=audience_districts][value='Thành phố Lào Cai']")
    staff.locator("form button[type=submit]").last.click()
    staff.wait_for_url("**/admin/thong-bao-khan/")
    admin.close()

    context, page, response, errors = phone_visit(browser, home)
    banner = page.get_by_role("alert")
    assert banner.is_visible()
    assert "Khẩn cấp: Học sinh nghỉ học do mưa lũ" in banner.get_by_role("heading").inner_text()
    assert banner.bounding_box()["y"] < 740  # on the phone's first screen
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert errors == []
    context.close()
    # From the cache from now on, banner included; a school of another district is not addressed.
    context, page, response, errors = phone_visit(browser, home)
    assert response.headers["x-page-cache"] == "HIT"
    assert page.get_by_role("alert").is_visible()
    context.close()
    context, page, response, errors = phone_visit(browser, f"http://ptdtnt-bac-ha.localhost:{port}/")
    assert response.status == 200 and page.locator(".alert-banner").count() == 0
    context.close()


def test_album_with_youtube_player_and_lazy_photos_has_no_console_errors(live_portal, phone_page):
    page = phone_page
    csp_violations = []
    page.on(
        "console", lambda message: "Content Security Policy" in message.text and csp_violations.append(message.text)
    )
    response = page.goto(f"http://so.localhost:{live_portal}/thu-vien-anh/hoi-nghi-tong-ket-nam-hoc/")
    assert response.status == 200
    frame = page.locator("iframe")
    assert frame.count() == 1
    assert frame.get_attribute("src").startswith("https://www.youtube-nocookie.com/embed/")
    photos = page.locator(".album-photos img")
    assert photos.count() == 3
    for number in range(photos.count()):  # lazy thumbnails load as they come into view
        photos.nth(number).scroll_into_view_if_needed()
    page.wait_for_function(
        "[...document.querySelectorAll('.album-photos img')].every(img => img.complete && img.naturalWidth > 0)",
        timeout=60000,
    )
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert csp_violations == []
    # Without network to YouTube the frame itself may fail to load; the page's own console stays clean.
    assert [error for error in page.console_errors if "youtube" not in error.lower()] == []
