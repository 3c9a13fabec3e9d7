"""What a phone shows: a school's home at 360×740 in real headless Chromium."""

import pytest

pytestmark = [pytest.mark.django_db, pytest.mark.browser]


def test_school_home_on_a_phone_menu_reaches_the_news(live_portal, phone_page, school):
    page = phone_page
    page.goto(f"http://{school.hostname}:{live_portal}/")
    assert page.title() == school.name
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    menu = page.locator("#main-menu")
    toggle = page.get_by_role("button", name="Danh mục")
    assert not menu.is_visible()
    assert toggle.get_attribute("aria-expanded") == "false"
    toggle.click()
    assert menu.is_visible()
    assert toggle.get_attribute("aria-expanded") == "true"

    menu.get_by_role("link", name="Tin tức").click()
    page.wait_for_url("**/tin-tuc/")
    assert page.locator("h1").inner_text() == "Tin tức"
    assert page.locator(".card").count() >= 4
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    # Images load (renditions are generated and served), and nothing failed in the console.
    page.locator(".card img").first.scroll_into_view_if_needed()
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.querySelector('.card img').naturalWidth") > 0
    assert page.console_errors == []


def test_keyboard_user_can_skip_to_content_and_use_the_menu(live_portal, phone_page, school):
    page = phone_page
    page.goto(f"http://{school.hostname}:{live_portal}/")
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    assert skip.evaluate("element => element === document.activeElement")
    assert skip.is_visible()
    page.keyboard.press("Tab")  # the brand link
    page.keyboard.press("Tab")  # the search box
    assert page.evaluate("document.activeElement.id") == "header-q"
    page.keyboard.press("Tab")  # its button
    page.keyboard.press("Tab")  # the menu button
    assert page.evaluate("document.activeElement.getAttribute('aria-controls')") == "main-menu"
    page.keyboard.press("Enter")
    assert page.locator("#main-menu").is_visible()
    page.keyboard.press("Escape")
    assert not page.locator("#main-menu").is_visible()
    assert page.console_errors == []


def test_desktop_shows_the_menu_without_a_toggle(live_portal, browser, department):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(f"http://{department.hostname}:{live_portal}/")
    assert page.locator("#main-menu").is_visible()
    assert not page.get_by_role("button", name="Danh mục").is_visible()
    context.close()


def test_parent_on_a_phone_asks_a_question_and_gets_a_code(live_portal, phone_page, school):
    from questions.models import Question

    page = phone_page
    page.goto(f"http://{school.hostname}:{live_portal}/hoi-dap/gui-cau-hoi/")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    # The honeypot is invisible to people.
    assert not page.locator("input[name=website]").is_visible()

    # A first try without a contact keeps what was typed and says what is missing.
    page.get_by_label("Họ và tên").fill("Lò Thị Sinh")
    page.get_by_label("Tiêu đề câu hỏi").fill("Hỏi về lịch học thêm buổi chiều")
    page.get_by_label("Nội dung câu hỏi").fill("Năm nay trường có tổ chức học thêm buổi chiều cho lớp 12 không?")
    page.get_by_role("button", name="Gửi câu hỏi").click()
    page.wait_for_load_state()
    assert page.get_by_text("Xin ghi thư điện tử hoặc số điện thoại").is_visible()
    assert page.get_by_label("Tiêu đề câu hỏi").input_value() == "Hỏi về lịch học thêm buổi chiều"

    page.get_by_label("Số điện thoại").fill("0912 345 678")
    page.get_by_role("button", name="Gửi câu hỏi").click()
    page.wait_for_url("**/hoi-dap/gui-cau-hoi/da-gui/")
    code = page.locator(".qa-code").inner_text().strip()
    assert code.startswith("HD-")
    question = Question.objects.get(code=code)
    assert question.unit == school and question.asker_phone == "0912345678"

    page.get_by_role("link", name="Xem tình trạng câu hỏi").click()
    assert page.get_by_text("Đang xử lý").is_visible()
    assert page.console_errors == []


def test_admin_pages_editors_use_work_under_the_content_security_policy(live_portal, browser, school):
    """The CSP (no inline script) blocks nothing the admin needs: no violation in the console."""
    from news.models import NewsPage

    news = NewsPage.objects.descendant_of(school.home_page).live().first()
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    violations = []
    page.on("console", lambda message: message.type == "error" and violations.append(message.text))
    page.on("pageerror", lambda error: violations.append(str(error)))
    base = f"http://{school.hostname}:{live_portal}"
    page.goto(f"{base}/admin/login/")
    page.locator("input[name=username]").fill(f"{school.code}.quantri")
    page.locator("input[name=password]").fill("sgddt-demo-2026")
    page.locator("form button[type=submit]").click()
    page.wait_for_url(f"{base}/admin/")
    for path in [
        "/admin/",
        f"/admin/pages/{school.home_page_id}/",
        f"/admin/pages/{news.pk}/edit/",
        "/admin/images/",
        "/admin/documents/",
        "/admin/hoi-dap/",
        "/admin/users/",
        "/admin/settings/schoolsite/sitesettings/",
    ]:
        response = page.goto(base + path)
        assert response.status == 200, path
        page.wait_for_load_state("networkidle")
    # The page editor's rich text editor and image chooser really run (scripts were not blocked).
    page.goto(f"{base}/admin/pages/{news.pk}/edit/")
    page.wait_for_selector(".Draftail-Editor", timeout=10_000)
    context.close()
    assert violations == []
