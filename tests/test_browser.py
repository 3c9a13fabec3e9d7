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
    # Escape gives the focus back to the menu button; Shift+Tab goes back to the search button.
    assert page.evaluate("document.activeElement.getAttribute('aria-controls')") == "main-menu"
    page.keyboard.press("Shift+Tab")
    assert page.evaluate("document.activeElement.closest('form.header-search') !== null")
    # Open again, walk into the menu and follow a link with Enter.
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Trang chủ"
    tab_to(page, "#main-menu a[href$='/tin-tuc/']")
    page.keyboard.press("Enter")
    page.wait_for_url("**/tin-tuc/")
    # The skip link moves the focus to the content itself.
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.keyboard.press("Tab")
    assert page.evaluate("document.getElementById('main').contains(document.activeElement)")
    assert page.console_errors == []


def tab_to(page, selector, key="Tab", limit=80):
    """Press Tab (or Shift+Tab) until the focus is on an element matching the selector."""
    for _press in range(limit):
        page.keyboard.press(key)
        if page.evaluate("selector => document.activeElement.matches(selector)", selector):
            return
    raise AssertionError(f"{selector} is not reachable with {key} ({limit} presses)")


def keyboard_context(browser, width=1280, height=800):
    return browser.new_context(viewport={"width": width, "height": height})


def test_keyboard_user_walks_the_desktop_menu(live_portal, browser, school):
    context = keyboard_context(browser)
    page = context.new_page()
    page.goto(f"http://{school.hostname}:{live_portal}/")
    tab_to(page, "#main-menu a")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Trang chủ"
    tab_to(page, "#main-menu a[href$='/van-ban/']")
    assert page.locator("#main-menu a[href$='/van-ban/']").is_visible()
    page.keyboard.press("Shift+Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Tin tức"
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_url("**/van-ban/")
    assert page.locator("#main-menu a[aria-current=page]").inner_text() == "Văn bản"
    context.close()


def test_keyboard_user_searches_from_the_header(live_portal, browser, school):
    context = keyboard_context(browser)
    page = context.new_page()
    page.goto(f"http://{school.hostname}:{live_portal}/")
    tab_to(page, "#header-q")
    page.keyboard.type("tuyển sinh")
    # Suggestions: arrows move through them, Escape closes them and leaves the text.
    page.locator(".header-search .suggest-list li").first.wait_for()
    page.keyboard.press("ArrowDown")
    assert page.locator("#header-q").get_attribute("aria-activedescendant")
    page.keyboard.press("Escape")
    assert not page.locator(".header-search .suggest-list").is_visible()
    assert page.locator("#header-q").input_value() == "tuyển sinh"
    page.keyboard.press("Enter")
    page.wait_for_url("**/tim-kiem/?q=*")
    assert page.locator("#search-q").input_value() == "tuyển sinh"
    assert page.locator(".hit").count() > 0
    # The scope radios and the sort list are reached and changed with the keyboard too.
    tab_to(page, "input[name=pham_vi]")
    page.keyboard.press("ArrowRight")
    assert page.evaluate("document.activeElement.checked")
    tab_to(page, ".search-form button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url("**pham_vi=*")
    assert page.locator("input[name=pham_vi]:checked").get_attribute("value") in page.url
    context.close()


def test_keyboard_user_filters_the_library(live_portal, browser, school):
    context = keyboard_context(browser)
    page = context.new_page()
    page.goto(f"http://{school.hostname}:{live_portal}/van-ban/")
    tab_to(page, "#f-q")
    page.keyboard.type("kế hoạch")
    # The further filters are folded: Enter on their summary opens them.
    assert not page.locator("#f-type").is_visible()
    tab_to(page, ".more-filters summary")
    page.keyboard.press("Enter")
    assert page.locator("#f-status").is_visible()
    tab_to(page, "#f-type")
    page.keyboard.press("ArrowDown")  # a closed list changes its choice with the arrows
    chosen_type = page.locator("#f-type").input_value()
    assert chosen_type
    tab_to(page, "#f-status")
    page.keyboard.press("ArrowDown")
    chosen_status = page.locator("#f-status").input_value()
    assert chosen_status
    tab_to(page, ".library-filters button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url("**/van-ban/?*")
    assert f"loai={chosen_type}" in page.url and f"tinh-trang={chosen_status}" in page.url
    # What was chosen is still there after the search.
    assert page.locator("#f-q").input_value() == "kế hoạch"
    assert page.locator("#f-type").input_value() == chosen_type
    assert page.locator("#f-status").input_value() == chosen_status
    context.close()


def form_errors(page):
    return page.locator(".form-errors, .errorlist").all_inner_texts()


def test_keyboard_user_sends_a_question_and_fixes_an_error(live_portal, browser, school):
    from home.demo import minimal_pdf
    from questions.models import Question

    context = keyboard_context(browser)
    page = context.new_page()
    page.goto(f"http://{school.hostname}:{live_portal}/hoi-dap/gui-cau-hoi/")
    tab_to(page, "#id_asker_name")
    page.keyboard.type("Giàng A Páo")
    tab_to(page, "#id_topic")  # email and phone left empty on purpose
    page.keyboard.press("ArrowDown")
    topic = page.locator("#id_topic").input_value()
    assert topic
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "id_title"
    page.keyboard.type("Hỏi về học bổng cho học sinh dân tộc nội trú")
    page.keyboard.press("Tab")
    page.keyboard.type("Con tôi học lớp 10, gia đình ở xã Bản Phố. Cháu có được nhận học bổng không?")
    tab_to(page, ".qa-form button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    # The error summary has the focus and links to the field; everything typed is still there.
    assert page.evaluate("document.activeElement.id") == "form-errors"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#id_asker_email"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "id_asker_email"
    assert page.locator("#id_asker_name").input_value() == "Giàng A Páo"
    assert page.locator("#id_topic").input_value() == topic
    assert page.locator("#id_title").input_value() == "Hỏi về học bổng cho học sinh dân tộc nội trú"
    assert "Bản Phố" in page.locator("#id_body").input_value()
    page.keyboard.type("giang.a.pao@example.com")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "id_asker_phone"
    page.keyboard.type("0987 654 321")
    # The attachment: Space on the file field opens the file chooser.
    tab_to(page, "#id_attachment")
    with page.expect_file_chooser() as chooser:
        page.keyboard.press("Space")
    pdf = {"name": "giay-xac-nhan.pdf", "mimeType": "application/pdf", "buffer": minimal_pdf(["Giay xac nhan"])}
    chooser.value.set_files(files=[pdf])
    tab_to(page, ".qa-form button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/hoi-dap/gui-cau-hoi/da-gui/"), form_errors(page)
    code = page.locator(".qa-code").inner_text().strip()
    question = Question.objects.get(code=code)
    assert question.asker_email == "giang.a.pao@example.com" and question.asker_phone == "0987654321"
    assert str(question.topic_id) == topic and question.attachment.name.endswith(".pdf")
    context.close()


FOCUS_PAGES = ["/", "/van-ban/", "/hoi-dap/gui-cau-hoi/", "/ho-tro-tiep-can/"]
FOCUS_VISIBLE_JS = """() => {
    const element = document.activeElement;
    const style = getComputedStyle(element);
    const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2;
    const shadow = style.boxShadow && style.boxShadow !== "none";
    const box = element.getBoundingClientRect();
    return {
        name: element.tagName + (element.id ? "#" + element.id : "") + " "
            + (element.textContent || element.name || "").trim().slice(0, 40),
        indicated: outline || shadow,
        onScreen: box.width > 0 && box.height > 0 && box.bottom > 0 && box.right > 0,
    };
}"""


@pytest.mark.parametrize("width", [360, 1280])
def test_every_focusable_element_shows_where_the_focus_is(live_portal, browser, school, width):
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    missing = []
    for path in FOCUS_PAGES:
        page.goto(f"http://{school.hostname}:{live_portal}{path}")
        seen = 0
        for _press in range(150):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement === document.body"):
                break  # past the last element
            state = page.evaluate(FOCUS_VISIBLE_JS)
            seen += 1
            if not (state["indicated"] and state["onScreen"]):
                missing.append(f"{path}: {state}")
        assert seen > 10, f"{path}: only {seen} elements reached with Tab"
    context.close()
    assert not missing, "focus not visible on:\n" + "\n".join(missing)


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
    with page.expect_navigation():
        page.get_by_role("button", name="Gửi câu hỏi").click()
    assert page.locator(".has-error").get_by_text("Xin ghi thư điện tử hoặc số điện thoại").is_visible()
    assert page.get_by_label("Tiêu đề câu hỏi").input_value() == "Hỏi về lịch học thêm buổi chiều"

    page.get_by_label("Số điện thoại").fill("0912 345 678")
    with page.expect_navigation():
        page.get_by_role("button", name="Gửi câu hỏi").click()
    assert page.url.endswith("/hoi-dap/gui-cau-hoi/da-gui/"), form_errors(page)
    code = page.locator(".qa-code").inner_text().strip()
    assert code.startswith("HD-")
    question = Question.objects.get(code=code)
    assert question.unit == school and question.asker_phone == "0912345678"

    with page.expect_navigation():
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
